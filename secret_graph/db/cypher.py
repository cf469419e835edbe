"""Every Cypher file of the project, read by this one loader.

- ``cypher/queries/FILE.cypher``: named statements, each block opening with ``// name: NAME``.
  Each file is one object here whose attributes are the statements, called like functions
  (aiosql's model): ``posts.create(tx, id=...)`` returns the records as dicts and
  ``posts.create.single(tx, ...)`` the first one or None. A name no file defines raises at
  once, and tests/test_queries.py checks every name the code uses before anything runs.
- ``cypher/migrations/V###__name.cypher``: statements separated by ``;`` at line ends.
- ``cypher/analytics/NAME.cypher``: one statement under a ``// key: value`` comment header.

Every file runs as-is in cypher-shell too. Statements take ``$parameters`` only: no Cypher is
ever assembled from request data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction, Record

from secret_graph.config import PROJECT_ROOT

CYPHER_DIR = PROJECT_ROOT / "cypher"
QUERIES_DIR = CYPHER_DIR / "queries"
_NAME_LINE = re.compile(r"^//\s*name:\s*([a-z_][a-z0-9_]*)\s*$", re.MULTILINE)
_HEADER_LINE = re.compile(r"^//\s*([a-z_]+):\s*(.*)$")


class UnknownQuery(AttributeError):
    """A statement or query file that does not exist."""


def named_blocks(text: str) -> dict[str, str]:
    """Split a query file into ``{name: statement}``."""
    statements: dict[str, str] = {}
    marks = list(_NAME_LINE.finditer(text))
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        if mark.group(1) in statements:
            raise ValueError(f"query {mark.group(1)!r} is defined twice")
        statements[mark.group(1)] = strip_statement(text[mark.end() : end])
    return statements


def split_statements(text: str) -> list[str]:
    """A migration's statements: split on ``;`` at line ends, comment lines dropped."""
    lines = [line for line in text.splitlines() if not line.strip().startswith("//")]
    return [part.strip() for part in re.split(r";\s*$", "\n".join(lines), flags=re.MULTILINE) if part.strip()]


def header(text: str) -> list[tuple[str, str]]:
    """The ``// key: value`` comment lines of a file, in order."""
    found = []
    for line in text.splitlines():
        match = _HEADER_LINE.match(line.strip())
        if match:
            found.append((match.group(1), match.group(2).strip()))
    return found


def strip_statement(text: str) -> str:
    """A statement without surrounding blank space or a trailing ``;``."""
    return text.strip().rstrip(";").strip()


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> bool:
    """Whether a value is scalars, lists and maps only: nothing ``Record.data()`` would convert."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is list:
        return all(_plain(item) for item in value)
    if kind is dict:
        return all(_plain(item) for item in value.values())
    return False  # a node, relationship, path, temporal or spatial value: the driver converts it


def as_dict(record: Record) -> dict[str, Any]:
    """``record.data()``, skipping its conversion walk when nothing needs converting.

    That walk tests every value against the driver's graph types and abstract collections (about
    ten isinstance calls each): it was half of a feed page's Python time (issue 15). Rows of plain
    values come out equal either way; anything else still goes through ``data()``."""
    row = dict(zip(record.keys(), record, strict=True))
    return row if all(_plain(value) for value in row.values()) else record.data()


class Statement:
    """One named statement, called like a function inside a managed transaction."""

    __slots__ = ("name", "text")

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text

    def __call__(self, tx: ManagedTransaction, /, **params: Any) -> list[dict[str, Any]]:
        """Run the statement and return every record as a dict."""
        return [as_dict(record) for record in tx.run(self.text, params)]

    def single(self, tx: ManagedTransaction, /, **params: Any) -> dict[str, Any] | None:
        """Run the statement and return its first record, or None."""
        record = tx.run(self.text, params).single(strict=False)
        return None if record is None else as_dict(record)

    def __repr__(self) -> str:
        return f"<Statement {self.name}>"


class QueryFile:
    """The statements of one ``cypher/queries`` file, as attributes."""

    def __init__(self, stem: str, statements: dict[str, str]) -> None:
        self.stem = stem
        self.statements = {name: Statement(f"{stem}.{name}", text) for name, text in statements.items()}
        for name, statement in self.statements.items():
            setattr(self, name, statement)

    def reload(self, text: str) -> None:
        """Serve new text for the same statements, in place (the mutation check's hook).

        Every holder of a Statement sees the change; a statement added or dropped is an error."""
        statements = named_blocks(text)
        if set(statements) != set(self.statements):
            raise ValueError(f"{self.stem}.cypher must keep its statements: {sorted(self.statements)}")
        for name, statement_text in statements.items():
            self.statements[name].text = statement_text

    def __getattr__(self, name: str) -> Statement:
        # Only reached for names the file does not define.
        raise UnknownQuery(f"cypher/queries/{self.stem}.cypher defines no statement {name!r}")

    def __iter__(self) -> Iterator[Statement]:
        return iter(self.statements.values())

    def __repr__(self) -> str:
        return f"<QueryFile {self.stem}: {len(self.statements)} statements>"


def load(stem: str, directory: Path = QUERIES_DIR) -> QueryFile:
    """The query file ``directory/stem.cypher``."""
    path = directory / f"{stem}.cypher"
    if not path.exists():
        raise UnknownQuery(f"there is no query file cypher/queries/{stem}.cypher")
    return QueryFile(stem, named_blocks(path.read_text()))


# One object per query file. Services import the files they use by name, so a cross-feature use
# (contacts running an identity statement) is a visible import; tests/test_queries.py checks that
# this list and the directory agree.
backup = load("backup")
bench = load("bench")
chats = load("chats")
collections = load("collections")
comments = load("comments")
contacts = load("contacts")
explore = load("explore")
feeds = load("feeds")
graphs = load("graphs")
idempotency = load("idempotency")
identity = load("identity")
images = load("images")
migrations = load("migrations")
moderation = load("moderation")
notifications = load("notifications")
peppers = load("peppers")
posts = load("posts")
seed = load("seed")
sybil = load("sybil")
trust = load("trust")
visibility = load("visibility")

FILES: dict[str, QueryFile] = {value.stem: value for value in list(globals().values()) if isinstance(value, QueryFile)}
