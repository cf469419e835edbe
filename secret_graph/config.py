"""All configuration, read from the environment in this one place.

Every variable is declared once in ``VARIABLES`` with its default and meaning;
the README table is checked against this list by a test.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The environment describes a configuration the service refuses to run with."""


@dataclass(frozen=True)
class Variable:
    name: str
    attr: str
    default: str
    help: str
    secret: bool = False


VARIABLES: tuple[Variable, ...] = (
    Variable(
        "SECRET_GRAPH_ENV", "env", "development", "`development` or `production`; production refuses unsafe settings."
    ),
    Variable(
        "SECRET_GRAPH_PEPPER",
        "pepper",
        "",
        "Secret key for identifier HMACs, pseudonyms and cursors. Required in production; in development a random one is kept in `var/pepper`.",
        secret=True,
    ),
    Variable(
        "SECRET_GRAPH_VAR_DIR", "var_dir", "var", "Where local state lives: the local Neo4j, the development pepper."
    ),
    Variable(
        "NEO4J_URI",
        "neo4j_uri",
        "",
        "An existing Neo4j (e.g. `neo4j://host:7687`, Aura). When unset, the local Neo4j is started by the project.",
    ),
    Variable("NEO4J_USER", "neo4j_user", "neo4j", "User for `NEO4J_URI`."),
    Variable("NEO4J_PASSWORD", "neo4j_password", "", "Password for `NEO4J_URI`.", secret=True),
    Variable("NEO4J_DATABASE", "neo4j_database", "neo4j", "Database name."),
    Variable(
        "SECRET_GRAPH_NEO4J_BOLT_PORT", "neo4j_bolt_port", "7687", "Bolt port of the local Neo4j (127.0.0.1 only)."
    ),
    Variable(
        "SECRET_GRAPH_NEO4J_HTTP_PORT", "neo4j_http_port", "7474", "HTTP port of the local Neo4j; `0` disables HTTP."
    ),
    Variable("SECRET_GRAPH_NEO4J_HEAP", "neo4j_heap", "1g", "JVM heap of the local Neo4j."),
    Variable("SECRET_GRAPH_NEO4J_PAGECACHE", "neo4j_pagecache", "512m", "Page cache of the local Neo4j."),
    Variable("SECRET_GRAPH_HOST", "host", "127.0.0.1", "Address `secret-graph serve` binds."),
    Variable("SECRET_GRAPH_PORT", "port", "8080", "Port `secret-graph serve` binds."),
    Variable(
        "SECRET_GRAPH_WORKERS",
        "workers",
        "1",
        "Gunicorn worker processes; more than 1 needs a shared `SECRET_GRAPH_RATE_LIMIT_STORAGE` (Redis).",
    ),
    Variable("SECRET_GRAPH_THREADS", "threads", "8", "Threads per gunicorn worker."),
    Variable(
        "SECRET_GRAPH_MAX_BODY_BYTES", "max_body_bytes", "1048576", "Largest accepted request body; larger is a 413."
    ),
    Variable("SECRET_GRAPH_LOG_LEVEL", "log_level", "INFO", "Log level of the JSON request log."),
    Variable(
        "SECRET_GRAPH_SMS_BACKEND",
        "sms_backend",
        "dev",
        "`dev` (code returned in the API answer, refused in production), `webhook`, or `null`.",
    ),
    Variable(
        "SECRET_GRAPH_SMS_WEBHOOK_URL", "sms_webhook_url", "", "URL the `webhook` SMS backend POSTs `{phone, code}` to."
    ),
    Variable(
        "SECRET_GRAPH_FACEBOOK_BACKEND",
        "facebook_backend",
        "dev",
        "How `PUT /v1/me/facebook` proves a Facebook identity: `dev` (the token `dev:<id>:<friend>,<friend>` is "
        "believed, refused in production), `graph` (the Graph API checks a real user access token), or `null` "
        "(linking turned off).",
    ),
    Variable(
        "SECRET_GRAPH_FACEBOOK_APP_ID",
        "facebook_app_id",
        "",
        "The Facebook app id the `graph` backend checks tokens against.",
    ),
    Variable(
        "SECRET_GRAPH_FACEBOOK_APP_SECRET",
        "facebook_app_secret",
        "",
        "The Facebook app secret (for the app access token and `appsecret_proof`).",
        secret=True,
    ),
    Variable(
        "SECRET_GRAPH_FACEBOOK_GRAPH_URL",
        "facebook_graph_url",
        "https://graph.facebook.com/v19.0",
        "Base URL of the Graph API, with its version.",
    ),
    Variable(
        "SECRET_GRAPH_DEFAULT_REGION",
        "default_region",
        "",
        "Region used to parse phone numbers given without `+` and without a region.",
    ),
    Variable(
        "SECRET_GRAPH_MAX_CONTACTS",
        "max_contacts",
        "5000",
        "Most contacts one request may carry and one account may hold.",
    ),
    Variable(
        "SECRET_GRAPH_CODES_PER_PHONE_PER_HOUR",
        "codes_per_phone_per_hour",
        "5",
        "Sign-in codes one phone may request per hour.",
    ),
    Variable(
        "SECRET_GRAPH_CODES_PER_ADDRESS_PER_HOUR",
        "codes_per_address_per_hour",
        "20",
        "Sign-in codes one client address may request per hour.",
    ),
    Variable(
        "SECRET_GRAPH_SESSION_TTL_S",
        "session_ttl_s",
        "2592000",
        "Seconds a session token works after sign-in or refresh; its refresh token works as long again after that.",
    ),
    Variable(
        "SECRET_GRAPH_CONTACT_RESETS_PER_DAY",
        "contact_resets_per_day",
        "3",
        "Address-book replaces or clears allowed per account per 24 hours (after the first upload).",
    ),
    Variable(
        "SECRET_GRAPH_NEW_CONTACTS_PER_DAY",
        "new_contacts_per_day",
        "1000",
        "New address-book entries allowed per account per 24 hours after the first upload.",
    ),
    Variable(
        "SECRET_GRAPH_MIN_CELL",
        "min_cell",
        "5",
        "Analytics counts below this are reported as `<N` (disclosure control).",
    ),
    Variable(
        "SECRET_GRAPH_FRIEND_MIN_AGE_S",
        "friend_min_age_s",
        "86400",
        "A friend counts towards opening a circle only once their account is this old (seconds).",
    ),
    Variable(
        "SECRET_GRAPH_FRIEND_MIN_OUTSIDE",
        "friend_min_outside",
        "2",
        "...and only with at least this many friends outside the viewer's own circle.",
    ),
    Variable(
        "SECRET_GRAPH_MIN_FRIENDS",
        "min_friends",
        "5",
        "Counted friends needed before friend and friend-of-friend posts show (the circle is open).",
    ),
    Variable(
        "SECRET_GRAPH_FLAG_THRESHOLD", "flag_threshold", "3", "Distinct flaggers that hide a post pending review."
    ),
    Variable(
        "SECRET_GRAPH_DELIVERY_JITTER_S",
        "delivery_jitter_s",
        "",
        "Most seconds a new post waits, at random, before others see it; empty means 300 in production, 0 otherwise.",
    ),
    Variable(
        "SECRET_GRAPH_RATE_LIMITS",
        "rate_limits",
        "on",
        "`on` or `off`: the HTTP rate limits per account and per client address (off is for load tests; production refuses it).",
    ),
    Variable(
        "SECRET_GRAPH_RATE_LIMIT_STORAGE",
        "rate_limit_storage",
        "memory://",
        "Where the rate-limit counters live: `memory://` (one worker process) or a Redis URI such as `redis://redis:6379/0` (several workers or hosts).",
    ),
    Variable(
        "SECRET_GRAPH_RATE_LIMIT_RULES",
        "rate_limit_rules",
        "",
        "Overrides of the default limits, e.g. `feeds=300/minute;posts=10/minute|100/minute` (per account, then per address); see docs/operations.md.",
    ),
    Variable(
        "SECRET_GRAPH_CORS_ORIGINS",
        "cors_origins",
        "",
        "Comma-separated origins allowed to call the API from a browser; empty means CORS is off.",
    ),
    Variable(
        "SECRET_GRAPH_BACKGROUNDS_FILE",
        "backgrounds_file",
        "",
        "A JSON catalogue of extra backgrounds (e.g. operator image URLs) merged into the built-in one.",
    ),
)

