"""The Cypher loader, and the promise that a wrong statement name fails before anything runs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from secret_graph.config import PROJECT_ROOT
from secret_graph.db import cypher

CODE_DIRS = ("secret_graph", "api", "bench", "load", "tests")


def test_named_blocks_split_a_file():
    text = "// header\n\n// name: first\nMATCH (n) RETURN n;\n\n// name: second\n// about it\nRETURN 1\n"
    assert cypher.named_blocks(text) == {"first": "MATCH (n) RETURN n", "second": "// about it\nRETURN 1"}


def test_duplicate_names_are_an_error():
    with pytest.raises(ValueError, match="twice"):
        cypher.named_blocks("// name: a\nRETURN 1\n// name: a\nRETURN 2")


def test_an_unknown_statement_or_file_fails_at_once():
    with pytest.raises(cypher.UnknownQuery, match=r"identity\.cypher defines no statement 'nope'"):
        _ = cypher.identity.nope
    with pytest.raises(cypher.UnknownQuery, match="no query file"):
        cypher.load("nope")


def test_every_query_file_is_loaded_once():
    on_disk = {path.stem for path in cypher.QUERIES_DIR.glob("*.cypher")}
    assert set(cypher.FILES) == on_disk, "add `NAME = load('NAME')` to secret_graph/db/cypher.py and FILES"
    for stem, query_file in cypher.FILES.items():
        assert getattr(cypher, stem) is query_file


def _statement_references(path: Path) -> list[tuple[str, str, int]]:
    """(file stem, statement name, line) for every `alias.name` where alias is an imported query file."""
    tree = ast.parse(path.read_text())
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "secret_graph.db.cypher":
            for alias in node.names:
                if alias.name in cypher.FILES:
                    aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module == "secret_graph.db":
            for alias in node.names:
                if alias.name == "cypher":
                    aliases.setdefault("__module__", alias.asname or "cypher")
    found = []
    module_alias = aliases.pop("__module__", None)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        base = node.value
        if isinstance(base, ast.Name) and base.id in aliases:
            found.append((aliases[base.id], node.attr, node.lineno))
        elif (
            module_alias
            and isinstance(base, ast.Attribute)
            and isinstance(base.value, ast.Name)
            and base.value.id == module_alias
            and base.attr in cypher.FILES
        ):
            found.append((base.attr, node.attr, node.lineno))
    return found


def test_every_statement_the_code_names_exists():
    """A typo in `posts.craete(tx)` fails here, before any request reaches it."""
    missing, used = [], 0
    for folder in CODE_DIRS:
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            if path == Path(__file__):
                continue  # this file names missing statements on purpose
            for stem, name, line in _statement_references(path):
                used += 1
                if name not in cypher.FILES[stem].statements and name not in ("statements", "stem", "reload"):
                    missing.append(f"{path.relative_to(PROJECT_ROOT)}:{line}: {stem}.{name}")
    assert used > 50, "the scan found almost no statement uses: is it still reading the code?"
    assert not missing, "statements no file defines:\n" + "\n".join(missing)


def test_the_reference_scan_sees_a_typo(tmp_path: Path):
    """The scan above can fail."""
    sample = tmp_path / "sample.py"
    sample.write_text("from secret_graph.db.cypher import posts as p\n\ndef f(tx):\n    p.craete(tx)\n")
    assert _statement_references(sample) == [("posts", "craete", 4)]


def test_no_code_runs_cypher_by_string_name():
    """Statements are called as objects: no `run(tx, "file.name")` and no f-string names remain."""
    pattern = re.compile(r"""\b(run|single|query|command)\(\s*(tx\s*,\s*)?f?["'][a-z_]+\.[a-z_0-9{]""")
    offenders = []
    for folder in CODE_DIRS:
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            if path == Path(__file__):
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}")
    assert not offenders, offenders


def test_queries_are_never_format_templates():
    """Statements are sent as written, with $parameters; nothing is formatted into them."""
    for query_file in cypher.FILES.values():
        for statement in query_file:
            assert statement.text, statement.name
            assert "%s" not in statement.text and "{}" not in statement.text and "{0}" not in statement.text


def _fragments(pattern: str) -> set[str]:
    text = (cypher.QUERIES_DIR / "feeds.cypher").read_text()
    return {" ".join(match.split()) for match in re.findall(pattern, text, flags=re.DOTALL)}


def test_repeated_feed_fragments_are_one_definition():
    """The sort key and the after-cursor predicate stand in several statements: they must agree."""
    sort_keys = _fragments(r"WITH p, CASE \$sort.*?END AS sort_key")
    assert len(sort_keys) == 1, sort_keys
    after = _fragments(r"WHERE \$after_key IS NULL OR sort_key[^\n]*")
    assert len(after) == 1, after


def test_the_two_feed_walks_share_their_reach_test_word_for_word():
    """`feed_recent_walk` and `feed_popular_walk` differ only in the index they walk: the gate, the
    listing bound and the reach test are written in both and must not drift apart."""
    for pattern in (
        r"CALL \(v\) \{ OPTIONAL MATCH \(v\)-\[:FRIEND\].*?CALL \(v, friends, subscribed, listed, fof, audience\) \{",
        r"AND \(EXISTS \{ \(a:Account\)-\[:WROTE\]->\(p\).*?RETURN p LIMIT \$batch",
    ):
        text = (cypher.QUERIES_DIR / "feeds.cypher").read_text()
        assert len(re.findall(pattern, text, flags=re.DOTALL)) == 2, pattern  # one in each walk
        assert len(_fragments(pattern)) == 1, _fragments(pattern)


def test_the_benchmark_baseline_lives_with_the_benchmarks():
    assert "naive_ic9" in cypher.bench.statements
    assert "naive_ic9" not in cypher.feeds.statements


def test_the_post_baseline_is_posts_create_without_the_rank():
    """bench/feed_writes.py times posts against `bench.naive_post` to price the stored rank: the two
    statements must differ by the rank and nothing else, or the comparison prices something else."""

    def words(text: str) -> str:
        return " ".join(" ".join(line for line in text.splitlines() if not line.startswith("//")).split())

    ranked = words(cypher.posts.create.text)
    assert ", rank: $now / 45000000.0" in ranked
    assert ranked.replace(", rank: $now / 45000000.0", "") == words(cypher.bench.naive_post.text)


def test_the_circle_reads_the_digest_word_for_word():
    """`circle` reads `circle_inputs`' digest before the neighbourhood and again after it
    (secret_graph/visibility.py compares the readings with each other and with `circle_inputs`'):
    the three readings must not drift apart."""
    digest = "\n".join(cypher.visibility.circle_inputs.text.splitlines()[-2:])
    indented = "\n".join("  " + line for line in digest.splitlines())
    circle = cypher.visibility.circle.text
    assert circle.count(f"CALL (v) {{\n{indented}\n}}\nWITH v, own AS own_before") == 1
    assert circle.count(f"CALL (v, outside_friends) {{\n{indented}\n}}\nRETURN") == 1
