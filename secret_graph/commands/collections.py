"""``secret-graph collections``: create collections, make them campaigns."""

from __future__ import annotations

import argparse

from secret_graph.config import Settings


def create(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph.collections import services as collections
    from secret_graph.context import Context

    with Context.create(settings) as ctx:
        created = collections.create(ctx=ctx, slug=args.slug, title=args.title, description=args.description)
    print(f"created {created['slug']}")
    return 0


def campaign(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph.collections import services as collections
    from secret_graph.context import Context

    with Context.create(settings) as ctx:
        row = collections.set_campaign(ctx=ctx, slug=args.slug, sponsor=None if args.end else args.sponsor)
    print(f"{row['slug']}: " + (f"campaign of {row['sponsor']}" if row["sponsor"] else "an ordinary collection"))
    return 0
