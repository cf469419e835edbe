"""``secret-graph rotate-pepper``: re-key every stored identifier to the newest pepper."""

from __future__ import annotations

import argparse
import sys

from secret_graph.config import Settings


def rotate(args: argparse.Namespace, settings: Settings) -> int:
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
