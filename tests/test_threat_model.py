"""Every test the threat model cites exists."""

import ast
import re

from secret_graph.config import PROJECT_ROOT

DOC = (PROJECT_ROOT / "docs" / "threat-model.md").read_text()


def _defined(path: str) -> set[str]:
    tree = ast.parse((PROJECT_ROOT / path).read_text())
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def test_every_cited_test_exists():
    cited = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", DOC)
    assert len(cited) >= 25
    for path, name in cited:
        assert name in _defined(path), f"{path}::{name} is cited by docs/threat-model.md but missing"


def test_every_defence_setting_is_a_real_variable():
    from secret_graph.config import VARIABLES

    names = {v.name for v in VARIABLES}
    for setting in re.findall(r"`(SECRET_GRAPH_[A-Z_]+)`", DOC):
        assert setting in names, setting


# Wall-clock reads; durations (perf_counter, monotonic) are not times of day and stay allowed.
_WALL_CLOCK_CALLS = {
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "ctime"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
}
_CYPHER_CLOCK = re.compile(
    r"\b(?:timestamp|datetime|localdatetime|date|time|localtime)\s*\(\s*\)"
    r"|\b(?:datetime|localdatetime|date|time|localtime)\.(?:realtime|statement|transaction)\b",
    re.IGNORECASE,
)


def wall_clock_reads(source: str) -> list[str]:
    """`module.function` for every wall-clock call or import in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in _WALL_CLOCK_CALLS:
                found.append(f"{node.value.id}.{node.attr}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            if (node.value.attr, node.attr) in _WALL_CLOCK_CALLS:
                found.append(f"{node.value.attr}.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module in ("time", "datetime"):
            found += [f"{node.module}.{a.name}" for a in node.names if (node.module, a.name) in _WALL_CLOCK_CALLS]
    return found


def test_the_clock_module_is_the_only_reader_of_the_wall_clock():
    """Account age, quotas, expiry and jitter follow ctx.clock, so the FakeClock moves them all."""
    offenders = []
    for path in sorted([*PROJECT_ROOT.glob("secret_graph/**/*.py"), *PROJECT_ROOT.glob("api/**/*.py")]):
        if path != PROJECT_ROOT / "secret_graph" / "clock.py":
            offenders += [f"{path.relative_to(PROJECT_ROOT)}: {call}" for call in wall_clock_reads(path.read_text())]
    for path in sorted([*PROJECT_ROOT.glob("cypher/queries/*.cypher"), *PROJECT_ROOT.glob("cypher/migrations/*")]):
        code = "\n".join(line.split("//")[0] for line in path.read_text().splitlines())
        offenders += [f"{path.relative_to(PROJECT_ROOT)}: {m.group(0)}" for m in _CYPHER_CLOCK.finditer(code)]
    assert offenders == [], "read ctx.clock instead (a $now parameter in Cypher)"
    assert wall_clock_reads((PROJECT_ROOT / "secret_graph" / "clock.py").read_text()) == ["time.time_ns"]


def test_the_wall_clock_check_sees_every_form():
    sources = [
        "import time\nt = time.time()",
        "from time import time_ns",
        "import datetime\nd = datetime.datetime.now()",
        "from datetime import datetime\nd = datetime.utcnow()",
        "from datetime import date\nd = date.today()",
    ]
    assert all(wall_clock_reads(source) for source in sources)
    assert wall_clock_reads("import time\nt = time.perf_counter() + time.monotonic()") == []
    assert _CYPHER_CLOCK.search("SET p.created_at = timestamp()")
    assert _CYPHER_CLOCK.search("WHERE a.created_at < datetime.realtime().epochMillis")
    assert not _CYPHER_CLOCK.search("RETURN datetime({epochMillis: $now})")
