"""Where image files live: a local directory by default, an S3-compatible bucket by configuration.

Keys are the service's own (a random id and an extension), never anything a client sent, so a
key can be checked against KEY before it touches a path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Protocol

from secret_graph.config import Settings

KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}\.(jpg|png)$")
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


class MediaStore(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store the file under ``key`` (overwrites nothing: keys are random)."""

    def get(self, key: str) -> bytes | None:
        """The file's bytes, or None when there is no such file."""

    def delete(self, key: str) -> None:
        """Remove the file; no error when it is already gone."""

    def url(self, key: str) -> str:
        """The address clients load the file from."""


def valid_key(key: str) -> bool:
    return bool(KEY.fullmatch(key))  # fullmatch: `$` would let a trailing newline through


class LocalStore:
    """A directory on this host (``var/media``), served by the API at /v1/media/<key>."""

    def __init__(self, root: Path, base_url: str = "/v1/media") -> None:
        self.root = root
        self.base_url = base_url.rstrip("/")

    def _path(self, key: str) -> Path:
        if not valid_key(key):
            raise ValueError("not a media key")
        return self.root / key[:2] / key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".part")
        temporary.write_bytes(data)
        os.replace(temporary, path)  # readers never see half a file

    def get(self, key: str) -> bytes | None:
        if not valid_key(key):
            return None
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def url(self, key: str) -> str:
        return f"{self.base_url}/{key}"


class S3Store:
    """An S3-compatible bucket (AWS S3, MinIO...). Needs the `s3` extra (boto3).

    Files are written with their exact Content-Type and long cache headers; clients load them from
    SECRET_GRAPH_MEDIA_URL (the bucket's public address or a CDN in front of it, which should add
    `X-Content-Type-Options: nosniff`: S3 cannot set that header itself; see docs/images.md)."""

    def __init__(self, settings: Settings) -> None:
        import boto3  # the `s3` extra: only deployments that use a bucket need it

        self.bucket = settings.media_s3_bucket
        self.base_url = settings.media_url.rstrip("/")
        self.client = boto3.client(
            "s3",
            endpoint_url=settings.media_s3_endpoint or None,
            region_name=settings.media_s3_region or None,
            aws_access_key_id=settings.media_s3_access_key or None,
            aws_secret_access_key=settings.media_s3_secret_key or None,
        )

    def put(self, key: str, data: bytes, content_type: str) -> None:
        if not valid_key(key):
            raise ValueError("not a media key")
        self.client.put_object(
            Bucket=self.bucket,
            Key=key,
            Body=data,
            ContentType=content_type,
            CacheControl="public, max-age=31536000, immutable",
        )

    def get(self, key: str) -> bytes | None:
        if not valid_key(key):
            return None
        try:
            return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def url(self, key: str) -> str:
        return f"{self.base_url}/{key}"


def from_settings(settings: Settings) -> MediaStore:
    """The store named by SECRET_GRAPH_MEDIA_BACKEND."""
    if settings.media_backend == "s3":
        return S3Store(settings)
    root = settings.media_dir or settings.var_dir / "media"
    return LocalStore(Path(root), settings.media_url)
