"""Backups of the local Neo4j with its own tools: ``neo4j-admin database dump`` and ``load``.

Community edition dumps and loads offline only, so both commands stop the local server, run the
tool and start the server again if it was running. A backup is one tar file: the dump (which holds
every node, the migrations' own records included) and a manifest naming the applied migrations,
so a restore can refuse a dump from a newer schema before it replaces anything.
For an external Neo4j or Aura see docs/operations.md (online backup, snapshots).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from neo4j import unit_of_work

from secret_graph.clock import SystemClock
from secret_graph.config import Settings
from secret_graph.db import migrations
from secret_graph.db.cypher import backup as backup_cypher
from secret_graph.db.cypher import migrations as migrations_cypher
from secret_graph.db.database import Database
from secret_graph.localneo4j import LocalNeo4j, ensure_jars, java_binary

FORMAT = "secret-graph-backup/1"
ADMIN_ENTRY_POINT = "org.neo4j.cli.AdminTool"
_DUMP = "neo4j.dump"
_MANIFEST = "manifest.json"

Log = Callable[[str], None]


class BackupError(RuntimeError):
    pass


def backup(settings: Settings, path: Path, *, log: Log = print) -> dict[str, Any]:
    """Dump the local Neo4j into ``path`` (stopping it meanwhile); returns the manifest."""
    server = _local(settings)
    was_running = server.pid() is not None
    if not was_running:
        log("starting the local Neo4j to read the applied migrations")
        server.start(log=log)
    applied = _applied(settings)
    log("stopping the local Neo4j: Community edition dumps offline only")
    server.stop()
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
            _admin(server, "database", "dump", settings.neo4j_database, f"--to-path={scratch}",
                   "--overwrite-destination=true")  # fmt: skip
            dumped = Path(scratch) / f"{settings.neo4j_database}.dump"
            manifest = {
                "format": FORMAT,
                "database": settings.neo4j_database,
                "created_at_ms": SystemClock().now_ms(),
                "migrations": applied,
                "schema_version": max((m["version"] for m in applied), default=0),
                "dump_sha256": _sha256(dumped),
            }
            manifest_path = Path(scratch) / _MANIFEST
            manifest_path.write_text(json.dumps(manifest, indent=2))
            partial = path.with_name(path.name + ".partial")
            with tarfile.open(partial, "w") as archive:
                archive.add(manifest_path, arcname=_MANIFEST)
                archive.add(dumped, arcname=_DUMP)
            os.replace(partial, path)  # a crash mid-write never leaves a truncated FILE behind
        manifest["seconds"] = round(time.monotonic() - started, 1)
    finally:
        if was_running:
            log("starting the local Neo4j again")
            server.start(log=log)
    return manifest


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of a backup file; BackupError if it is not one."""
    try:
        with tarfile.open(path, "r") as archive:
            member = archive.extractfile(_MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{path} is not a secret-graph backup: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a secret-graph backup ({FORMAT})")
    return manifest


def check_schema(manifest: dict[str, Any], *, directory: Path = migrations.MIGRATIONS_DIR) -> None:
    """Refuse a backup whose schema this code does not know: a newer migration, or a changed one."""
    known = {m.version: m for m in migrations.discover(directory)}
    for record in manifest.get("migrations", []):
        migration = known.get(record["version"])
        if migration is None:
            raise BackupError(
                f"the backup is from a newer schema: migration V{record['version']:03d}__{record['name']} is not in "
                "this release; restore it with the release that made it"
            )
        if migration.checksum != record["checksum"]:
            raise BackupError(f"the backup's {migration.path.name} differs from this release's (checksum)")


def restore(settings: Settings, path: Path, *, log: Log = print) -> dict[str, Any]:
    """Replace the local Neo4j's database with the backup in ``path`` (stopping the server meanwhile)."""
    server = _local(settings)
    manifest = read_manifest(path)
    check_schema(manifest)
    was_running = server.pid() is not None
    started = time.monotonic()
    with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
        with tarfile.open(path, "r") as archive:
            archive.extract(_DUMP, scratch, filter="data")
        dumped = Path(scratch) / _DUMP
        if _sha256(dumped) != manifest["dump_sha256"]:
            raise BackupError(f"{path}: the dump does not match its manifest's checksum (a damaged file)")
        dumped.rename(Path(scratch) / f"{settings.neo4j_database}.dump")
        if was_running:
            log("stopping the local Neo4j: Community edition loads offline only")
            server.stop()
        try:
            _admin(server, "database", "load", settings.neo4j_database, f"--from-path={scratch}",
                   "--overwrite-destination=true")  # fmt: skip
        finally:
            if was_running:
                log("starting the local Neo4j again")
                server.start(log=log)
    manifest["seconds"] = round(time.monotonic() - started, 1)
    return manifest


def fingerprint(db: Database) -> dict[str, Any]:
    """Counts and an order-free checksum of every node (labels, properties) and relationship
    (type, properties, both ends): two graphs with equal fingerprints hold the same data."""

    @unit_of_work(timeout=3600)  # a whole-graph read: an hour, not the request-sized default
    def work(tx) -> dict[str, Any]:
        digest_of: dict[str, int] = {}
        nodes_sum = 0
        for row in tx.run(backup_cypher.nodes.text):  # streamed: the graph need not fit in memory twice
            value = _digest([sorted(row["labels"]), row["properties"]])
            digest_of[row["id"]] = value
            nodes_sum = (nodes_sum + value) % 2**256
        rels_sum, rel_count = 0, 0
        for row in tx.run(backup_cypher.relationships.text):
            value = _digest([row["type"], row["properties"], digest_of[row["start"]], digest_of[row["end"]]])
            rels_sum = (rels_sum + value) % 2**256
            rel_count += 1
        checksum = hashlib.sha256(f"{nodes_sum:064x}{rels_sum:064x}".encode()).hexdigest()
        return {"nodes": len(digest_of), "relationships": rel_count, "checksum": checksum}

    return db.read(work)


def _digest(value: Any) -> int:
    encoded = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode()
    return int.from_bytes(hashlib.sha256(encoded).digest(), "big")


def _local(settings: Settings) -> LocalNeo4j:
    if not settings.uses_local_neo4j:
        raise BackupError(
            "NEO4J_URI is set: back up that server with its own tools (docs/operations.md, 'Backups'); "
            "`secret-graph backup` and `restore` work on the local Neo4j only"
        )
    return LocalNeo4j.from_settings(settings)


def _applied(settings: Settings) -> list[dict[str, Any]]:
    db = Database.connect(settings)
    try:
        rows = db.query(migrations_cypher.applied)
    finally:
        db.close()
    return [{"version": r["version"], "name": r["name"], "checksum": r["checksum"]} for r in rows]


def _admin(server: LocalNeo4j, *arguments: str) -> None:
    """Run neo4j-admin from the server's own jars, against the server's home and configuration."""
    jars = ensure_jars(server.lib_root)
    server.write_config(jars)
    env = dict(os.environ, NEO4J_HOME=str(server.home), NEO4J_CONF=str(server.home / "conf"))
    command = [java_binary(), "-Xmx512m", "-cp", f"{jars}/*", ADMIN_ENTRY_POINT, *arguments]
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=server.home)
    if result.returncode != 0:
        raise BackupError(
            f"neo4j-admin {' '.join(arguments[:2])} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        )


def _sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()