_BY_NAME = {v.name: v for v in VARIABLES}


def markdown_table() -> str:
    """The README's configuration table, generated from VARIABLES."""
    rows = ["| variable | default | what it does |", "|---|---|---|"]
    for v in VARIABLES:
        default = f"`{v.default}`" if v.default else "(empty)"
        rows.append(f"| `{v.name}` | {default} | {v.help} |")
    return "\n".join(rows)


@dataclass(frozen=True)
class Settings:
    env: str
    pepper: bytes = field(repr=False)
    var_dir: Path
    neo4j_uri: str
    neo4j_user: str
    neo4j_password: str = field(repr=False)
    neo4j_database: str
    neo4j_bolt_port: int
    neo4j_http_port: int
    neo4j_heap: str
    neo4j_pagecache: str
    host: str
    port: int
    workers: int
    threads: int
    max_body_bytes: int
    log_level: str
    sms_backend: str
    sms_webhook_url: str
    default_region: str
    max_contacts: int
    codes_per_phone_per_hour: int
    min_cell: int
    codes_per_address_per_hour: int
    session_ttl_s: int
    contact_resets_per_day: int
    new_contacts_per_day: int
    friend_min_age_s: int
    friend_min_outside: int
    min_friends: int
    flag_threshold: int
    delivery_jitter_s: int
    backgrounds_file: str
    rate_limits: bool = True
    rate_limit_storage: str = "memory://"
    rate_limit_rules: str = ""
    cors_origins: tuple[str, ...] = ()
    facebook_backend: str = "dev"
    facebook_app_id: str = ""
    facebook_app_secret: str = field(default="", repr=False)
    facebook_graph_url: str = "https://graph.facebook.com/v19.0"

    @property
    def production(self) -> bool:
        return self.env == "production"

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

        def get(name: str) -> str:
            return env.get(name, _BY_NAME[name].default).strip()

        def get_int(name: str) -> int:
            raw = get(name)
            try:
                return int(raw)
            except ValueError:
                raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None

        mode = get("SECRET_GRAPH_ENV")
        if mode not in ("development", "production"):
            raise ConfigError(f"SECRET_GRAPH_ENV must be development or production, got {mode!r}")
        var_dir = Path(get("SECRET_GRAPH_VAR_DIR"))
        if not var_dir.is_absolute():
            var_dir = PROJECT_ROOT / var_dir
        sms_backend = get("SECRET_GRAPH_SMS_BACKEND")
        if sms_backend not in ("dev", "webhook", "null"):
            raise ConfigError(f"SECRET_GRAPH_SMS_BACKEND must be dev, webhook or null, got {sms_backend!r}")
        if mode == "production" and sms_backend == "dev":
            raise ConfigError("SECRET_GRAPH_SMS_BACKEND=dev would hand sign-in codes to anyone; production refuses it")
        rate_limits = get("SECRET_GRAPH_RATE_LIMITS").lower()
        if rate_limits not in ("on", "off"):
            raise ConfigError(f"SECRET_GRAPH_RATE_LIMITS must be on or off, got {rate_limits!r}")
        if mode == "production" and rate_limits == "off":
            raise ConfigError("SECRET_GRAPH_RATE_LIMITS=off leaves the API open to flooding; production refuses it")
        if get_int("SECRET_GRAPH_SESSION_TTL_S") <= 0:
            raise ConfigError("SECRET_GRAPH_SESSION_TTL_S must be a positive number of seconds")
        if sms_backend == "webhook" and not get("SECRET_GRAPH_SMS_WEBHOOK_URL"):
            raise ConfigError("SECRET_GRAPH_SMS_BACKEND=webhook needs SECRET_GRAPH_SMS_WEBHOOK_URL")
        facebook_backend = get("SECRET_GRAPH_FACEBOOK_BACKEND")
        if facebook_backend not in ("dev", "graph", "null"):
            raise ConfigError(f"SECRET_GRAPH_FACEBOOK_BACKEND must be dev, graph or null, got {facebook_backend!r}")
        if mode == "production" and facebook_backend == "dev":
            raise ConfigError(
                "SECRET_GRAPH_FACEBOOK_BACKEND=dev lets anyone claim any Facebook account; production refuses it"
            )
        if facebook_backend == "graph" and not (
            get("SECRET_GRAPH_FACEBOOK_APP_ID") and get("SECRET_GRAPH_FACEBOOK_APP_SECRET")
        ):
            raise ConfigError(
                "SECRET_GRAPH_FACEBOOK_BACKEND=graph needs SECRET_GRAPH_FACEBOOK_APP_ID and SECRET_GRAPH_FACEBOOK_APP_SECRET"
            )
        settings = cls(
            env=mode,
            pepper=_pepper(get("SECRET_GRAPH_PEPPER"), production=mode == "production", var_dir=var_dir),
            var_dir=var_dir,
            neo4j_uri=get("NEO4J_URI"),
            neo4j_user=get("NEO4J_USER"),
            neo4j_password=env.get("NEO4J_PASSWORD", ""),
            neo4j_database=get("NEO4J_DATABASE"),
            neo4j_bolt_port=get_int("SECRET_GRAPH_NEO4J_BOLT_PORT"),
            neo4j_http_port=get_int("SECRET_GRAPH_NEO4J_HTTP_PORT"),
            neo4j_heap=get("SECRET_GRAPH_NEO4J_HEAP"),
            neo4j_pagecache=get("SECRET_GRAPH_NEO4J_PAGECACHE"),
            host=get("SECRET_GRAPH_HOST"),
            port=get_int("SECRET_GRAPH_PORT"),
            workers=get_int("SECRET_GRAPH_WORKERS"),
            threads=get_int("SECRET_GRAPH_THREADS"),
            max_body_bytes=get_int("SECRET_GRAPH_MAX_BODY_BYTES"),
            log_level=get("SECRET_GRAPH_LOG_LEVEL").upper(),
            sms_backend=sms_backend,
            sms_webhook_url=get("SECRET_GRAPH_SMS_WEBHOOK_URL"),
            default_region=get("SECRET_GRAPH_DEFAULT_REGION").upper(),
            max_contacts=get_int("SECRET_GRAPH_MAX_CONTACTS"),
            codes_per_phone_per_hour=get_int("SECRET_GRAPH_CODES_PER_PHONE_PER_HOUR"),
            min_cell=get_int("SECRET_GRAPH_MIN_CELL"),
            codes_per_address_per_hour=get_int("SECRET_GRAPH_CODES_PER_ADDRESS_PER_HOUR"),
            session_ttl_s=get_int("SECRET_GRAPH_SESSION_TTL_S"),
            contact_resets_per_day=get_int("SECRET_GRAPH_CONTACT_RESETS_PER_DAY"),
            new_contacts_per_day=get_int("SECRET_GRAPH_NEW_CONTACTS_PER_DAY"),
            friend_min_age_s=get_int("SECRET_GRAPH_FRIEND_MIN_AGE_S"),
            friend_min_outside=get_int("SECRET_GRAPH_FRIEND_MIN_OUTSIDE"),
            min_friends=get_int("SECRET_GRAPH_MIN_FRIENDS"),
            flag_threshold=get_int("SECRET_GRAPH_FLAG_THRESHOLD"),
            delivery_jitter_s=get_int("SECRET_GRAPH_DELIVERY_JITTER_S")
            if get("SECRET_GRAPH_DELIVERY_JITTER_S")
            else (300 if mode == "production" else 0),
            backgrounds_file=get("SECRET_GRAPH_BACKGROUNDS_FILE"),
            rate_limits=rate_limits == "on",
            rate_limit_storage=get("SECRET_GRAPH_RATE_LIMIT_STORAGE"),
            rate_limit_rules=get("SECRET_GRAPH_RATE_LIMIT_RULES"),
            cors_origins=tuple(o.strip() for o in get("SECRET_GRAPH_CORS_ORIGINS").split(",") if o.strip()),
            facebook_backend=facebook_backend,
            facebook_app_id=get("SECRET_GRAPH_FACEBOOK_APP_ID"),
            facebook_app_secret=env.get("SECRET_GRAPH_FACEBOOK_APP_SECRET", "").strip(),
            facebook_graph_url=get("SECRET_GRAPH_FACEBOOK_GRAPH_URL").rstrip("/"),
        )
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
        """Current values for display, with secrets masked."""
        shown = {}
        for variable in VARIABLES:
            value = getattr(self, variable.attr)
            shown[variable.name] = "***" if variable.secret and value else _as_set(value)
        return shown


def _as_set(value: object) -> str:
    """A value spelled as its variable would be set: `on`/`off`, comma lists, bytes as text."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, tuple | list):
        return ",".join(str(item) for item in value)
    if isinstance(value, bytes):
        return value.decode()
    return str(value)


def _pepper(raw: str, *, production: bool, var_dir: Path) -> bytes:
    """The configured pepper; in development, one generated once and kept under var/."""
    if raw:
        if len(raw) < 32:
            raise ConfigError("SECRET_GRAPH_PEPPER must be at least 32 characters")
        return raw.encode()
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
    return path.read_text().strip().encode()
