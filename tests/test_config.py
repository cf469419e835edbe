import ast
import re
from pathlib import Path

import pytest

from secret_graph.config import PROJECT_ROOT, VARIABLES, ConfigError, Settings, markdown_table


def test_defaults_in_development_generate_and_keep_a_pepper(tmp_path: Path):
    first = Settings.from_env({"SECRET_GRAPH_VAR_DIR": str(tmp_path)})
    second = Settings.from_env({"SECRET_GRAPH_VAR_DIR": str(tmp_path)})
    assert first.pepper == second.pepper
    assert len(first.pepper) >= 32
    assert (tmp_path / "pepper").stat().st_mode & 0o777 == 0o600
    assert first.uses_local_neo4j and first.bolt_uri == "bolt://127.0.0.1:7687"


def test_production_requires_a_pepper(tmp_path: Path):
    with pytest.raises(ConfigError, match="SECRET_GRAPH_PEPPER is required"):
        Settings.from_env(
            {
                "SECRET_GRAPH_ENV": "production",
                "SECRET_GRAPH_VAR_DIR": str(tmp_path),
                "SECRET_GRAPH_SMS_BACKEND": "null",
                "SECRET_GRAPH_FACEBOOK_BACKEND": "null",
            }
        )


def test_production_refuses_the_dev_sms_backend():
    with pytest.raises(ConfigError, match="production refuses"):
        Settings.from_env({"SECRET_GRAPH_ENV": "production", "SECRET_GRAPH_PEPPER": "p" * 40})


def test_short_pepper_and_bad_numbers_are_refused():
    with pytest.raises(ConfigError, match="at least 32"):
        Settings.from_env({"SECRET_GRAPH_PEPPER": "short"})
    with pytest.raises(ConfigError, match="SECRET_GRAPH_PORT"):
        Settings.from_env({"SECRET_GRAPH_PEPPER": "p" * 40, "SECRET_GRAPH_PORT": "eighty"})


def test_secrets_are_never_shown():
    settings = Settings.from_env({"SECRET_GRAPH_PEPPER": "p" * 40, "NEO4J_PASSWORD": "hunter2-hunter2"})
    shown = settings.describe()
    assert shown["SECRET_GRAPH_PEPPER"] == "***" and shown["NEO4J_PASSWORD"] == "***"
    assert "hunter2" not in repr(settings) and "pppp" not in repr(settings)


def test_readme_documents_every_variable():
    readme = (PROJECT_ROOT / "README.md").read_text()
    table_names = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))
    assert table_names == {v.name for v in VARIABLES}
    assert markdown_table() in readme, "regenerate with: secret-graph config --markdown"


def test_every_variable_is_declared_once():
    # The declarations are spread over config.py and config_areas/: a field declared in two areas
    # would silently override the other (dataclass inheritance), so count the declarations.
    declarations = [
        node.target.id
        for path in [
            PROJECT_ROOT / "secret_graph" / "config.py",
            *(PROJECT_ROOT / "secret_graph").glob("config_areas/*.py"),
        ]
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", "") == "setting"
    ]
    assert sorted(declarations) == sorted(v.attr for v in VARIABLES)
    assert len({v.name for v in VARIABLES}) == len(VARIABLES)
