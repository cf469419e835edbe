"""The mutants of ``cypher/queries/visibility.cypher``: each breaks one rule of docs/visibility.md.

A mutant is a list of exact textual replacements; each ``old`` must occur exactly once in the file,
so a mutant that no longer applies (the rule was rewritten) fails the run instead of silently passing.
``killer`` names the test written for that rule: the runner tries it first, to keep the run short,
and falls back to the whole visibility suite when it does not fail.
"""

from __future__ import annotations

from dataclasses import dataclass

VIS = "tests/test_visibility.py"
RULES = "tests/test_visibility_rules.py"
ATTACK = "tests/attacks/test_fake_friend_isolation.py"
WORLD = "tests/test_world.py"
UNLINK = "tests/attacks/test_unlink_linkage.py"
CACHE = "tests/test_open_circles.py"


@dataclass(frozen=True)
class Mutant:
    name: str
    replacements: tuple[tuple[str, str], ...]
    killer: str | None = None

    def apply(self, text: str) -> str:
        for old, new in self.replacements:
            count = text.count(old)
            if count != 1:
                raise ValueError(f"mutant {self.name!r}: {old!r} occurs {count} times in visibility.cypher")
            text = text.replace(old, new)
        return text


FRIEND = "WHEN $circle_open AND author IS NOT NULL\n         AND EXISTS { (v)-[fr:FRIEND]-(author)"
FOF = "WHEN $circle_open AND author IS NOT NULL\n         AND EXISTS { MATCH (author)-[f2:FRIEND]"
# The digest as `circle` reads it before and after the neighbourhood (`circle_inputs` is the third copy).
DIGEST_BEFORE = "  RETURN coalesce(v.ties, 0) AS own, sum(coalesce(f.ties, 0)) AS friends\n}\nWITH v, own AS own_before"
DIGEST_AFTER = "  RETURN coalesce(v.ties, 0) AS own, sum(coalesce(f.ties, 0)) AS friends\n}\nRETURN own_before"
HEART = "WHEN $circle_open\n         AND EXISTS { MATCH (f)-[h:HEARTED]->(p) WHERE f IN mine"

