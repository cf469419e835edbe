"""The data team's query library: ``cypher/analytics/NAME.cypher``, run read-only with a timeout.

Each file opens with a comment header (name, description, parameters with defaults, output
columns, an optional chart), so the very same file runs in cypher-shell or Neo4j Browser.
Columns marked ``(count)`` are disclosure-controlled: a count below SECRET_GRAPH_MIN_CELL is
reported as ``<N``, so a small group in a report cannot point at a person; a column marked
``(over X)`` (a mean over the row's X accounts) is withheld whenever X is.

A query with ``// graph: friends`` runs on Graph Data Science: the runner projects the
friendship graph under a fresh name, passes it as ``$graph`` and drops it afterwards.
Charts and the HTML report are in ``secret_graph/charts.py``; ``frame`` serves notebooks.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from secret_graph.context import Context
from secret_graph.db import cypher
from secret_graph.db.cypher import graphs
from secret_graph.errors import InvalidInput, NotFound

ANALYTICS_DIR = cypher.CYPHER_DIR / "analytics"
TIMEOUT_S = 120
_HEADER_KEYS = ("name", "description", "param", "columns", "chart", "graph")
PROJECTIONS = {"friends": graphs.friends}  # the projections a `// graph:` header may name


@dataclass(frozen=True)
class Column:
    name: str
    is_count: bool
    over: str | None = None  # a statistic over the accounts this count column counts


@dataclass(frozen=True)
class AnalyticsQuery:
    name: str
    description: str
    statement: str
    params: dict[str, str] = field(default_factory=dict)
    columns: tuple[Column, ...] = ()
    chart: dict[str, str] = field(default_factory=dict)
    graph: str = ""


def load(path: Path) -> AnalyticsQuery:
    """Parse one query file and its header."""
    fields: dict[str, Any] = {"params": {}, "chart": {}, "columns": ()}
    text = path.read_text()
    for key, value in cypher.header(text):
        if key not in _HEADER_KEYS:
            continue
        if key == "param":
            name, _, default = value.partition("=")
            fields["params"][name.strip()] = default.strip()
        elif key == "columns":
            columns = []
            for part in value.split(","):
                name, _, mark = part.strip().partition(" ")
                over = mark.strip("() ").removeprefix("over ").strip() if mark.startswith("(over") else None
                columns.append(Column(name, mark == "(count)", over))
            fields["columns"] = tuple(columns)
        elif key == "chart":
            kind, *pairs = value.split()
            fields["chart"] = {"kind": kind, **dict(pair.split("=", 1) for pair in pairs)}
        else:
            fields[key] = value
    if fields.get("name") != path.stem:
        raise ValueError(f"{path.name}: the header's name must be {path.stem!r}")
    if fields.get("graph", "") not in ("", *PROJECTIONS):
        raise ValueError(f"{path.name}: no projection named {fields['graph']!r}; one of {sorted(PROJECTIONS)}")
    statement = cypher.strip_statement(text)
    return AnalyticsQuery(statement=statement, **fields)


def catalogue() -> dict[str, AnalyticsQuery]:
    """Every analytics query, by name."""
    return {path.stem: load(path) for path in sorted(ANALYTICS_DIR.glob("*.cypher"))}


def get(name: str) -> AnalyticsQuery:
    try:
        return catalogue()[name]
    except KeyError:
        raise NotFound(f"no analytics query named {name!r}; see `secret-graph analytics list`") from None


def resolve_params(query: AnalyticsQuery, given: dict[str, str], *, now_ms: int) -> dict[str, Any]:
    """Defaults overlaid with ``given``; values parse as JSON (numbers, strings...), `now` as the clock."""
    unknown = set(given) - set(query.params)
    if unknown:
        raise InvalidInput(
            f"{query.name} takes no parameter {', '.join(sorted(unknown))}; it takes {sorted(query.params) or 'none'}"
        )
    resolved = {}
    for name, default in query.params.items():
        raw = given.get(name, default)
        if raw == "now":
            resolved[name] = now_ms
            continue
        try:
            resolved[name] = json.loads(raw)
        except json.JSONDecodeError:
            raise InvalidInput(f"parameter {name} must be a number or JSON value, got {raw!r}") from None
    return resolved


def run(
    *, ctx: Context, name: str, params: dict[str, str] | None = None
) -> tuple[AnalyticsQuery, list[dict[str, Any]]]:
    """Run one query in a read-only transaction with a timeout; returns raw rows."""
    query = get(name)
    values = resolve_params(query, params or {}, now_ms=ctx.clock.now_ms())

    @neo4j.unit_of_work(timeout=TIMEOUT_S)
    def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
        return [record.data() for record in tx.run(query.statement, values)]

    if not query.graph:
        return query, ctx.db.read(work)
    # A fresh name per run: two reports at once must not drop each other's projection.
    values["graph"] = f"analytics-{uuid.uuid4().hex}"
    ctx.db.read(lambda tx: PROJECTIONS[query.graph](tx, graph=values["graph"]))
    try:
        return query, ctx.db.read(work)
    finally:
        ctx.db.read(lambda tx: graphs.drop(tx, graph=values["graph"]))


def protect(query: AnalyticsQuery, rows: list[dict[str, Any]], *, min_cell: int) -> list[dict[str, Any]]:
    """Counts below ``min_cell`` become ``"<min_cell"`` (zero stays zero: it points at nobody), and
    a statistic over a suppressed count is withheld (``None``)."""
    counted = {column.name for column in query.columns if column.is_count}
    over = {column.name: column.over for column in query.columns if column.over}
    safe = []
    for row in rows:
        small = {
            key for key, value in row.items() if key in counted and isinstance(value, int) and 0 < value < min_cell
        }
        safe.append(
            {
                key: f"<{min_cell}" if key in small else None if over.get(key) in small else value
                for key, value in row.items()
            }
        )
    return safe


def frame(name: str, *, ctx: Context | None = None, **params: Any):
    """One query's disclosure-controlled result as a pandas DataFrame (for notebooks).

    Suppressed counts are missing values (``<NA>``), never the true small number; the threshold is
    in ``df.attrs["min_cell"]``. Without ``ctx`` the configuration comes from the environment.
    """
    import pandas as pd

    from secret_graph.config import Settings

    if ctx is None:
        with Context.create(Settings.from_env()) as own:
            return frame(name, ctx=own, **params)
    min_cell = ctx.settings.min_cell
    query, rows = run(ctx=ctx, name=name, params={k: v if v == "now" else json.dumps(v) for k, v in params.items()})
    safe = protect(query, rows, min_cell=min_cell)
    columns = [column.name for column in query.columns]
    df = pd.DataFrame([{key: row.get(key) for key in columns} for row in safe], columns=columns)
    for column in query.columns:
        if column.is_count:
            df[column.name] = pd.array(
                [None if isinstance(v, str) or v is None else int(v) for v in df[column.name]], dtype="Int64"
            )
    df.attrs.update(query=name, min_cell=min_cell, description=query.description)
    return df


def render(rows: list[dict[str, Any]], fmt: str) -> str:
    """Rows as an aligned table, CSV or JSON."""
    if fmt == "json":
        return json.dumps(rows, indent=2, default=str)
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    if not rows:
        return "(no rows)\n"
    cells = [[str(row[c]) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(lines) + "\n"
