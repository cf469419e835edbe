"""``secret-graph config``: the configuration, secrets masked, or the README table."""

from __future__ import annotations

import argparse

from secret_graph.config import Settings


def config(args: argparse.Namespace, settings: Settings) -> int:
    if args.markdown:
        from secret_graph.config import markdown_table

        print(markdown_table())
        return 0
    # As they would be set in the environment: `on`/`off`, comma lists, empty for nothing.
    for name, value in settings.describe().items():
        print(f"{name}={value}")
    return 0
