"""``secret-graph neo4j``, ``migrate`` and ``serve``: the local Neo4j and the API server."""

from __future__ import annotations

import argparse
import sys

from secret_graph.config import Settings


def neo4j(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph.localneo4j import LocalNeo4j

    if not settings.uses_local_neo4j:
        print("NEO4J_URI is set: the local Neo4j is not used", file=sys.stderr)
        return 2
    server = LocalNeo4j.from_settings(settings)
    if args.action == "start":
        print(server.start(log=lambda line: print(line, file=sys.stderr)))
    elif args.action == "stop":
        print("stopped" if server.stop() else "not running")
    else:
        pid = server.pid()
        print(f"running (pid {pid}) at {server.uri}" if pid else "not running")
        return 0 if pid else 3
    return 0


def migrate(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph import serving

    applied = serving.migrate(settings)
    print(f"{len(applied)} migration(s) applied" if applied else "already up to date")
    return 0


def serve(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph import serving

    serving.serve(
        settings,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
    )
    return 0
