"""The media stores behind secret_graph/adapters/media.py: local directory and S3 (moto's in-memory S3)."""

from __future__ import annotations

import dataclasses

import pytest

from secret_graph.adapters import media
from secret_graph.config import Settings

KEY = "AbCdEfGhIjKlMnOpQrStUvWx.jpg"


def test_the_local_store_keeps_files_under_their_key_only(tmp_path):
    store = media.LocalStore(tmp_path, "/v1/media/")
    store.put(KEY, b"jpeg bytes", "image/jpeg")
    assert store.get(KEY) == b"jpeg bytes" and store.url(KEY) == f"/v1/media/{KEY}"
    assert not list(tmp_path.rglob("*.part"))
    for bad in ("../pepper", "a/b.jpg", "short.jpg", KEY.replace(".jpg", ".html"), KEY + "\n"):
        assert store.get(bad) is None
        with pytest.raises(ValueError):
            store.put(bad, b"x", "image/jpeg")
    store.delete(KEY)
    store.delete(KEY)  # already gone: no error
    assert store.get(KEY) is None


def test_the_s3_store_writes_cache_headers_and_content_type():
    moto = pytest.importorskip("moto")
    boto3 = pytest.importorskip("boto3")
    settings = Settings.from_env(
        {
            "SECRET_GRAPH_PEPPER": "p" * 32,
            "SECRET_GRAPH_MEDIA_BACKEND": "s3",
            "SECRET_GRAPH_MEDIA_S3_BUCKET": "media",
            "SECRET_GRAPH_MEDIA_S3_REGION": "us-east-1",
            "SECRET_GRAPH_MEDIA_S3_ACCESS_KEY": "test",
            "SECRET_GRAPH_MEDIA_S3_SECRET_KEY": "test",
            "SECRET_GRAPH_MEDIA_URL": "https://media.example.org/",
        }
    )
    with moto.mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="media")
        store = media.from_settings(settings)
        assert isinstance(store, media.S3Store)
        store.put(KEY, b"jpeg bytes", "image/jpeg")
        head = store.client.head_object(Bucket="media", Key=KEY)
        assert head["ContentType"] == "image/jpeg" and "immutable" in head["CacheControl"]
        assert store.get(KEY) == b"jpeg bytes" and store.get("../x") is None
        assert store.url(KEY) == f"https://media.example.org/{KEY}"
        store.delete(KEY)
        assert store.get(KEY) is None


def test_s3_needs_a_bucket():
    with pytest.raises(Exception, match="SECRET_GRAPH_MEDIA_S3_BUCKET"):
        Settings.from_env({"SECRET_GRAPH_PEPPER": "p" * 32, "SECRET_GRAPH_MEDIA_BACKEND": "s3"})


def test_a_context_built_by_hand_gets_the_configured_store(ctx):
    bare = dataclasses.replace(ctx, media=None)
    assert isinstance(bare.media, media.LocalStore)
    assert bare.media.root == ctx.settings.var_dir / "media"
