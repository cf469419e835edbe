"""``secret-graph analytics``: the data team's queries, their charts and report."""

from __future__ import annotations

import argparse
import sys

from secret_graph.config import Settings


def list_queries(args: argparse.Namespace, settings: Settings) -> int:
    from secret_graph import analytics

    for name, query in analytics.catalogue().items():
        params = f"  [params: {', '.join(f'{k}={v}' for k, v in query.params.items())}]" if query.params else ""
        print(f"{name:28s} {query.description}{params}")
    return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
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


def report(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from secret_graph import charts
    from secret_graph.context import Context

    with Context.create(settings) as ctx:
        page = charts.report(ctx=ctx, names=args.only or None)
    Path(args.output).write_text(page)
    print(f"report written to {args.output}", file=sys.stderr)
    return 0
