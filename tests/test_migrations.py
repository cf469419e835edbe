import threading
from pathlib import Path

import pytest

from secret_graph.db import migrations
from secret_graph.db.cypher import migrations as migrations_cypher
from secret_graph.db.database import Database


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text)
    return path


@pytest.fixture
def scratch(database: Database):
    """A clean slate for migration bookkeeping; the real schema is put back afterwards."""
    database.autocommit("MATCH (n:SchemaMigration|SchemaMigrationLock|MigrationProbe) DETACH DELETE n")
    yield database
    database.autocommit("MATCH (n:SchemaMigration|SchemaMigrationLock|MigrationProbe) DETACH DELETE n")
    database.autocommit("DROP CONSTRAINT migration_probe_id IF EXISTS")
    migrations.migrate(db=database)


def test_project_migrations_are_applied_and_named_right(database: Database):
    assert migrations.is_migrated(db=database)
    names = {row["name"] for row in database.query(migrations_cypher.applied)}
    assert "core_constraints" in names
    constraints = {row["name"] for row in database.driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
    assert {"account_id", "identifier_key", "post_id"} <= constraints


def test_applies_in_order_once_and_records_checksums(scratch: Database, tmp_path: Path):
    _write(
        tmp_path,
        "V001__probe_constraint.cypher",
        "CREATE CONSTRAINT migration_probe_id IF NOT EXISTS FOR (p:MigrationProbe) REQUIRE p.id IS UNIQUE;\n",
    )
    _write(
        tmp_path,
        "V002__probe_data.cypher",
        "// data\nCREATE (:MigrationProbe {id: 1});\nCREATE (:MigrationProbe {id: 2});\n",
    )
    applied = migrations.migrate(db=scratch, directory=tmp_path)
    assert [m.version for m in applied] == [1, 2]
    assert migrations.migrate(db=scratch, directory=tmp_path) == []
    count = scratch.driver.execute_query("MATCH (p:MigrationProbe) RETURN count(p) AS n").records[0]["n"]
    assert count == 2
    recorded = {row["version"]: row["checksum"] for row in scratch.query(migrations_cypher.applied)}
    assert recorded[2] == migrations.discover(tmp_path)[1].checksum


def test_refuses_when_an_applied_file_changed(scratch: Database, tmp_path: Path):
    path = _write(tmp_path, "V001__probe.cypher", "CREATE (:MigrationProbe {id: 1});\n")
    migrations.migrate(db=scratch, directory=tmp_path)
    path.write_text("CREATE (:MigrationProbe {id: 99});\n")
    with pytest.raises(migrations.MigrationError, match="changed after it was applied"):
        migrations.migrate(db=scratch, directory=tmp_path)
    assert not migrations.is_migrated(db=scratch, directory=tmp_path)


def test_refuses_badly_named_files(tmp_path: Path):
    _write(tmp_path, "001_nope.cypher", "RETURN 1;")
    with pytest.raises(migrations.MigrationError, match="V###__name"):
        migrations.discover(tmp_path)


def test_lock_lets_only_one_process_migrate_at_a_time(scratch: Database, tmp_path: Path):
    _write(tmp_path, "V001__probe.cypher", "CREATE (:MigrationProbe {id: 1});\n")
    scratch.write(
        lambda tx: tx.run(migrations_cypher.acquire_lock.text, owner="someone-else", now=0, ttl_ms=10**15).consume()
    )
    with pytest.raises(migrations.MigrationError, match="holds the migration lock"):
        migrations.migrate(db=scratch, directory=tmp_path, wait_s=1)
    scratch.autocommit("MATCH (l:SchemaMigrationLock) DETACH DELETE l")

    results: list = []
    threads = [
        threading.Thread(target=lambda: results.append(migrations.migrate(db=scratch, directory=tmp_path)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(r) for r in results) == [0, 0, 0, 1]
    count = scratch.driver.execute_query("MATCH (p:MigrationProbe) RETURN count(p) AS n").records[0]["n"]
    assert count == 1
