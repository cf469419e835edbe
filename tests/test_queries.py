import pytest

from secret_graph.db import queries


def test_parse_splits_named_blocks():
    text = "// header\n\n// name: first\nMATCH (n) RETURN n;\n\n// name: second\n// about it\nRETURN 1\n"
    assert queries.parse(text) == {"first": "MATCH (n) RETURN n", "second": "// about it\nRETURN 1"}


def test_duplicate_names_are_an_error():
    with pytest.raises(ValueError, match="twice"):
        queries.parse("// name: a\nRETURN 1\n// name: a\nRETURN 2")


def test_unknown_query():
    with pytest.raises(queries.UnknownQuery):
        queries.get("identity.nope")


def test_queries_are_never_format_templates():
    """Statements are sent as written, with $parameters; nothing is formatted into them."""
    for name in queries.names():
        statement = queries.get(name)
        assert statement, name
        assert "%s" not in statement and "{}" not in statement and "{0}" not in statement, name
