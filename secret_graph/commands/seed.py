"""``secret-graph seed`` and ``import-edges``: fill an empty database."""

from __future__ import annotations

import argparse
import sys

from secret_graph.config import Settings


def activity_arguments(parser: argparse.ArgumentParser, *, posts: int, hearts: int, comments: int) -> None:
    parser.add_argument("--posts", type=int, default=posts)
    parser.add_argument("--hearts", type=int, default=hearts)
    parser.add_argument("--comments", type=int, default=comments)
    parser.add_argument("--collections", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1, help="the same seed always builds the same network")


def seed(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph.seed import services as seeding

    plan = seeding.Plan(
        accounts=args.accounts,
        avg_friends=args.avg_friends,
        posts=args.posts,
        hearts=args.hearts,
        comments=args.comments,
        collections=args.collections,
        seed=args.seed,
    )
    return _run_seeding(settings, lambda ctx, progress: seeding.create(ctx=ctx, plan=plan, progress=progress))


def import_edges(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from secret_graph.seed import services as seeding

    plan = seeding.Plan(
        accounts=1, posts=args.posts, hearts=args.hearts, comments=args.comments, collections=args.collections
    )
    path = Path(args.file)
    return _run_seeding(
        settings, lambda ctx, progress: seeding.import_edges(ctx=ctx, path=path, plan=plan, progress=progress)
    )


def _run_seeding(settings: Settings, work) -> int:
    import json

    from secret_graph import serving
    from secret_graph.context import Context
    from secret_graph.db import migrations
    from secret_graph.seed.progress import Progress

    if settings.production:
        print("error: seeding writes synthetic accounts and is refused in production", file=sys.stderr)
        return 2
    with serving.database_running(settings), Context.create(settings) as ctx:
        migrations.migrate(db=ctx.db)
        result = work(ctx, Progress())
    print(json.dumps(result, indent=2))
    return 0
