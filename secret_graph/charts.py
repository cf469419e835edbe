"""Charts of the analytics queries, and the self-contained HTML report (docs/analytics.md).

A chart must be readable by a person: a numeric column gets a numeric axis (a friend count of
200 sits at 200, not at the 200th category), a heavy-tailed column a logarithmic one, and tick
labels are thinned until none overlaps (``overlaps`` checks a drawn figure, and the tests call
it on every query's chart). Suppressed cells (``<N``) are not drawn: a zero would be a lie, and
the note under the chart says how many were left out.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import math
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from secret_graph import analytics
from secret_graph.context import Context

HEAVY_TAIL = 50  # a positive column whose largest value is this many times its smallest gets a log scale
_WIDTH, _HEIGHT, _DPI = 8, 4.5, 100


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _numeric(values: list[Any]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)


def _heavy(values: list[float]) -> bool:
    positive = [v for v in values if v > 0]
    return len(positive) >= 3 and max(positive) / min(positive) >= HEAVY_TAIL


def figure(query: analytics.AnalyticsQuery, rows: list[dict[str, Any]], *, min_cell: int):
    """The query's chart as a matplotlib figure (the caller closes it)."""
    plt = _pyplot()
    names = [column.name for column in query.columns]
    chart = query.chart or {"kind": "bar"}
    x_name = chart.get("x") or names[0]
    y_name = chart.get("y") or names[-1]
    drawn = [row for row in rows if _numeric([row.get(y_name)])]
    left_out = len(rows) - len(drawn)
    xs = [row.get(x_name) for row in drawn]
    ys = [row.get(y_name) for row in drawn]
    fig, axes = plt.subplots(figsize=(_WIDTH, _HEIGHT), dpi=_DPI)
    if _numeric(xs) and xs:
        log_x = _numeric_x(axes, xs, ys, kind=chart.get("kind", "bar"))
        axes.set_xlabel(f"{x_name} (log scale)" if log_x else x_name)
    else:
        _categorical_x(axes, [str(x) for x in xs], ys, kind=chart.get("kind", "bar"))
        axes.set_xlabel(x_name)
    if ys and _heavy(ys):
        axes.set_yscale("log")
        axes.set_ylabel(f"{y_name} (log scale)")
    else:
        axes.set_ylabel(y_name)
    axes.set_title("\n".join(textwrap.wrap(query.description, 90)), fontsize=9)
    note = f"counts below {min_cell} are suppressed"
    if left_out:
        note += f"; {left_out} suppressed cell{'s' if left_out > 1 else ''} not drawn"
    if not rows:
        axes.text(0.5, 0.5, "no rows", transform=axes.transAxes, ha="center", va="center")
    fig.text(0.99, 0.01, note, ha="right", va="bottom", fontsize=7)
    from matplotlib.ticker import FuncFormatter

    for axis, scale in ((axes.xaxis, axes.get_xscale()), (axes.yaxis, axes.get_yscale())):
        if scale != "linear":  # 128, not 2^7: a person reads the number
            axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.10g}"))
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    _thin_ticks(fig, axes)
    return fig


def _numeric_x(axes, xs: list[float], ys: list[float], *, kind: str) -> bool:
    heavy = _heavy([float(x) for x in xs])
    if heavy:
        # Zero (no friends) has no logarithm: symlog is linear up to 1, logarithmic beyond.
        if min(xs) <= 0:
            axes.set_xscale("symlog", base=2, linthresh=1)
        else:
            axes.set_xscale("log", base=2)
    if kind == "bar" and not heavy:
        steps = sorted({b - a for a, b in itertools.pairwise(sorted(xs)) if b > a}) or [1]
        axes.bar(xs, ys, width=0.8 * steps[0])
    else:
        axes.plot(xs, ys, marker="o", markersize=3, linewidth=1)
    return heavy


def _categorical_x(axes, labels: list[str], ys: list[float], *, kind: str) -> None:
    positions = list(range(len(labels)))
    if kind == "line":
        axes.plot(positions, ys, marker="o", markersize=3, linewidth=1)
    else:
        axes.bar(positions, ys)
    axes.set_xticks(positions, labels)


def _thin_ticks(fig, axes) -> None:
    """Keep every k-th x tick label, with k the smallest that leaves no two labels overlapping."""
    labels = [label for label in axes.get_xticklabels() if label.get_text()]
    if len(labels) < 2:
        return
    for step in range(1, len(labels) + 1):
        for index, label in enumerate(labels):
            label.set_visible(index % step == 0)
        if not overlaps(fig):
            return


def overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of visible texts (tick labels, axis labels, titles) whose boxes overlap once drawn,
    and texts that leave the figure."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    bounds = fig.bbox
    for axes in fig.axes:
        frame = axes.get_window_extent(renderer)
        for ticks, along in ((axes.get_xticklabels(), "x"), (axes.get_yticklabels(), "y")):
            boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ticks if t.get_visible() and t.get_text()]
            # Ticks outside the axes' view are listed but never drawn.
            boxes = [(text, box) for text, box in boxes if _within(box, frame, along)]
            for (text_a, a), (text_b, b) in itertools.pairwise(boxes):
                if a.overlaps(b):
                    found.append((text_a, text_b))
            for text, box in boxes:
                if box.x0 < bounds.x0 - 1 or box.x1 > bounds.x1 + 1 or box.y0 < bounds.y0 - 1:
                    found.append((text, "<figure edge>"))
        title = axes.title.get_window_extent(renderer)
        if axes.title.get_text() and (title.x0 < bounds.x0 - 1 or title.x1 > bounds.x1 + 1):
            found.append((axes.title.get_text(), "<figure edge>"))
    return found


def _within(box, frame, along: str) -> bool:
    if along == "x":
        return frame.x0 - 1 <= (box.x0 + box.x1) / 2 <= frame.x1 + 1
    return frame.y0 - 1 <= (box.y0 + box.y1) / 2 <= frame.y1 + 1


def close(fig) -> None:
    """Release a figure from pyplot's registry."""
    _pyplot().close(fig)


def png(query: analytics.AnalyticsQuery, rows: list[dict[str, Any]], *, min_cell: int) -> bytes:
    """The chart as PNG bytes."""
    fig = figure(query, rows, min_cell=min_cell)
    try:
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        _pyplot().close(fig)


def plot(query: analytics.AnalyticsQuery, rows: list[dict[str, Any]], path: Path, *, min_cell: int) -> None:
    """Draw the query's chart into a PNG file."""
    path.write_bytes(png(query, rows, min_cell=min_cell))


def report(*, ctx: Context, names: list[str] | None = None) -> str:
    """Every query (or ``names``), its table and its chart in one self-contained HTML page."""
    min_cell = ctx.settings.min_cell
    sections = []
    for name, query in analytics.catalogue().items():
        if names and name not in names:
            continue
        started = time.monotonic()
        try:
            query, rows = analytics.run(ctx=ctx, name=name)
        except Exception as error:  # one failing query (GDS missing...) must not sink the weekly report
            sections.append(_section(query, None, f"{type(error).__name__}: {error}", 0.0, min_cell))
            continue
        safe = analytics.protect(query, rows, min_cell=min_cell)
        sections.append(_section(query, safe, None, time.monotonic() - started, min_cell))
    stamp = datetime.fromtimestamp(ctx.clock.now_ms() / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")
    index = "".join(f'<li><a href="#{html.escape(s[0])}">{html.escape(s[0])}</a></li>' for s in sections)
    body = "".join(s[1] for s in sections)
    return _PAGE.format(stamp=stamp, min_cell=min_cell, index=index, body=body)


def _section(query, rows, error, seconds: float, min_cell: int) -> tuple[str, str]:
    head = f'<h2 id="{html.escape(query.name)}">{html.escape(query.name)}</h2><p>{html.escape(query.description)}</p>'
    if query.params:
        head += "<p class=params>parameters: " + html.escape(", ".join(f"{k}={v}" for k, v in query.params.items()))
        head += "</p>"
    if error is not None:
        return query.name, f"<section>{head}<p class=error>{html.escape(error)}</p></section>"
    columns = [column.name for column in query.columns]
    table = "<table><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in columns) + "</tr>"
    for row in rows:
        table += "<tr>" + "".join(f"<td>{html.escape(_cell(row.get(c)))}</td>" for c in columns) + "</tr>"
    table += "</table>"
    image = base64.b64encode(png(query, rows, min_cell=min_cell)).decode()
    chart = f'<img alt="chart of {html.escape(query.name)}" src="data:image/png;base64,{image}">'
    took = f"<p class=params>{len(rows)} rows in {seconds:.1f} s</p>"
    return query.name, f"<section>{head}{chart}{took}{table}</section>"


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}" if not math.isnan(value) else "-"
    return str(value)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>secret-graph analytics, {stamp}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }}
table {{ border-collapse: collapse; margin: 0.5em 0 2em; }}
th, td {{ border: 1px solid #ccc; padding: 2px 8px; text-align: right; }}
img {{ max-width: 100%; }} .params {{ color: #666; font-size: 12px; }} .error {{ color: #a00; }}
</style></head><body>
<h1>secret-graph analytics</h1>
<p>Run at {stamp}. Counts below {min_cell} are shown as &lt;{min_cell} (SECRET_GRAPH_MIN_CELL),
and a mean over so few accounts as -.</p>
<ul>{index}</ul>
{body}
</body></html>
"""
