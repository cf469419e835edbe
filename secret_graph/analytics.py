"""The data team's query library: ``cypher/analytics/NAME.cypher``, run read-only with a timeout.

Each file opens with a comment header (name, description, parameters with defaults, output
columns, an optional chart), so the very same file runs in cypher-shell or Neo4j Browser.
Columns marked ``(count)`` are disclosure-controlled: a count below SECRET_GRAPH_MIN_CELL is
reported as ``<N``, so a small group in a report cannot point at a person.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from secret_graph.context import Context
from secret_graph.db import cypher
from secret_graph.errors import InvalidInput, NotFound

ANALYTICS_DIR = cypher.CYPHER_DIR / "analytics"
TIMEOUT_S = 120
_HEADER_KEYS = ("name", "description", "param", "columns", "chart")


@dataclass(frozen=True)
class Column:
    name: str
    is_count: bool


@dataclass(frozen=True)
class AnalyticsQuery:
    name: str
    description: str
    statement: str
    params: dict[str, str] = field(default_factory=dict)
    columns: tuple[Column, ...] = ()
    chart: dict[str, str] = field(default_factory=dict)


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
                name = part.replace("(count)", "").strip()
                columns.append(Column(name, "(count)" in part))
            fields["columns"] = tuple(columns)
        elif key == "chart":
            kind, *pairs = value.split()
            fields["chart"] = {"kind": kind, **dict(pair.split("=", 1) for pair in pairs)}
        else:
            fields[key] = value
    if fields.get("name") != path.stem:
        raise ValueError(f"{path.name}: the header's name must be {path.stem!r}")
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

    return query, ctx.db.read(work)


def protect(query: AnalyticsQuery, rows: list[dict[str, Any]], *, min_cell: int) -> list[dict[str, Any]]:
    """Counts below ``min_cell`` become ``"<min_cell"`` (zero stays zero: it points at nobody)."""
    counted = {column.name for column in query.columns if column.is_count}
    safe = []
    for row in rows:
        safe.append(
            {
                key: f"<{min_cell}" if key in counted and isinstance(value, int) and 0 < value < min_cell else value
                for key, value in row.items()
            }
        )
    return safe


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


def plot(query: AnalyticsQuery, rows: list[dict[str, Any]], path: Path, *, min_cell: int) -> None:
    """Draw the query's chart into a PNG. Suppressed cells (<N) are drawn as zero-height bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [column.name for column in query.columns]
    chart = query.chart or {"kind": "bar"}
    x_name = chart.get("x") or names[0]
    y_name = chart.get("y") or names[-1]
    xs = [str(row.get(x_name)) for row in rows]
    ys = [row.get(y_name) if isinstance(row.get(y_name), int | float) else 0 for row in rows]
    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=100)
    if chart.get("kind") == "line":
        axes.plot(xs, ys, marker="o")
    else:
        axes.bar(xs, ys)
    axes.set_title(query.description, fontsize=10)
    axes.set_xlabel(x_name)
    axes.set_ylabel(y_name)
    if len(xs) > 12:
        axes.tick_params(axis="x", labelrotation=60, labelsize=7)
    axes.text(1.0, -0.18, f"counts below {min_cell} shown as 0", transform=axes.transAxes, ha="right", fontsize=7)
    figure.tight_layout()
    figure.savefig(path, format="png")
    plt.close(figure)
