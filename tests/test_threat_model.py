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
