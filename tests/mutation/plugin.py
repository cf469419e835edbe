"""The mutation loop, as a pytest plugin: one pytest session runs the visibility tests on the unmutated
rule, then once per mutant, so imports, collection and the Neo4j connection are paid once.

Loaded by ``python -m tests.mutation`` (``-p tests.mutation.plugin``). Each trial writes its version of
``visibility.cypher`` into a temporary copy of ``cypher/`` and points the query loader there: the real
file is never written, so Ctrl-C cannot leave it mutated. Hypothesis runs derandomized, without its
example database and without shrinking: a trial is reproducible, leaves nothing in ``.hypothesis``, and a
kill costs one failing example, not a search for the smallest one.
"""

from __future__ import annotations

import os
import time

import pytest
from _pytest.runner import runtestprotocol
from hypothesis import Phase, settings
from neo4j import GraphDatabase

from secret_graph.config import PROJECT_ROOT
from secret_graph.db import cypher
from secret_graph.db.cypher import visibility
from tests.mutation.mutants import MUTANTS, Mutant

settings.register_profile(
    "mutation", database=None, derandomize=True, phases=[Phase.explicit, Phase.reuse, Phase.generate]
)
RULE = "visibility.cypher"
_PARAMS = {"viewer_id": "x", "post_ids": ["x"], "now": 0, "circle_open": True}
_PARAMS |= {"min_age_ms": 0, "min_outside": 1, "min_friends": 1}


def pytest_configure(config: pytest.Config) -> None:
    settings.load_profile("mutation")


def _load(text: str) -> None:
    """Make the loaded visibility statements hold ``text`` (the file on disk is never written), and check."""
    visibility.reload(text)
    assert visibility.posts.text == cypher.named_blocks(text)["posts"]


def _check_compiles(text: str) -> None:
    """Every mutated statement must still compile: a syntax error would be no kill."""
    with (
        GraphDatabase.driver(os.environ["NEO4J_URI"], auth=None, notifications_min_severity="OFF") as driver,
        driver.session() as session,
    ):
        for statement in cypher.named_blocks(text).values():
            session.run("EXPLAIN " + statement, _PARAMS).consume()


def _first_failure(items: list[pytest.Item]) -> str | None:
    """Run the items in order (as with -x): the node id of the first that fails, or None."""
    for index, item in enumerate(items):
        nextitem = items[index + 1] if index + 1 < len(items) else None
        reports = runtestprotocol(item, log=False, nextitem=nextitem)
        if any(report.failed for report in reports):
            if nextitem is not None:  # tear down what this item set up, as the end of a run would
                item.session._setupstate.teardown_exact(None)
            return item.nodeid
    return None


def _order(items: list[pytest.Item], mutant: Mutant) -> list[pytest.Item]:
    """The mutant's designated killer first, then the rest in file order (fast tests before the model)."""
    first = [item for item in items if item.nodeid == mutant.killer]
    return first + [item for item in items if item not in first]


def pytest_runtestloop(session: pytest.Session) -> bool:
    if session.config.option.collectonly:
        return False
    write = session.config.pluginmanager.get_plugin("terminalreporter").write_line
    only = os.environ.get("MUTANTS_ONLY", "")
    mutants = [mutant for mutant in MUTANTS if only in mutant.name]
    original = (PROJECT_ROOT / "cypher" / "queries" / RULE).read_text()
    started = time.monotonic()
    rows: list[tuple[str, str, float]] = []
    collected = {item.nodeid for item in session.items}
    uncollected = [mutant.killer for mutant in mutants if mutant.killer and mutant.killer not in collected]
    if uncollected:
        # A killer outside the run would let its mutant "survive" for the wrong reason (session 27's run).
        write(f"designated killers not collected (add their files to TEST_FILES): {uncollected}", red=True)
        session.testsfailed = 1
        return True
    try:
        _load(original)
        failed = _first_failure(session.items)
        if failed:
            write(f"the unmutated rule fails {failed}: fix that first (run it with plain pytest)", red=True)
            session.testsfailed = 1
            return True
        write(f"unmutated rule: {len(session.items)} tests pass ({time.monotonic() - started:.0f} s)")
        for mutant in mutants:
            begun = time.monotonic()
            text = mutant.apply(original)
            _check_compiles(text)
            _load(text)
            killer = _first_failure(_order(session.items, mutant))
            rows.append((mutant.name, killer or "SURVIVED", time.monotonic() - begun))
            write(f"  {'killed' if killer else 'SURVIVED'}: {mutant.name} ({rows[-1][2]:.0f} s)")
    finally:
        _load(original)
    width = max((len(name) for name, _, _ in rows), default=6)
    write(f"\n{'mutant':<{width}}  {'s':>4}  killed by")
    write(f"{'-' * width}  ----  ---------")
    for name, killer, seconds in rows:
        write(f"{name:<{width}}  {seconds:4.0f}  {killer}", red=killer == "SURVIVED")
    survivors = sum(killer == "SURVIVED" for _, killer, _ in rows)
    write(f"\n{len(rows) - survivors}/{len(rows)} mutants killed; {time.monotonic() - started:.0f} s in all")
    session.testsfailed = survivors
    return True
