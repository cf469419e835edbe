"""``secret-graph posts``: deleted accounts' posts and comments, purged once their time has come."""

from __future__ import annotations

import argparse

from secret_graph.config import Settings


def purge(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph.context import Context
    from secret_graph.posts import services as posts

    with Context.create(settings) as ctx:
        purged = posts.purge_retired(ctx=ctx)
    print(f"purged {purged} retired post(s)")
    return 0
