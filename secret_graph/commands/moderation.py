"""``secret-graph moderators``: grant or revoke the moderator role."""

from __future__ import annotations

import argparse

from secret_graph.config import Settings


def moderators(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph.context import Context
    from secret_graph.identity import services as identity

    with Context.create(settings) as ctx:
        identity.set_moderator(ctx=ctx, account_id=args.account_id, is_moderator=args.action == "grant")
    print(f"{args.action}ed")
    return 0
