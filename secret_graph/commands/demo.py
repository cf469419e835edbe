"""``secret-graph demo`` (`make demo`): a small living world for the web client, then the server."""

from __future__ import annotations

import argparse

from secret_graph.config import Settings


def demo(args: argparse.Namespace, settings: Settings) -> int:
    """Seed the demo world (secret_graph/seed/demo.py) once and serve it; here only the database and the server."""
    from secret_graph import serving
    from secret_graph.context import Context
    from secret_graph.localneo4j import LocalNeo4j
    from secret_graph.seed import demo as demo_world

    started = serving.ensure_database(settings)  # kept running for serve, stopped at the end
    try:
        serving.migrate(settings)
        with Context.create(settings) as ctx:
            info = demo_world.build(ctx=ctx, reset=args.reset)
        print(demo_world.instructions(info, f"http://{args.host}:{args.port}"), flush=True)
        if not args.no_serve:
            serving.serve(settings, host=args.host, port=args.port, workers=1)
    finally:
        if started:
            LocalNeo4j.from_settings(settings).stop()
    return 0
