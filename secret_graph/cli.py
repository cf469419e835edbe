"""The ``secret-graph`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

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


def _job_context(settings: Settings):
    # The features that register job handlers (importing them is what registers them).
    from secret_graph.chats import services as _chats  # noqa: F401
    from secret_graph.context import Context
    from secret_graph.notifications import services as _notifications  # noqa: F401

    if settings.jobs_broker.startswith("memory://"):
        raise RuntimeError("SECRET_GRAPH_JOBS_BROKER=memory:// runs jobs inside the API process; set a redis:// URI")
    return Context.create(settings)


def _jobs_worker(args: argparse.Namespace, settings: Settings) -> int:
    import signal
    import threading

    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())
    with _job_context(settings) as ctx:
        ctx.jobs.start_worker()
        print(f"running jobs with {settings.jobs_threads} threads; Ctrl-C stops", file=sys.stderr)
        stop.wait()
    return 0


def _jobs_dead_letters(args: argparse.Namespace, settings: Settings) -> int:
    import json

    with _job_context(settings) as ctx:
        for entry in ctx.jobs.dead_letters():
            print(json.dumps(entry))
    return 0


def _activity_arguments(parser: argparse.ArgumentParser, *, posts: int, hearts: int, comments: int) -> None:
    parser.add_argument("--posts", type=int, default=posts)
    parser.add_argument("--hearts", type=int, default=hearts)
    parser.add_argument("--comments", type=int, default=comments)
    parser.add_argument("--collections", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1, help="the same seed always builds the same network")


def _seed(args: argparse.Namespace, settings: Settings) -> int:
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


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    """`make demo`: the seeding lives in secret_graph/seed/demo.py; here only the database and the server."""
    from secret_graph import serving
    from secret_graph.context import Context
    from secret_graph.localneo4j import LocalNeo4j
    from secret_graph.seed import demo

    started = serving.ensure_database(settings)  # kept running for serve, stopped at the end
    try:
        serving.migrate(settings)
        with Context.create(settings) as ctx:
            info = demo.build(ctx=ctx, reset=args.reset)
        print(demo.instructions(info, f"http://{args.host}:{args.port}"), flush=True)
        if not args.no_serve:
            serving.serve(settings, host=args.host, port=args.port, workers=1)
    finally:
        if started:
            LocalNeo4j.from_settings(settings).stop()
    return 0


def _import_edges(args: argparse.Namespace, settings: Settings) -> int:
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


def _neo4j(args: argparse.Namespace, settings: Settings) -> int:
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


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph import serving

    applied = serving.migrate(settings)
    print(f"{len(applied)} migration(s) applied" if applied else "already up to date")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph import serving

    serving.serve(
        settings,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
    )
    return 0


def _moderators(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph.context import Context
    from secret_graph.identity import services as identity

    with Context.create(settings) as ctx:
        identity.set_moderator(ctx=ctx, account_id=args.account_id, is_moderator=args.action == "grant")
    print(f"{args.action}ed")
    return 0


def _create_collection(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph.collections import services as collections
    from secret_graph.context import Context

    with Context.create(settings) as ctx:
        created = collections.create(ctx=ctx, slug=args.slug, title=args.title, description=args.description)
    print(f"created {created['slug']}")
    return 0


def _campaign(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph.collections import services as collections
    from secret_graph.context import Context

    with Context.create(settings) as ctx:
        row = collections.set_campaign(ctx=ctx, slug=args.slug, sponsor=None if args.end else args.sponsor)
    print(f"{row['slug']}: " + (f"campaign of {row['sponsor']}" if row["sponsor"] else "an ordinary collection"))
    return 0


def _images_cleanup(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph.context import Context
    from secret_graph.images import services as images

    with Context.create(settings) as ctx:
        removed = images.cleanup(ctx=ctx)
    print(f"deleted {removed} unattached image(s)")
    return 0


def _analytics_list(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph import analytics

    for name, query in analytics.catalogue().items():
        params = f"  [params: {', '.join(f'{k}={v}' for k, v in query.params.items())}]" if query.params else ""
        print(f"{name:28s} {query.description}{params}")
    return 0


def _analytics_run(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from secret_graph import analytics
    from secret_graph.context import Context

    given = {}
    for pair in args.param:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            print(f"error: --param takes K=V, got {pair!r}", file=sys.stderr)
            return 2
        given[key.strip()] = value.strip()
    query = analytics.get(args.name)
    analytics.resolve_params(query, given, now_ms=0)  # bad parameters fail before connecting
    with Context.create(settings) as ctx:
        query, rows = analytics.run(ctx=ctx, name=args.name, params=given)
    safe = analytics.protect(query, rows, min_cell=settings.min_cell)
    text = analytics.render(safe, args.format)
    if args.output:
        Path(args.output).write_text(text)
    else:
        sys.stdout.write(text)
    if args.plot:
        from secret_graph import charts

        charts.plot(query, safe, Path(args.plot), min_cell=settings.min_cell)
        print(f"chart written to {args.plot}", file=sys.stderr)
    return 0


def _analytics_report(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from secret_graph import charts
    from secret_graph.context import Context

    with Context.create(settings) as ctx:
        page = charts.report(ctx=ctx, names=args.only or None)
    Path(args.output).write_text(page)
    print(f"report written to {args.output}", file=sys.stderr)
    return 0


def _trust_recompute(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from secret_graph import trust
    from secret_graph.context import Context

    with Context.create(settings) as ctx:
        report = trust.recompute(ctx=ctx)
    print(json.dumps(report, indent=2))
    return 0


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from secret_graph import backup

    manifest = backup.backup(settings, Path(args.file).resolve(), log=lambda line: print(line, file=sys.stderr))
    print(f"backed up schema V{manifest['schema_version']:03d} to {args.file} in {manifest['seconds']} s")
    return 0


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from secret_graph import backup

    manifest = backup.restore(settings, Path(args.file).resolve(), log=lambda line: print(line, file=sys.stderr))
    print(f"restored schema V{manifest['schema_version']:03d} from {args.file} in {manifest['seconds']} s")
    return 0


def _rotate_pepper(args: argparse.Namespace, settings: Settings) -> int:
    import json
    import os
    import secrets

    from secret_graph import peppers
    from secret_graph.context import Context

    if args.generate:
        if settings.production or os.environ.get("SECRET_GRAPH_PEPPER"):
            print("error: --generate is for var/pepper in development; set the new pepper yourself", file=sys.stderr)
            return 2
        with open(settings.var_dir / "pepper", "a") as handle:
            handle.write(f"\n{secrets.token_hex(32)}\n")
        print(
            f"pepper v{len(settings.peppers) + 1} added to {settings.var_dir / 'pepper'}: restart every server, "
            "then run `secret-graph rotate-pepper`"
        )
        return 0
    with Context.create(settings) as ctx:
        result = peppers.rotate(ctx=ctx, grace_s=args.grace_s, log=lambda line: print(line, file=sys.stderr))
    print(json.dumps(result, indent=2))
    return 0


def _config(args: argparse.Namespace, settings: Settings) -> int:
    if args.markdown:
        from secret_graph.config import markdown_table

        print(markdown_table())
        return 0
    # As they would be set in the environment: `on`/`off`, comma lists, empty for nothing.
    for name, value in settings.describe().items():
        print(f"{name}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
