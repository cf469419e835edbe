"""All configuration, read from the environment in this one place.

Each variable is declared once, as a field of ``Settings``: its environment name, default,
parser and meaning together (``setting(...)``). ``Settings.from_env`` loops over the fields,
the README table is generated from them (``secret-graph config --markdown``) and a test keeps
the two equal, so adding a variable is one edit here.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from secret_graph.config_parsing import (
    choices_for,
    comma_list,
    non_negative_fraction,
    number_pairs,
    on_off,
    one_of,
    optional_whole_number,
    positive_number,
    probability,
    secret_bytes,
    secret_list,
    shown,
    text,
    upper,
    verbatim,
    whole_number,
    without_trailing_slash,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The environment describes a configuration the service refuses to run with."""


@dataclass(frozen=True)
class Variable:
    """One environment variable: where it is read, its default as it would be written, and its parser."""

    name: str
    attr: str
    default: str
    help: str
    parse: Callable[[str], Any]
    show: Callable[[Any], str]
    secret: bool = False


def project_path(raw: str) -> Path:
    path = Path(raw)
    return path if path.is_absolute() else PROJECT_ROOT / path


def setting(
    name: str,
    default: str,
    doc: str,
    parse: Callable[[str], Any] = text,
    *,
    secret: bool = False,
) -> Any:
    """Declare a setting: a dataclass field that carries its variable."""
    return field(
        repr=not secret,
        metadata={"variable": Variable(name, "", default, doc, parse, shown, secret)},
    )


