"""Who sees what: analytics cells, the circle rule and trust score, flags, deleted accounts' posts, delivery."""

from __future__ import annotations

from dataclasses import dataclass

from secret_graph.config_areas import setting
from secret_graph.config_parsing import (
    non_negative_fraction,
    one_of,
    optional_whole_number,
    positive_number,
    whole_number,
)


@dataclass(frozen=True)
class CircleSettings:
    min_cell: int = setting(
        "SECRET_GRAPH_MIN_CELL",
        "5",
        "Analytics counts below this are reported as `<N` (disclosure control).",
        whole_number,
    )
    friend_min_age_s: int = setting(
        "SECRET_GRAPH_FRIEND_MIN_AGE_S",
        "86400",
        "A friend counts towards opening a circle only once their account is this old (seconds).",
        whole_number,
    )
    friend_min_outside: int = setting(
        "SECRET_GRAPH_FRIEND_MIN_OUTSIDE",
        "2",
        "...and only with at least this many friends outside the viewer's own circle.",
        whole_number,
    )
    min_friends: int = setting(
        "SECRET_GRAPH_MIN_FRIENDS",
        "5",
        "Counted friends needed before friend and friend-of-friend posts show (the circle is open).",
        whole_number,
    )
    min_trust: float = setting(
        "SECRET_GRAPH_MIN_TRUST",
        "0",
        "A friend counts towards opening a circle only with a trust score (`secret-graph trust recompute`) at least this; 0 turns the rule off. "
        "See docs/threat-model.md for measured values.",
        non_negative_fraction,
    )
    circle_rule: str = setting(
        "SECRET_GRAPH_CIRCLE_RULE",
        "matching",
        "How counted friends' outside friends may overlap: `matching` (each needs its own, used by no other "
        "counted friend) or `shared` (any may share them). See docs/threat-model.md for the measurements.",
        one_of("matching", "shared"),
    )
    trust_seeds: int = setting(
        "SECRET_GRAPH_TRUST_SEEDS",
        "100",
        "Trusted seeds of the trust score: the most-connected accounts old enough (below).",
        positive_number,
    )
    trust_seed_min_age_s: int = setting(
        "SECRET_GRAPH_TRUST_SEED_MIN_AGE_S",
        "2592000",
        "An account may be a trust seed only once this old (seconds) and with SECRET_GRAPH_MIN_FRIENDS friends.",
        whole_number,
    )
    flag_threshold: int = setting(
        "SECRET_GRAPH_FLAG_THRESHOLD", "3", "Distinct flaggers that hide a post pending review.", whole_number
    )
    deleted_posts_window_s: int = setting(
        "SECRET_GRAPH_DELETED_POSTS_WINDOW_S",
        "604800",
        "Most seconds a deleted account's posts stay (unlinked, same audience), each removed at its own random time.",
        whole_number,
    )
    delivery_jitter_s: int = setting(
        "SECRET_GRAPH_DELIVERY_JITTER_S",
        "",
        "Most seconds a new post waits, at random, before others see it; empty means 300 in production, 0 otherwise.",
        optional_whole_number,
    )
