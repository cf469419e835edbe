"""The ``secret-graph`` command line: the argparse wiring of every command, in one place.

Each command's handler lives in ``secret_graph/commands/<group>.py``; a new command is one
``add_parser`` block below, whose ``set_defaults(handler=...)`` names a handler imported above.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from secret_graph.commands.analytics import list_queries as _analytics_list
from secret_graph.commands.analytics import report as _analytics_report
from secret_graph.commands.analytics import run as _analytics_run
from secret_graph.commands.backup import backup as _backup
from secret_graph.commands.backup import restore as _restore
from secret_graph.commands.collections import campaign as _campaign
from secret_graph.commands.collections import create as _create_collection
from secret_graph.commands.config import config as _config
from secret_graph.commands.demo import demo as _demo
from secret_graph.commands.images import cleanup as _images_cleanup
from secret_graph.commands.jobs import dead_letters as _jobs_dead_letters
from secret_graph.commands.jobs import worker as _jobs_worker
from secret_graph.commands.moderation import moderators as _moderators
from secret_graph.commands.peppers import rotate as _rotate_pepper
from secret_graph.commands.posts import purge as _posts_purge
from secret_graph.commands.seed import activity_arguments as _activity_arguments
from secret_graph.commands.seed import import_edges as _import_edges
from secret_graph.commands.seed import seed as _seed
from secret_graph.commands.server import migrate as _migrate
from secret_graph.commands.server import neo4j as _neo4j
from secret_graph.commands.server import serve as _serve
from secret_graph.commands.trust import recompute as _trust_recompute
from secret_graph.config import ConfigError, Settings
from secret_graph.errors import DomainError


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args, Settings.from_env()) or 0
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    except DomainError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="secret-graph", description="Anonymous posts on a Neo4j contact graph.")
    commands = parser.add_subparsers(metavar="COMMAND")

    neo4j = commands.add_parser("neo4j", help="the local Neo4j server")
    neo4j.add_argument("action", choices=["start", "stop", "status"])
    neo4j.set_defaults(handler=_neo4j)

    migrate = commands.add_parser("migrate", help="apply pending Cypher migrations")
    migrate.set_defaults(handler=_migrate)

    serve = commands.add_parser(
        "serve", help="serve the API with gunicorn (starts the local Neo4j when NEO4J_URI is unset)"
    )
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int)
    serve.set_defaults(handler=_serve)

    moderators = commands.add_parser("moderators", help="grant or revoke the moderator role")
    moderators.add_argument("action", choices=["grant", "revoke"])
    moderators.add_argument("account_id")
    moderators.set_defaults(handler=_moderators)

    collections = commands.add_parser("collections", help="manage collections (topic channels)")
    collection_actions = collections.add_subparsers(metavar="ACTION", required=True)
    create = collection_actions.add_parser("create", help="create a collection")
    create.add_argument("slug")
    create.add_argument("--title", required=True)
    create.add_argument("--description", default="")
    create.set_defaults(handler=_create_collection)
    campaign = collection_actions.add_parser(
        "campaign", help="mark a collection as a campaign (its posts show the label `campaign` and the sponsor)"
    )
    campaign.add_argument("slug")
    campaign_choice = campaign.add_mutually_exclusive_group(required=True)
    campaign_choice.add_argument("--sponsor", help="the sponsor's name, shown with every post")
    campaign_choice.add_argument("--end", action="store_true", help="make it an ordinary collection again")
    campaign.set_defaults(handler=_campaign)

    images = commands.add_parser("images", help="uploaded images")
    image_actions = images.add_subparsers(metavar="ACTION", required=True)
    cleanup = image_actions.add_parser(
        "cleanup", help="delete uploads not attached to a post within 24 hours (run it periodically, e.g. hourly)"
    )
    cleanup.set_defaults(handler=_images_cleanup)

    posts = commands.add_parser("posts", help="posts of deleted accounts")
    posts_actions = posts.add_subparsers(metavar="ACTION", required=True)
    purge = posts_actions.add_parser(
        "purge",
        help="delete deleted accounts' posts whose removal time has passed "
        "(within SECRET_GRAPH_DELETED_POSTS_WINDOW_S; run it periodically, e.g. hourly)",
    )
    purge.set_defaults(handler=_posts_purge)

    analytics = commands.add_parser("analytics", help="the data team's queries (cypher/analytics/)")
    analytics_actions = analytics.add_subparsers(metavar="ACTION", required=True)
    listing = analytics_actions.add_parser("list", help="list the queries with their descriptions")
    listing.set_defaults(handler=_analytics_list)
    running = analytics_actions.add_parser("run", help="run one query, read-only")
    running.add_argument("name")
    running.add_argument("--param", action="append", default=[], metavar="K=V", help="a query parameter (repeatable)")
    running.add_argument("--format", choices=["table", "csv", "json"], default="table")
    running.add_argument("--output", metavar="FILE", help="write the result here instead of standard output")
    running.add_argument("--plot", metavar="FILE.png", help="also draw the query's chart as a PNG")
    running.set_defaults(handler=_analytics_run)
    report = analytics_actions.add_parser("report", help="every query, its table and chart in one HTML page")
    report.add_argument("--output", metavar="FILE.html", required=True)
    report.add_argument("--only", action="append", default=[], metavar="NAME", help="only this query (repeatable)")
    report.set_defaults(handler=_analytics_report)

    trust = commands.add_parser("trust", help="the trust score the circle rule may require (docs/analytics.md)")
    trust_actions = trust.add_subparsers(metavar="ACTION", required=True)
    recompute = trust_actions.add_parser(
        "recompute",
        help="recompute every account's score (a daily job; cron: `0 4 * * * secret-graph trust recompute`)",
    )
    recompute.set_defaults(handler=_trust_recompute)

    seed = commands.add_parser("seed", help="fill an empty database with a realistic synthetic network")
    seed.add_argument("--accounts", type=int, default=10_000)
    seed.add_argument("--avg-friends", type=int, default=50)
    _activity_arguments(seed, posts=100_000, hearts=200_000, comments=50_000)
    seed.set_defaults(handler=_seed)

    demo = commands.add_parser("demo", help="seed a small living world (once) and serve it with the web client")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8080)
    demo.add_argument("--reset", action="store_true", help="wipe the database's data first (development only)")
    demo.add_argument("--no-serve", action="store_true", help="seed and print how to sign in, then stop")
    demo.set_defaults(handler=_demo)

    import_edges = commands.add_parser(
        "import-edges", help="fill an empty database from a SNAP-style edge list (`u v` per line, # comments)"
    )
    import_edges.add_argument("file", help="the edge list, e.g. ego-Facebook's facebook_combined.txt")
    _activity_arguments(import_edges, posts=0, hearts=0, comments=0)
    import_edges.set_defaults(handler=_import_edges)

    jobs = commands.add_parser("jobs", help="background jobs (notifications, push) on the Redis queue")
    jobs_actions = jobs.add_subparsers(metavar="ACTION", required=True)
    worker = jobs_actions.add_parser("worker", help="run jobs until stopped (SECRET_GRAPH_JOBS_BROKER=redis://...)")
    worker.set_defaults(handler=_jobs_worker)
    dead = jobs_actions.add_parser("dead-letters", help="list jobs whose retries are spent")
    dead.set_defaults(handler=_jobs_dead_letters)

    backup = commands.add_parser(
        "backup", help="dump the local Neo4j into FILE (stops the server meanwhile: Community dumps offline)"
    )
    backup.add_argument("file")
    backup.set_defaults(handler=_backup)
    restore = commands.add_parser(
        "restore", help="replace the local Neo4j's data with a backup FILE (stops the server meanwhile)"
    )
    restore.add_argument("file")
    restore.set_defaults(handler=_restore)

    rotate = commands.add_parser(
        "rotate-pepper",
        help="re-key every stored identifier and quota key to the newest pepper, online (docs/operations.md)",
    )
    rotate.add_argument(
        "--grace-s", type=float, default=70.0,
        help="wait after switching writers to the new pepper: longer than any transaction runs (default 70)",
    )  # fmt: skip
    rotate.add_argument(
        "--generate",
        action="store_true",
        help="development only: add a new random pepper to var/pepper and stop (restart servers, then rotate)",
    )
    rotate.set_defaults(handler=_rotate_pepper)

    config = commands.add_parser("config", help="print the configuration, secrets masked")
    config.add_argument("--markdown", action="store_true", help="print the documented variables as the README table")
    config.set_defaults(handler=_config)
    return parser


if __name__ == "__main__":
    sys.exit(main())