MUTANTS: tuple[Mutant, ...] = (
    # Unlink and deletion: nothing an account wrote vanishes together (docs/threat-model.md).
    Mutant(
        "unlinked posts lose the friend label they had (they vanish together)",
        (("[:SAW {label: 'friend'}]->(p) } THEN 'friend'", "[:SAW {label: 'none'}]->(p) } THEN 'friend'"),),
        f"{UNLINK}::test_unlinking_makes_no_post_vanish_or_change_its_label",
    ),
    Mutant(
        "unlinked posts lose the friend_of_friend label they had",
        (("[:SAW {label: 'friend_of_friend'}]->(p) }", "[:SAW {label: 'none'}]->(p) }"),),
        f"{UNLINK}::test_unlinking_makes_no_post_vanish_or_change_its_label",
    ),
    Mutant(
        "an unlinked post comes back to whoever had blocked its author",
        (("[:SAW {label: 'blocked'}]->(p) } THEN null", "[:SAW {label: 'none'}]->(p) } THEN null"),),
        f"{UNLINK}::test_a_post_hidden_by_a_block_stays_hidden_after_its_author_unlinks",
    ),
    Mutant(
        "a comment its writer let go of comes back to whoever had blocked the writer",
        (("[:SAW {label: 'blocked'}]->(c) }", "[:SAW {label: 'none'}]->(c) }"),),
        "tests/attacks/test_comment_linkage.py::test_unlinking_changes_no_thread_and_leaves_no_path_to_the_posts",
    ),
    Mutant(
        "a deleted account's posts are never removed",
        (("    WHEN p.remove_at <= $now THEN null", "    WHEN false THEN null"),),
        f"{UNLINK}::test_a_deleted_accounts_posts_go_one_at_a_time_not_with_the_friendship",
    ),
    # "No history through new edges": one mutant per edge of a path.
    Mutant(
        "friend: edge viewer-author need not predate the post",
        (("(v)-[fr:FRIEND]-(author) WHERE fr.since <= p.created_at }", "(v)-[fr:FRIEND]-(author) }"),),
        f"{VIS}::test_a_new_friendship_reveals_no_older_posts",
    ),
    Mutant(
        "friend_of_friend: edge viewer-friend need not predate the post",
        (("(v)-[f1:FRIEND]-(m) WHERE f1.since <= p.created_at }", "(v)-[f1:FRIEND]-(m) }"),),
        f"{RULES}::test_a_new_viewer_friend_edge_reveals_no_older_friend_of_friend_posts",
    ),
    Mutant(
        "friend_of_friend: edge friend-author need not predate the post",
        (("WHERE m IN mine AND f2.since <= p.created_at", "WHERE m IN mine"),),
        f"{VIS}::test_a_new_friend_of_a_friend_path_reveals_no_older_posts",
    ),
    Mutant(
        "hearted_by_friend: heart-age check dropped",
        (("(v)-[fr:FRIEND]-(f) WHERE fr.since <= h.at }", "(v)-[fr:FRIEND]-(f) }"),),
        f"{VIS}::test_a_new_heart_path_reveals_no_older_hearts",
    ),
    Mutant(
        "hearted_by_friend: edge viewer-friend must predate the post, not the heart",
        (("(v)-[fr:FRIEND]-(f) WHERE fr.since <= h.at }", "(v)-[fr:FRIEND]-(f) WHERE fr.since <= p.created_at }"),),
        f"{VIS}::test_a_new_heart_path_reveals_no_older_hearts",
    ),
    # A closed circle shows nothing social.
    Mutant(
        "friend ignores a closed circle",
        ((FRIEND, FRIEND.replace("$circle_open AND ", "")),),
        f"{VIS}::test_closed_circle_shows_no_friend_or_friend_of_friend_posts",
    ),
    Mutant(
        "friend_of_friend ignores a closed circle",
        ((FOF, FOF.replace("$circle_open AND ", "")),),
        f"{VIS}::test_closed_circle_shows_no_friend_or_friend_of_friend_posts",
    ),
    Mutant(
        "hearted_by_friend ignores a closed circle",
        ((HEART, HEART.replace("$circle_open", "true")),),
        f"{RULES}::test_hearts_under_a_closed_circle_show_nothing",
    ),
    # The deliberate reading of the table.
    Mutant(
        "friend_of_friend read literally (author must not be a friend)",
        (
            (
                "f1.since <= p.created_at } } THEN 'friend_of_friend'",
                "f1.since <= p.created_at } } AND NOT EXISTS { (v)-[:FRIEND]-(author) } THEN 'friend_of_friend'",
            ),
        ),
        f"{RULES}::test_a_new_friendship_hides_no_friend_of_friend_post",
    ),
    # Delivery and moderation.
    Mutant(
        "visible_at ignored (no delivery delay)",
        (
            (
                "OR ($include_pending AND p.status = 'pending')) OR p.visible_at > $now THEN null",
                "OR ($include_pending AND p.status = 'pending')) THEN null",
            ),
        ),
        f"{RULES}::test_a_post_reaches_others_only_at_its_delivery_time",
    ),
    Mutant(
        "held (pending review) posts shown",
        (
            (
                "WHEN NOT (p.status = 'visible' OR ($include_pending AND p.status = 'pending')) OR",
                "WHEN NOT (p.status IN ['visible', 'pending']) OR",
            ),
        ),
        f"{RULES}::test_held_and_removed_posts_are_hidden",
    ),
    Mutant(
        "removed posts shown to everyone",
        (
            ("WHERE p.status <> 'removed'\n", ""),
            ("WHEN NOT (p.status = 'visible' OR", "WHEN NOT (p.status IN ['visible', 'removed'] OR"),
        ),
        f"{RULES}::test_held_and_removed_posts_are_hidden",
    ),
    Mutant(
        "removed posts shown to their author",
        (("WHERE p.status <> 'removed'\n", ""),),
        f"{RULES}::test_held_and_removed_posts_are_hidden",
    ),
    # Screening, blocks and hidden posts (docs/moderation.md).
    Mutant(
        "screened held posts shown to others",
        (("WHEN NOT (p.status = 'visible' OR", "WHEN NOT (p.status IN ['visible', 'held'] OR"),),
        f"{RULES}::test_screened_held_posts_and_comments_show_to_their_author_only",
    ),
    Mutant(
        "held comments shown to others",
        (("OR ((status = 'visible' OR", "OR ((status IN ['visible', 'held'] OR"),),
        f"{RULES}::test_screened_held_posts_and_comments_show_to_their_author_only",
    ),
    Mutant(
        "a block ignored",
        (
            (
                "    WHEN author IS NOT NULL AND EXISTS { (v)-[b:BLOCKS]->(author) WHERE b.created_at <= p.created_at } THEN null\n",
                "",
            ),
        ),
        f"{RULES}::test_a_block_hides_only_what_its_author_writes_afterwards",
    ),
    Mutant(
        "a block hides older posts too",
        (("(author) WHERE b.created_at <= p.created_at } THEN null", "(author) } THEN null"),),
        f"{RULES}::test_a_block_hides_only_what_its_author_writes_afterwards",
    ),
    Mutant(
        "a block ignored in threads",
        (("AND NOT (writer IS NOT NULL AND EXISTS", "AND NOT (false AND EXISTS"),),
        f"{RULES}::test_a_block_hides_only_what_its_author_writes_afterwards",
    ),
    Mutant(
        "a block hides older comments too",
        (("(writer) WHERE b.created_at <= c.created_at }", "(writer) }"),),
        f"{RULES}::test_a_block_hides_only_what_its_author_writes_afterwards",
    ),
    Mutant(
        "hidden posts stay listed",
        (("EXISTS { (v)-[:HID]->(p) } AS hidden", "false AS hidden"),),
        f"{RULES}::test_a_hidden_post_leaves_listings_but_stays_reachable",
    ),
    # The circle: who counts (the account-age rule and the outside-friends rule).
    Mutant(
        "circle: account age ignored",
        (("WHERE f.created_at <= $now - $min_age_ms\n    AND coalesce(", "WHERE coalesce("),),
        f"{ATTACK}::test_fakes_count_only_once_their_accounts_are_old_enough",
    ),
    Mutant(
        "circle: friends inside the circle count as outside",
        (("WHERE x <> v AND NOT x IN friends", "WHERE x <> v"),),
        # The 7-fake ring of test_visibility.py cannot give 5 fakes 2 outsiders each under `matching`.
        "tests/test_visibility_model.py::test_feed_matches_the_reference_model",
    ),
    Mutant(
        "circle: the viewer counts as an outside friend",
        (("WHERE x <> v AND NOT x IN friends", "WHERE NOT x IN friends"),),
        f"{ATTACK}::test_fakes_count_only_once_their_accounts_are_old_enough",
    ),
    Mutant(
        "circle: trust threshold ignored",
        (("\n    AND coalesce(f.trust, 0.0) >= $min_trust", ""),),
        "tests/test_trust.py::test_with_the_threshold_the_sybil_attackers_circle_stays_closed",
    ),
    Mutant(
        "circle: an unscored friend counts as trusted",
        (("coalesce(f.trust, 0.0) >= $min_trust", "coalesce(f.trust, $min_trust) >= $min_trust"),),
        "tests/test_trust.py::test_with_the_threshold_the_sybil_attackers_circle_stays_closed",
    ),
    Mutant(
        "circle: a friend counts with one outside friend short",
        (("WHERE size(outside) >= $min_outside", "WHERE size(outside) >= $min_outside - 1"),),
        # Under `matching` the search already needs m outside friends: only the `shared` rule shows it.
        "tests/test_visibility_model.py::test_feed_matches_the_reference_model",
    ),
    Mutant(
        "circle: fewer outside friends fetched than the matching rule needs",
        (("RETURN x.id LIMIT $cap", "RETURN x.id LIMIT $min_outside"),),
        "tests/test_circle_fetch.py::test_friends_whose_first_outsiders_are_shared_still_count_under_matching",
    ),
    # Posts to the world, and campaigns.
    Mutant(
        "world: posts to the world hidden from strangers",
        (("    WHEN p.audience = 'world' THEN 'world'\n", ""),),
        f"{WORLD}::test_a_world_post_reaches_anyone_signed_in_labelled_world",
    ),
    Mutant(
        "world: shown before the status check (held world posts shown)",
        (
            ("    WHEN p.audience = 'world' THEN 'world'\n", ""),
            ("    WHEN own THEN 'own'\n", "    WHEN own THEN 'own'\n    WHEN p.audience = 'world' THEN 'world'\n"),
        ),
        f"{WORLD}::test_explore_hides_held_and_removed_world_posts",
    ),
    Mutant(
        "world: outranks closer labels (a friend's world post labelled world)",
        (
            ("    WHEN p.audience = 'world' THEN 'world'\n", ""),
            (
                "    WHEN c.sponsor IS NOT NULL THEN 'campaign'\n",
                "    WHEN c.sponsor IS NOT NULL THEN 'campaign'\n    WHEN p.audience = 'world' THEN 'world'\n",
            ),
        ),
        f"{WORLD}::test_a_friends_world_post_still_shows_friend",
    ),
    Mutant(
        "campaign: label dropped (a campaign post shows as an ordinary one)",
        (("    WHEN c.sponsor IS NOT NULL THEN 'campaign'\n", ""),),
        f"{WORLD}::test_campaign_posts_carry_the_label_and_sponsor_everywhere",
    ),
    Mutant(
        "campaign: after the social labels (poses as a friend's post)",
        (
            ("    WHEN c.sponsor IS NOT NULL THEN 'campaign'\n", ""),
            (
                "    WHEN c IS NOT NULL THEN 'collection'\n",
                "    WHEN c.sponsor IS NOT NULL THEN 'campaign'\n    WHEN c IS NOT NULL THEN 'collection'\n",
            ),
        ),
        f"{WORLD}::test_a_campaign_never_poses_as_a_friends_post",
    ),
    Mutant(
        "campaign: shown before the status check (held campaign posts shown)",
        (
            ("    WHEN c.sponsor IS NOT NULL THEN 'campaign'\n", ""),
            ("    WHEN own THEN 'own'\n", "    WHEN own THEN 'own'\n    WHEN c.sponsor IS NOT NULL THEN 'campaign'\n"),
        ),
        f"{WORLD}::test_held_campaign_posts_are_hidden",
    ),
    # The remembered open circle (secret_graph/open_circles.py) must see changes two hops away.
    Mutant(
        "circle digest: friends' changes ignored (a remembered open circle outlives them)",
        (
            (
                "\nRETURN coalesce(v.ties, 0) AS own, sum(coalesce(f.ties, 0)) AS friends",
                "\nRETURN coalesce(v.ties, 0) AS own, count(f) AS friends",
            ),
            (DIGEST_BEFORE, DIGEST_BEFORE.replace("sum(coalesce(f.ties, 0))", "count(f)")),
            (DIGEST_AFTER, DIGEST_AFTER.replace("sum(coalesce(f.ties, 0))", "count(f)")),
        ),
        f"{CACHE}::test_a_friend_losing_an_outside_friend_closes_the_circle",
    ),
)
