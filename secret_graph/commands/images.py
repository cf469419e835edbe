"""``secret-graph images``: uploaded images."""

from __future__ import annotations

import argparse

from secret_graph.config import Settings


def cleanup(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph.context import Context
    from secret_graph.images import services as images

    with Context.create(settings) as ctx:
        removed = images.cleanup(ctx=ctx)
    print(f"deleted {removed} unattached image(s)")
    return 0
