"""``secret-graph backup`` and ``restore``: dumps of the local Neo4j (neo4j-admin)."""

from __future__ import annotations

import argparse
import sys

from secret_graph.config import Settings


def backup(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from secret_graph import backup

    manifest = backup.backup(settings, Path(args.file).resolve(), log=lambda line: print(line, file=sys.stderr))
    print(f"backed up schema V{manifest['schema_version']:03d} to {args.file} in {manifest['seconds']} s")
    return 0


def restore(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from secret_graph import backup

    manifest = backup.restore(settings, Path(args.file).resolve(), log=lambda line: print(line, file=sys.stderr))
    print(f"restored schema V{manifest['schema_version']:03d} from {args.file} in {manifest['seconds']} s")
    return 0
