"""The service itself: development or production, the peppers, local state, Neo4j, the HTTP server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from secret_graph.config_areas import project_path, setting
from secret_graph.config_parsing import one_of, secret_bytes, secret_list, upper, verbatim, whole_number


@dataclass(frozen=True)
class ServiceSettings:
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
