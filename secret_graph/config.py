"""All configuration, read from the environment in this one place.

Each variable is declared once, as a field of ``Settings``: its environment name, default,
parser and meaning together (``setting(...)``). The fields are declared by area, in
``secret_graph/config_areas/`` (the service, accounts, circles, the HTTP edges, moderation,
jobs) and here (images and media); ``Settings`` joins them. ``Settings.from_env`` loops over
the fields, the README table is generated from them (``secret-graph config --markdown``) and
a test keeps the two equal, so adding a variable is one edit.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from secret_graph.config_areas import PROJECT_ROOT as PROJECT_ROOT  # re-exported: the project's root directory
from secret_graph.config_areas import Variable, setting
from secret_graph.config_areas.accounts import AccountSettings
from secret_graph.config_areas.circles import CircleSettings
from secret_graph.config_areas.http import HttpSettings
from secret_graph.config_areas.jobs import JobSettings
from secret_graph.config_areas.moderation import ModerationSettings
from secret_graph.config_areas.service import ServiceSettings
from secret_graph.config_parsing import on_off, one_of, verbatim, without_trailing_slash


class ConfigError(RuntimeError):
    """The environment describes a configuration the service refuses to run with."""


@dataclass(frozen=True)
class Settings(JobSettings, ModerationSettings, HttpSettings, CircleSettings, AccountSettings, ServiceSettings):
    # Dataclass fields come base by base from the last base to the first, then the class's own:
    # ServiceSettings's first, these below last. That order is the README table's and from_env's.
    backgrounds_from_posts: bool = setting(
        "SECRET_GRAPH_BACKGROUNDS_FROM_POSTS",
        "off",
        "`on` or `off`: `GET /v1/backgrounds` also proposes recent images of posts sharing a keyword with the text (never of removed posts).",
        on_off,
    )
    media_backend: str = setting(
        "SECRET_GRAPH_MEDIA_BACKEND",
        "local",
        "Where uploaded images are stored: `local` (a directory, served by the API) or `s3` (an S3-compatible bucket; needs the `s3` extra).",
        one_of("local", "s3"),
    )
    media_dir: str = setting(
        "SECRET_GRAPH_MEDIA_DIR",
        "",
        "Directory of the `local` media store; empty means `var/media` under the var directory.",
    )
    media_url: str = setting(
        "SECRET_GRAPH_MEDIA_URL",
        "/v1/media",
        "Base address clients load images from: `/v1/media` for the `local` store, the bucket's public URL (or a CDN) for `s3`.",
        without_trailing_slash,
    )
    media_s3_endpoint: str = setting(
        "SECRET_GRAPH_MEDIA_S3_ENDPOINT", "", "S3 endpoint URL (e.g. `http://minio:9000`); empty means AWS."
    )
    media_s3_bucket: str = setting("SECRET_GRAPH_MEDIA_S3_BUCKET", "", "Bucket of the `s3` media store.")
    media_s3_region: str = setting("SECRET_GRAPH_MEDIA_S3_REGION", "", "Region of the bucket.")
    media_s3_access_key: str = setting("SECRET_GRAPH_MEDIA_S3_ACCESS_KEY", "", "Access key of the `s3` media store.")
    media_s3_secret_key: str = setting(
        "SECRET_GRAPH_MEDIA_S3_SECRET_KEY", "", "Secret key of the `s3` media store.", verbatim, secret=True
    )

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def peppers(self) -> tuple[bytes, ...]:
        """Every pepper, oldest first: what the keyring is made of."""
        return (*self.previous_peppers, self.pepper)

    @property
    def uses_local_neo4j(self) -> bool:
        return not self.neo4j_uri

    @property
    def local_bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.neo4j_bolt_port}"

    @property
    def bolt_uri(self) -> str:
        return self.neo4j_uri or self.local_bolt_uri

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from the environment, refusing unsafe production setups."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for variable in VARIABLES:
            raw = env.get(variable.name, variable.default)
            raw = raw if variable.parse is verbatim else raw.strip()
            try:
                values[variable.attr] = variable.parse(raw)
            except ValueError as error:
                raise ConfigError(f"{variable.name} {error}") from None
        production = values["env"] == "production"
        if not values["pepper"] and not production:  # development: var/pepper, one pepper a line, newest last
            *values["previous_peppers"], values["pepper"] = _dev_peppers(values["var_dir"])
            values["previous_peppers"] = tuple(values["previous_peppers"])
        values["pepper"] = _pepper(values["pepper"], production=production, var_dir=values["var_dir"])
        if any(len(old) < 32 for old in values["previous_peppers"]):
            raise ConfigError("every SECRET_GRAPH_PREVIOUS_PEPPERS entry must be at least 32 characters")
        if values["delivery_jitter_s"] is None:
            values["delivery_jitter_s"] = 300 if production else 0
        if not values["push_backend"]:
            values["push_backend"] = "null" if production else "dev"
        settings = cls(**values)
        for problem in _refusals(settings):
            raise ConfigError(problem)
        settings.check_workers(settings.workers)
        return settings

    def check_workers(self, workers: int) -> None:
        """Refuse several worker processes counting rate limits each in its own memory."""
        if workers < 1:
            raise ConfigError(f"SECRET_GRAPH_WORKERS must be at least 1, got {workers}")
        if workers > 1 and self.rate_limits and self.rate_limit_storage.startswith("memory://"):
            # Each process would keep its own counters, so N workers would allow N times the
            # documented limits. One process with more threads enforces them exactly.
            raise ConfigError(
                f"{workers} workers with SECRET_GRAPH_RATE_LIMIT_STORAGE=memory:// would each count rate limits on "
                "their own; use 1 worker (raise SECRET_GRAPH_THREADS) or a shared storage such as redis://"
            )

    def describe(self) -> dict[str, str]:
        """Current values as they would be set, with secrets masked."""
        shown = {}
        for variable in VARIABLES:
            value = getattr(self, variable.attr)
            shown[variable.name] = "***" if variable.secret and value else variable.show(value)
        return shown


VARIABLES: tuple[Variable, ...] = tuple(
    replace(declaration.metadata["variable"], attr=declaration.name) for declaration in fields(Settings)
)


def _refusals(settings: Settings) -> list[str]:
    """Combinations the service will not run with."""
    problems = []
    if settings.production and settings.sms_backend == "dev":
        problems.append("SECRET_GRAPH_SMS_BACKEND=dev would hand sign-in codes to anyone; production refuses it")
    if settings.production and not settings.rate_limits:
        problems.append("SECRET_GRAPH_RATE_LIMITS=off leaves the API open to flooding; production refuses it")
    if settings.sms_backend == "webhook" and not settings.sms_webhook_url:
        problems.append("SECRET_GRAPH_SMS_BACKEND=webhook needs SECRET_GRAPH_SMS_WEBHOOK_URL")
    if settings.push_backend == "webhook" and not settings.push_webhook_url:
        problems.append("SECRET_GRAPH_PUSH_BACKEND=webhook needs SECRET_GRAPH_PUSH_WEBHOOK_URL")
    if settings.production and settings.push_backend == "dev":
        problems.append("SECRET_GRAPH_PUSH_BACKEND=dev keeps every push in memory; production refuses it")
    if settings.production and settings.facebook_backend == "dev":
        problems.append(
            "SECRET_GRAPH_FACEBOOK_BACKEND=dev lets anyone claim any Facebook account; production refuses it"
        )
    if settings.facebook_backend == "graph" and not (settings.facebook_app_id and settings.facebook_app_secret):
        problems.append(
            "SECRET_GRAPH_FACEBOOK_BACKEND=graph needs SECRET_GRAPH_FACEBOOK_APP_ID and SECRET_GRAPH_FACEBOOK_APP_SECRET"
        )
    if settings.media_backend == "s3" and not settings.media_s3_bucket:
        problems.append("SECRET_GRAPH_MEDIA_BACKEND=s3 needs SECRET_GRAPH_MEDIA_S3_BUCKET")
    return problems


def markdown_table() -> str:
    """The README's configuration table, generated from the declarations."""
    rows = ["| variable | default | what it does |", "|---|---|---|"]
    for v in VARIABLES:
        default = f"`{v.default}`" if v.default else "(empty)"
        rows.append(f"| `{v.name}` | {default} | {v.help} |")
    return "\n".join(rows)


def _dev_peppers(var_dir: Path) -> list[bytes]:
    """The development peppers in var/pepper (generated once), oldest first."""
    _pepper(b"", production=False, var_dir=var_dir)
    return [line.strip().encode() for line in (var_dir / "pepper").read_text().splitlines() if line.strip()]


def _pepper(raw: bytes, *, production: bool, var_dir: Path) -> bytes:
    """The configured pepper; in development, one generated once and kept under var/."""
    if raw:
        if len(raw) < 32:
            raise ConfigError("SECRET_GRAPH_PEPPER must be at least 32 characters")
        return raw
    if production:
        raise ConfigError("SECRET_GRAPH_PEPPER is required when SECRET_GRAPH_ENV=production")
    path = var_dir / "pepper"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting together must not write two different peppers.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().split()[-1].strip().encode()
