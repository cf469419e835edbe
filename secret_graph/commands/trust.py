"""``secret-graph trust``: the trust score the circle rule may require."""

from __future__ import annotations

import argparse

from secret_graph.config import Settings


def recompute(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from secret_graph import trust
    from secret_graph.context import Context

    with Context.create(settings) as ctx:
        report = trust.recompute(ctx=ctx)
    print(json.dumps(report, indent=2))
    return 0
