"""The import rules of docs/architecture.md, enforced: dependencies point one way.

API -> services (domain packages) -> visibility, paging, idempotency -> db -> crypto -> config.
Every module of the core sits in one layer below; a module may import only from lower layers
(or its own package). Domain packages may use a sibling only through its ``services`` module,
and never both ways. The core never imports Flask; the API never runs Cypher itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

from secret_graph.config import PROJECT_ROOT

CORE = PROJECT_ROOT / "secret_graph"

# Layer of every top-level module or package of secret_graph/. A new one must be placed here
# (and in docs/architecture.md): the test fails until it is.
LAYERS: dict[str, int] = {
    # 0. Plain values: settings, errors, time.
    "config_parsing": -2,  # the parsers config.py declares its settings with
    "config_areas": -1,  # the settings' declarations, by area: config.py's Settings joins them
    "config": 0,
    "errors": 0,
    "clock": 0,
    # 1. Pure rules on values: keys, hashes and ids; places; what text may say; the backgrounds catalogue.
    "crypto": 1,
    "backgrounds": 1,
    "geo": 1,
    "phones": 1,
    "text": 1,
    "keywords": 1,
    # 2. The database: driver, Cypher loader, migrations.
    "db": 2,
    # 3. Outside-service adapters, and the shapes every feature returns.
    "adapters": 3,
    "screening": 3,  # the signals that screen posts and comments (a classifier is an outside service too)
    "render": 3,
    "localneo4j": 3,
    "open_circles": 3,  # circles found open, remembered under a digest of what decided them
    "jobs": 3,  # the job queue (Dramatiq): features register handlers and enqueue through it
    # 4. The shared kernel every feature builds on.
    "context": 4,
    "paging": 5,
    "visibility": 5,
    "idempotency": 5,
    "peppers": 5,
    # 6. Features (domain packages): each one's services are its public face.
    "identity": 6,
    "contacts": 6,
    "posts": 6,
    "comments": 6,
    "feeds": 6,
    "collections": 6,
    "moderation": 6,
    "notifications": 6,
    "chats": 6,
    "images": 6,
    "analytics": 6,
    "threats": 6,
    "trust": 6,
    "health": 6,
    # 7. Tools on top: seeding, serving, the command line.
    "seed": 7,
    "charts": 7,
    "serving": 7,
    "backup": 7,
    "commands": 8,  # one module per command group: the handlers of the `secret-graph` commands
    "cli": 9,  # the argparse wiring of every command (and the console-script entry point)
}
DOMAIN = 6


def _unit(path: Path) -> str:
    """The top-level module or package a file belongs to (``__init__`` is the package itself)."""
    parts = path.relative_to(CORE).with_suffix("").parts
    return parts[0]


def _imports(path: Path, source: str | None = None) -> list[tuple[str, int]]:
    """(imported module, line) for every import in the file, those inside functions included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text() if source is None else source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if (PROJECT_ROOT / node.module.replace(".", "/")).is_dir():
                # `from package import a, b`: a and b are what is used (modules or the package's names).
                found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
    return found


def _core_files() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def test_every_core_module_has_a_layer():
    units = {_unit(path) for path in _core_files() if path.name != "__init__.py" or path.parent != CORE}
    missing = sorted(units - set(LAYERS))
    assert not missing, f"place these in LAYERS (tests/test_layering.py) and docs/architecture.md: {missing}"


def test_the_core_never_imports_flask():
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}"
        for path in _core_files()
        for module, line in _imports(path)
        if module.split(".")[0] in ("flask", "flask_smorest", "werkzeug", "api")
    ]
    assert not offenders, offenders


def dependency_problems(sources: dict[Path, str | None]) -> list[str]:
    """Every import that points up, sideways, or into a sibling feature's internals."""
    problems = []
    for path, source in sources.items():
        if path.parent == CORE and path.name == "__init__.py":
            continue
        unit = _unit(path)
        for module, line in _imports(path, source):
            parts = module.split(".")
            if parts[0] != "secret_graph" or len(parts) < 2 or parts[1] == unit or parts[1] not in LAYERS:
                continue
            target = parts[1]
            where = f"{path.relative_to(PROJECT_ROOT)}:{line} imports {module}"
            if LAYERS[target] > LAYERS[unit]:
                problems.append(f"{where}: an upward import (layer {LAYERS[unit]} -> {LAYERS[target]})")
            elif LAYERS[target] == LAYERS[unit]:
                if LAYERS[unit] != DOMAIN:
                    problems.append(f"{where}: a sideways import inside layer {LAYERS[unit]}")
                elif len(parts) > 2 and parts[2] != "services":
                    problems.append(f"{where}: a feature may use a sibling only through its services module")
    return problems


def test_dependencies_point_down():
    problems = dependency_problems(dict.fromkeys(_core_files()))
    assert not problems, "\n".join(problems)


def test_no_two_features_import_each_other():
    edges: dict[str, set[str]] = {}
    for path in _core_files():
        unit = _unit(path)
        if LAYERS.get(unit) != DOMAIN:
            continue
        for module, _ in _imports(path):
            parts = module.split(".")
            if parts[0] == "secret_graph" and len(parts) > 1 and parts[1] != unit and LAYERS.get(parts[1]) == DOMAIN:
                edges.setdefault(unit, set()).add(parts[1])
    cycles = sorted({tuple(sorted((a, b))) for a in edges for b in edges[a] if a in edges.get(b, set())})
    assert not cycles, f"features that import each other: {cycles}"


def test_the_api_calls_services_not_the_database():
    offenders = []
    for path in sorted((PROJECT_ROOT / "api").rglob("*.py")):
        for module, line in _imports(path):
            if module.startswith(("secret_graph.db", "neo4j")):
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{line} imports {module}")
    assert not offenders, offenders


def test_the_rules_catch_a_violation():
    """The checker itself can fail: an upward, a sideways and an internal import are each reported."""
    problems = dependency_problems(
        {
            CORE / "geo.py": "from secret_graph.posts import services\n",
            CORE / "paging.py": "from secret_graph import visibility\n",
            CORE / "comments" / "services.py": "from secret_graph.posts.content import clean_text\n",
            CORE / "feeds" / "services.py": "from secret_graph.posts import services\n",
        }
    )
    assert [problem.split(": ", 1)[1] for problem in problems] == [
        "an upward import (layer 1 -> 6)",
        "a sideways import inside layer 5",
        "a feature may use a sibling only through its services module",
    ]
