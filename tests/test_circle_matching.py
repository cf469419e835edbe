"""The matching circle rule's search (secret_graph.visibility.counted_friends) against brute force."""

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from secret_graph.visibility import counted_friends
from tests.visibility_reference import served


def _brute_force(outside: list[set[int]], k: int, m: int) -> int:
    lists = dict(enumerate(outside))
    return max(
        (size for size in range(k + 1) for group in combinations(lists, size) if served(group, lists, m)), default=0
    )


@settings(max_examples=400, deadline=None)
@given(
    k=st.integers(1, 4),
    m=st.integers(1, 3),
    outside=st.lists(st.sets(st.integers(0, 7), max_size=8), max_size=7),
)
def test_the_search_counts_what_every_choice_allows(k, m, outside):
    # The statement lists only friends with m outside friends, each cut at k*m (a friend with as many is never short).
    rows = [sorted(map(str, xs))[: k * m] for xs in outside if len(xs) >= m]
    kept = [xs for xs in outside if len(xs) >= m]  # uncut: the cut must not change the answer
    assert counted_friends(rows, rule="matching", min_friends=k, min_outside=m) == _brute_force(kept, k, m)
    assert counted_friends(rows, rule="shared", min_friends=k, min_outside=m) == min(k, len(rows))


def test_greedy_alone_would_be_wrong():
    """The first friend would take both outsiders the other two need; only the search finds two."""
    rows = [["1", "3"], ["1", "2"], ["3", "4"]]
    assert counted_friends(rows, rule="matching", min_friends=2, min_outside=2) == 2
    assert counted_friends([["o", "p"]] * 4, rule="matching", min_friends=5, min_outside=2) == 1
