"""Load named Cypher statements from ``cypher/queries/*.cypher``.

A file holds blocks that each start with ``// name: NAME``; the block runs as-is in
cypher-shell too. A statement is addressed as ``"<file stem>.<name>"``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from secret_graph.config import PROJECT_ROOT

CYPHER_DIR = PROJECT_ROOT / "cypher"
_NAME_LINE = re.compile(r"^//\s*name:\s*([a-z_][a-z0-9_]*)\s*$", re.MULTILINE)


class UnknownQuery(KeyError):
    pass


def parse(text: str) -> dict[str, str]:
    """Split a query file into ``{name: statement}``."""
    statements: dict[str, str] = {}
    marks = list(_NAME_LINE.finditer(text))
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        body = text[mark.end() : end].strip().rstrip(";").strip()
        if mark.group(1) in statements:
            raise ValueError(f"query {mark.group(1)!r} is defined twice")
        statements[mark.group(1)] = body
    return statements


@cache
def _load_all(directory: Path) -> dict[str, str]:
    named: dict[str, str] = {}
    for path in sorted(directory.glob("*.cypher")):
        for name, statement in parse(path.read_text()).items():
            named[f"{path.stem}.{name}"] = statement
    return named


def get(name: str) -> str:
    """The statement called ``name`` (``file.query``)."""
    try:
        return _load_all(CYPHER_DIR / "queries")[name]
    except KeyError:
        raise UnknownQuery(name) from None


def names() -> list[str]:
    """Every known statement name."""
    return sorted(_load_all(CYPHER_DIR / "queries"))
