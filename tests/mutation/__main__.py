"""Run every mutant of the visibility rule against the visibility tests; a survivor fails the run (exit 1).

    python -m tests.mutation [--only SUBSTRING] [TEST FILE...]      (make mutants)

Neo4j starts once (or ``NEO4J_URI`` is used), then one pytest session runs the unmutated rule and each
mutant in turn (tests/mutation/plugin.py). The mutants are listed in tests/mutation/mutants.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from secret_graph.config import PROJECT_ROOT
from secret_graph.localneo4j import LocalNeo4j, free_port

# Fast, deterministic tests first: a trial stops at its first failure.
TEST_FILES = (
    "tests/test_visibility.py",
    "tests/test_visibility_rules.py",
    "tests/attacks/test_fake_friend_isolation.py",
    "tests/test_world.py",
    "tests/attacks/test_unlink_linkage.py",
    "tests/attacks/test_comment_linkage.py",
    "tests/test_visibility_model.py",
    "tests/test_trust.py",
    "tests/test_open_circles.py",
    "tests/test_circle_fetch.py",
)


@contextmanager
def neo4j_uri() -> Iterator[str]:
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    with tempfile.TemporaryDirectory(prefix="mutants-neo4j-") as home:
        server = LocalNeo4j(
            home=Path(home),
            lib_root=PROJECT_ROOT / "var" / "neo4j-lib",
            bolt_port=free_port(),
            heap="768m",
            pagecache="256m",
        )
        server.start()
        try:
            yield server.uri
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only the mutants whose name contains this")
    parser.add_argument("tests", nargs="*", default=TEST_FILES, help="test files (default: the visibility tests)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with neo4j_uri() as uri:
        os.environ.update(NEO4J_URI=uri, MUTANTS_ONLY=args.only)
        os.chdir(PROJECT_ROOT)
        code = pytest.main(["-q", "-p", "tests.mutation.plugin", "-p", "no:cacheprovider", *args.tests])
    print(f"mutation check: {time.monotonic() - started:.0f} s including Neo4j start-up")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