@dataclass(frozen=True)
class Settings:
    env: str = setting(
        "SECRET_GRAPH_ENV",
        "development",
        "`development` or `production`; production refuses unsafe settings.",
        one_of("development", "production"),
    )
    pepper: bytes = setting(
        "SECRET_GRAPH_PEPPER",
        "",
        "Secret key for identifier HMACs, pseudonyms and cursors. Required in production; in development a random one is kept in `var/pepper`.",
        secret_bytes,
        secret=True,
    )
    previous_peppers: tuple[bytes, ...] = setting(
        "SECRET_GRAPH_PREVIOUS_PEPPERS",
        "",
        "Every earlier pepper, oldest first, comma-separated: kept after a rotation (`secret-graph rotate-pepper`, see docs/operations.md); in development, earlier lines of `var/pepper`.",
        secret_list,
        secret=True,
    )
    var_dir: Path = setting(
        "SECRET_GRAPH_VAR_DIR",
        "var",
        "Where local state lives: the local Neo4j, the development pepper.",
        project_path,
    )
    neo4j_uri: str = setting(
        "NEO4J_URI",
        "",
        "An existing Neo4j (e.g. `neo4j://host:7687`, Aura). When unset, the local Neo4j is started by the project.",
    )
    neo4j_user: str = setting("NEO4J_USER", "neo4j", "User for `NEO4J_URI`.")
    neo4j_password: str = setting("NEO4J_PASSWORD", "", "Password for `NEO4J_URI`.", verbatim, secret=True)
    neo4j_database: str = setting("NEO4J_DATABASE", "neo4j", "Database name.")
    neo4j_bolt_port: int = setting(
        "SECRET_GRAPH_NEO4J_BOLT_PORT", "7687", "Bolt port of the local Neo4j (127.0.0.1 only).", whole_number
    )
    neo4j_http_port: int = setting(
        "SECRET_GRAPH_NEO4J_HTTP_PORT", "7474", "HTTP port of the local Neo4j; `0` disables HTTP.", whole_number
    )
    neo4j_heap: str = setting("SECRET_GRAPH_NEO4J_HEAP", "1g", "JVM heap of the local Neo4j.")
    neo4j_pagecache: str = setting("SECRET_GRAPH_NEO4J_PAGECACHE", "512m", "Page cache of the local Neo4j.")
    host: str = setting("SECRET_GRAPH_HOST", "127.0.0.1", "Address `secret-graph serve` binds.")
    port: int = setting("SECRET_GRAPH_PORT", "8080", "Port `secret-graph serve` binds.", whole_number)
    workers: int = setting(
        "SECRET_GRAPH_WORKERS",
        "1",
        "Gunicorn worker processes; more than 1 needs a shared `SECRET_GRAPH_RATE_LIMIT_STORAGE` (Redis).",
        whole_number,
    )
    threads: int = setting("SECRET_GRAPH_THREADS", "8", "Threads per gunicorn worker.", whole_number)
    max_body_bytes: int = setting(
        "SECRET_GRAPH_MAX_BODY_BYTES", "1048576", "Largest accepted request body; larger is a 413.", whole_number
    )
    log_level: str = setting("SECRET_GRAPH_LOG_LEVEL", "INFO", "Log level of the JSON request log.", upper)
    sms_backend: str = setting(
        "SECRET_GRAPH_SMS_BACKEND",
        "dev",
        "`dev` (code returned in the API answer, refused in production), `webhook`, or `null`.",
        one_of("dev", "webhook", "null"),
    )
    sms_webhook_url: str = setting(
        "SECRET_GRAPH_SMS_WEBHOOK_URL", "", "URL the `webhook` SMS backend POSTs `{phone, code}` to."
    )
    facebook_backend: str = setting(
        "SECRET_GRAPH_FACEBOOK_BACKEND",
        "dev",
        "How `PUT /v1/me/facebook` proves a Facebook identity: `dev` (the token `dev:<id>:<friend>,<friend>` is "
        "believed, refused in production), `graph` (the Graph API checks a real user access token), or `null` "
        "(linking turned off).",
        one_of("dev", "graph", "null"),
    )
    facebook_app_id: str = setting(
        "SECRET_GRAPH_FACEBOOK_APP_ID", "", "The Facebook app id the `graph` backend checks tokens against."
    )
    facebook_app_secret: str = setting(
        "SECRET_GRAPH_FACEBOOK_APP_SECRET",
        "",
        "The Facebook app secret (for the app access token and `appsecret_proof`).",
        secret=True,
    )
    facebook_graph_url: str = setting(
        "SECRET_GRAPH_FACEBOOK_GRAPH_URL",
        "https://graph.facebook.com/v19.0",
        "Base URL of the Graph API, with its version.",
        without_trailing_slash,
    )
    default_region: str = setting(
        "SECRET_GRAPH_DEFAULT_REGION",
        "",
        "Region used to parse phone numbers given without `+` and without a region.",
        upper,
    )
    max_contacts: int = setting(
        "SECRET_GRAPH_MAX_CONTACTS",
        "5000",
        "Most contacts one request may carry and one account may hold.",
        whole_number,
    )
    codes_per_phone_per_hour: int = setting(
        "SECRET_GRAPH_CODES_PER_PHONE_PER_HOUR", "5", "Sign-in codes one phone may request per hour.", whole_number
    )
    codes_per_address_per_hour: int = setting(
        "SECRET_GRAPH_CODES_PER_ADDRESS_PER_HOUR",
        "20",
        "Sign-in codes one client address may request per hour.",
        whole_number,
    )
    session_ttl_s: int = setting(
        "SECRET_GRAPH_SESSION_TTL_S",
        "2592000",
        "Seconds a session token works after sign-in or refresh; its refresh token works as long again after that.",
        positive_number,
    )
    contact_resets_per_day: int = setting(
        "SECRET_GRAPH_CONTACT_RESETS_PER_DAY",
        "3",
        "Address-book replaces or clears allowed per account per 24 hours (after the first upload).",
        whole_number,
    )
    new_contacts_per_day: int = setting(
        "SECRET_GRAPH_NEW_CONTACTS_PER_DAY",
        "1000",
        "New address-book entries allowed per account per 24 hours after the first upload.",
        whole_number,
    )
    min_cell: int = setting(
        "SECRET_GRAPH_MIN_CELL",
        "5",
        "Analytics counts below this are reported as `<N` (disclosure control).",
        whole_number,
    )
    friend_min_age_s: int = setting(
        "SECRET_GRAPH_FRIEND_MIN_AGE_S",
        "86400",
        "A friend counts towards opening a circle only once their account is this old (seconds).",
        whole_number,
    )
    friend_min_outside: int = setting(
        "SECRET_GRAPH_FRIEND_MIN_OUTSIDE",
        "2",
        "...and only with at least this many friends outside the viewer's own circle.",
        whole_number,
    )
    min_friends: int = setting(
        "SECRET_GRAPH_MIN_FRIENDS",
        "5",
        "Counted friends needed before friend and friend-of-friend posts show (the circle is open).",
        whole_number,
    )
    min_trust: float = setting(
        "SECRET_GRAPH_MIN_TRUST",
        "0",
        "A friend counts towards opening a circle only with a trust score (`secret-graph trust recompute`) at least this; 0 turns the rule off. "
        "See docs/threat-model.md for measured values.",
        non_negative_fraction,
    )
    circle_rule: str = setting(
        "SECRET_GRAPH_CIRCLE_RULE",
        "matching",
        "How counted friends' outside friends may overlap: `matching` (each needs its own, used by no other "
        "counted friend) or `shared` (any may share them). See docs/threat-model.md for the measurements.",
        one_of("matching", "shared"),
    )
    trust_seeds: int = setting(
        "SECRET_GRAPH_TRUST_SEEDS",
        "100",
        "Trusted seeds of the trust score: the most-connected accounts old enough (below).",
        positive_number,
    )
    trust_seed_min_age_s: int = setting(
        "SECRET_GRAPH_TRUST_SEED_MIN_AGE_S",
        "2592000",
        "An account may be a trust seed only once this old (seconds) and with SECRET_GRAPH_MIN_FRIENDS friends.",
        whole_number,
    )
    flag_threshold: int = setting(
        "SECRET_GRAPH_FLAG_THRESHOLD", "3", "Distinct flaggers that hide a post pending review.", whole_number
    )
    deleted_posts_window_s: int = setting(
        "SECRET_GRAPH_DELETED_POSTS_WINDOW_S",
        "604800",
        "Most seconds a deleted account's posts stay (unlinked, same audience), each removed at its own random time.",
        whole_number,
    )
    delivery_jitter_s: int = setting(
        "SECRET_GRAPH_DELIVERY_JITTER_S",
        "",
        "Most seconds a new post waits, at random, before others see it; empty means 300 in production, 0 otherwise.",
        optional_whole_number,
    )
    rate_limits: bool = setting(
        "SECRET_GRAPH_RATE_LIMITS",
        "on",
        "`on` or `off`: the HTTP rate limits per account and per client address (off is for load tests; production refuses it).",
        on_off,
    )
    rate_limit_storage: str = setting(
        "SECRET_GRAPH_RATE_LIMIT_STORAGE",
        "memory://",
        "Where the rate-limit counters live: `memory://` (one worker process) or a Redis URI such as `redis://redis:6379/0` (several workers or hosts).",
    )
    rate_limit_rules: str = setting(
        "SECRET_GRAPH_RATE_LIMIT_RULES",
        "",
        "Overrides of the default limits, e.g. `feeds=300/minute;posts=10/minute|100/minute` (per account, then per address); see docs/operations.md.",
    )
    cors_origins: tuple[str, ...] = setting(
        "SECRET_GRAPH_CORS_ORIGINS",
        "",
        "Comma-separated origins allowed to call the API from a browser; empty means CORS is off.",
        comma_list,
    )
    backgrounds_file: str = setting(
        "SECRET_GRAPH_BACKGROUNDS_FILE",
        "",
        "A JSON catalogue of extra backgrounds (e.g. operator image URLs) merged into the built-in one.",
    )
    # Moderation (docs/moderation.md).
    screening_classifier: str = setting(
        "SECRET_GRAPH_SCREENING_CLASSIFIER",
        "profanity-check",
        "The offensive-language classifier that screens posts and comments: `profanity-check` (alt-profanity-check's "
        "English model), `none`, or `package.module:factory` (a factory taking `threshold=` and returning a signal).",
    )
    screening_threshold: float = setting(
        "SECRET_GRAPH_SCREENING_THRESHOLD",
        "0.8",
        "Probability (0 to 1) from which the classifier calls a text offensive.",
        probability,
    )
    screening_wordlists: str = setting(
        "SECRET_GRAPH_SCREENING_WORDLISTS",
        "",
        "An operator word-list file (`[LANG slur|insult]` sections, one term per line) added to the built-in lists.",
    )
    screening_languages: tuple[str, ...] = setting(
        "SECRET_GRAPH_SCREENING_LANGUAGES",
        "en,fr",
        "Languages whose word lists (built-in and operator) screen texts.",
        comma_list,
    )
    screening_verdicts: tuple[tuple[str, str], ...] = setting(
        "SECRET_GRAPH_SCREENING_VERDICTS",
        "harassment=rethink,insult=publish,offensive=publish,personal_info=rethink,slur=hold",
        "The verdict (`publish`, `rethink`, `hold`) each screening reason gives; the strictest of a text's reasons wins.",
        choices_for(("harassment", "insult", "offensive", "personal_info", "slur"), ("publish", "rethink", "hold")),
    )
    strike_suspensions: tuple[tuple[int, int], ...] = setting(
        "SECRET_GRAPH_STRIKE_SUSPENSIONS",
        "2:1,3:7,5:30",
        "Automatic suspensions, `strikes:days`: reaching a count suspends for its days (beyond the last, the last).",
        number_pairs,
    )
    new_account_days: int = setting(
        "SECRET_GRAPH_NEW_ACCOUNT_DAYS", "3", "Days an account counts as new (tighter daily limits).", whole_number
    )
    new_account_posts_per_day: int = setting(
        "SECRET_GRAPH_NEW_ACCOUNT_POSTS_PER_DAY", "5", "Posts a new account may write per 24 hours.", whole_number
    )
    new_account_comments_per_day: int = setting(
        "SECRET_GRAPH_NEW_ACCOUNT_COMMENTS_PER_DAY",
        "30",
        "Comments a new account may write per 24 hours.",
        whole_number,
    )

    jobs_broker: str = setting(
        "SECRET_GRAPH_JOBS_BROKER",
        "memory://",
        "Where background jobs (notifications, push) queue: `memory://` runs them in the API process (development), "
        "a Redis URI such as `redis://redis:6379/1` queues them for `secret-graph jobs worker`.",
    )
    jobs_retries: int = setting(
        "SECRET_GRAPH_JOBS_RETRIES",
        "5",
        "Retries of a failing job before it goes to the dead-letter list.",
        whole_number,
    )
    jobs_min_backoff_ms: int = setting(
        "SECRET_GRAPH_JOBS_MIN_BACKOFF_MS",
        "1000",
        "First retry delay of a failing job (milliseconds); it doubles with each retry.",
        positive_number,
    )
    jobs_threads: int = setting(
        "SECRET_GRAPH_JOBS_THREADS",
        "2",
        "Worker threads that run jobs (in-process, or per `jobs worker`).",
        positive_number,
    )
    friend_post_notices_per_day: int = setting(
        "SECRET_GRAPH_FRIEND_POST_NOTICES_PER_DAY",
        "3",
        'Most "a friend (of a friend) posted" notifications one account gets per 24 hours.',
        whole_number,
    )
    push_backend: str = setting(
        "SECRET_GRAPH_PUSH_BACKEND",
        "",
        "`dev` (pushes recorded in memory and listed by `GET /v1/me/devices`), `webhook`, or `null`; empty means `dev` "
        "in development and `null` in production.",
        one_of("", "dev", "webhook", "null"),
    )
    push_webhook_url: str = setting(
        "SECRET_GRAPH_PUSH_WEBHOOK_URL", "", "URL the `webhook` push backend POSTs `{platform, token, payload}` to."
    )
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
