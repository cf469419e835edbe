"""Apply ``cypher/migrations/V###__name.cypher`` once each, in order, checked by checksum."""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from secret_graph.clock import Clock, SystemClock
from secret_graph.db import cypher
from secret_graph.db.cypher import migrations
from secret_graph.db.database import Database

MIGRATIONS_DIR = cypher.CYPHER_DIR / "migrations"
_FILE_NAME = re.compile(r"^V(\d{3,})__([a-z0-9_]+)\.cypher$")
_LOCK_TTL_MS = 10 * 60 * 1000


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def statements(self) -> list[str]:
        """The file's statements: split on ``;`` at line ends, comment lines dropped."""
        return cypher.split_statements(self.path.read_text())


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Every migration file, ordered by version; a stray or duplicate name is an error."""
    found: dict[int, Migration] = {}
    for path in sorted(directory.glob("*.cypher")):
        match = _FILE_NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name} is not named V###__name.cypher")
        version = int(match.group(1))
        if version in found:
            raise MigrationError(f"two migrations have version {version}")
        found[version] = Migration(version, match.group(2), path)
    return [found[v] for v in sorted(found)]


def pending(*, db: Database, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Migrations not applied yet; raises if an applied file has changed or vanished."""
    applied = {row["version"]: row for row in db.query(migrations.applied)}
    available = discover(directory)
    by_version = {m.version: m for m in available}
    for version, row in applied.items():
        migration = by_version.get(version)
        if migration is None:
            raise MigrationError(f"applied migration V{version:03d}__{row['name']} is missing from {directory}")
        if migration.checksum != row["checksum"]:
            raise MigrationError(
                f"{migration.path.name} was changed after it was applied (checksum differs); "
                "applied migrations are immutable: add a new one instead"
            )
    return [m for m in available if m.version not in applied]


def migrate(
    *,
    db: Database,
    directory: Path = MIGRATIONS_DIR,
    clock: Clock | None = None,
    wait_s: float = 60.0,
    log: Callable[[str], None] = lambda _: None,
) -> list[Migration]:
    """Apply pending migrations under the migration lock; returns what was applied."""
    clock = clock or SystemClock()
    db.autocommit(migrations.ensure_migration_lock_constraint.text)
    db.autocommit(migrations.ensure_migration_version_constraint.text)
    owner = secrets.token_hex(8)
    _acquire(db=db, owner=owner, clock=clock, wait_s=wait_s)
    try:
        todo = pending(db=db, directory=directory)
        for migration in todo:
            log(f"applying {migration.path.name}")
            for statement in migration.statements():
                db.autocommit(statement)
            db.write(
                lambda tx, m=migration: migrations.record(
                    tx, version=m.version, name=m.name, checksum=m.checksum, now=clock.now_ms()
                )
            )
        return todo
    finally:
        db.write(lambda tx: migrations.release_lock(tx, owner=owner))


def is_migrated(*, db: Database, directory: Path = MIGRATIONS_DIR) -> bool:
    """True when every migration file is applied unchanged."""
    try:
        return not pending(db=db, directory=directory)
    except MigrationError:
        return False


def _acquire(*, db: Database, owner: str, clock: Clock, wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while True:
        held = db.write(lambda tx: migrations.acquire_lock(tx, owner=owner, now=clock.now_ms(), ttl_ms=_LOCK_TTL_MS))
        if held:
            return
        if time.monotonic() > deadline:
            raise MigrationError("another process holds the migration lock")
        time.sleep(0.5)
