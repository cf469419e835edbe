"""`secret-graph backup` and `restore`: a restored graph equals the backed-up one, node for node."""

from __future__ import annotations

import json
import tarfile

import pytest

from secret_graph import backup
from secret_graph.context import Context
from secret_graph.db import migrations
from secret_graph.seed import services as seeding
from tests.own_neo4j import own_neo4j

PLAN = seeding.Plan(accounts=150, avg_friends=8, posts=400, hearts=600, comments=200, collections=2, seed=7)


@pytest.mark.chaos
def test_restore_gives_back_exactly_the_backed_up_graph(settings, tmp_path):
    with own_neo4j(settings, tmp_path) as (server, local):
        with Context.create(local) as ctx:
            migrations.migrate(db=ctx.db)
            seeding.create(ctx=ctx, plan=PLAN)
            before = backup.fingerprint(ctx.db)
        assert before["nodes"] > PLAN.accounts and before["relationships"] > PLAN.hearts

        manifest = backup.backup(local, tmp_path / "graph.backup", log=lambda _: None)
        assert server.pid() is not None, "a running server runs again after the backup"
        assert manifest["schema_version"] == migrations.discover()[-1].version
        assert {m["version"] for m in manifest["migrations"]} == {m.version for m in migrations.discover()}

        with Context.create(local) as ctx:
            assert backup.fingerprint(ctx.db) == before, "a backup changes nothing"
            ctx.db.autocommit("MATCH (a:Account) WITH a LIMIT 20 DETACH DELETE a")
            ctx.db.autocommit("MATCH (p:Post) WITH p LIMIT 5 SET p.text = 'changed'")
            ctx.db.autocommit("CREATE (:Account {id: 'after-the-backup', created_at: 0})")
            assert backup.fingerprint(ctx.db) != before

        backup.restore(local, tmp_path / "graph.backup", log=lambda _: None)
        assert server.pid() is not None
        with Context.create(local) as ctx:
            assert backup.fingerprint(ctx.db) == before
            assert migrations.is_migrated(db=ctx.db), "the migrations' records came back with the data"
            ctx.db.autocommit("MATCH (p:Post) WITH p LIMIT 5 DETACH DELETE p")

        server.stop()  # a stopped server is restored and left stopped
        backup.restore(local, tmp_path / "graph.backup", log=lambda _: None)
        assert server.pid() is None
        server.start()
        with Context.create(local) as ctx:
            assert backup.fingerprint(ctx.db) == before


def test_restore_refuses_a_backup_from_a_newer_schema(tmp_path):
    manifest = {
        "format": backup.FORMAT,
        "migrations": [
            *({"version": m.version, "name": m.name, "checksum": m.checksum} for m in migrations.discover()),
            {"version": 999, "name": "from_the_future", "checksum": "0" * 64},
        ],
    }
    path = tmp_path / "future.backup"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with tarfile.open(path, "w") as archive:
        archive.add(tmp_path / "manifest.json", arcname="manifest.json")
    with pytest.raises(backup.BackupError, match="newer schema: migration V999__from_the_future"):
        backup.check_schema(backup.read_manifest(path))
    with pytest.raises(backup.BackupError, match="not a secret-graph backup"):
        backup.read_manifest(tmp_path / "manifest.json")


def test_backup_refuses_an_external_neo4j(settings, tmp_path):
    with pytest.raises(backup.BackupError, match="NEO4J_URI is set"):
        backup.backup(settings, tmp_path / "x.backup")
