"""A local Neo4j of the test's own, for tests that stop, kill or replace the server: doing that
to the suite's shared one would break every other test."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path

from secret_graph.config import PROJECT_ROOT, Settings
from secret_graph.localneo4j import LocalNeo4j, free_port


@contextlib.contextmanager
def own_neo4j(settings: Settings, tmp_path: Path) -> Iterator[tuple[LocalNeo4j, Settings]]:
    """A started server under ``tmp_path``, and settings that use it as *the local* Neo4j."""
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    (var_dir / "neo4j-lib").symlink_to(PROJECT_ROOT / "var" / "neo4j-lib")
    local = dataclasses.replace(
        settings,
        neo4j_uri="",
        var_dir=var_dir,
        neo4j_bolt_port=free_port(),
        neo4j_http_port=0,
        neo4j_heap="512m",
        neo4j_pagecache="128m",
    )
    server = LocalNeo4j.from_settings(local)
    server.start()
    try:
        yield server, local
    finally:
        server.stop()
