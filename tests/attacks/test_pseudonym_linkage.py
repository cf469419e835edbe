"""Attack 5: linking one commenter across threads by their pseudonym."""

from collections import Counter

from secret_graph.collections import services as collections
from secret_graph.comments import pseudonyms


def test_avatars_are_independent_between_posts(api, ctx):
    collections.create(ctx=ctx, slug="open", title="Open")
    author, first, second = api.new_user(), api.new_user(), api.new_user()
    names: dict[str, list[str]] = {first.id: [], second.id: []}
    colors: dict[str, list[str]] = {first.id: [], second.id: []}
    for n in range(200):
        post = api.create_post(author, f"post {n}", collection="open")
        for user in (first, second):
            avatar = api.post(f"/v1/posts/{post['id']}/comments", user, json={"text": "hm"}).get_json()["author"][
                "avatar"
            ]
            names[user.id].append(avatar["name"])
            colors[user.id].append(avatar["color"])

    palette = len(pseudonyms.COLORS)
    for user_id in names:
        # A name tied to the account would repeat 200 times; independent draws from 512 names
        # repeat at most a handful of times (P(any name >= 7 times) < 1e-4).
        assert Counter(names[user_id]).most_common(1)[0][1] < 7
        # Colours are uniform: Pearson's chi-square over 16 colours, 15 degrees of freedom,
        # stays under 37.7 (p = 0.001) for independent uniform draws.
        expected = 200 / palette
        chi2 = sum((count - expected) ** 2 / expected for count in Counter(colors[user_id]).values())
        chi2 += expected * (palette - len(set(colors[user_id])))
        assert chi2 < 37.7, chi2
    # Knowing one account's avatar on a post says nothing about the other's: they match by chance only.
    same_color = sum(a == b for a, b in zip(colors[first.id], colors[second.id], strict=True))
    assert same_color < 30  # expected 200/16 = 12.5; >= 30 has P < 1e-5
    pairs = Counter(zip(names[first.id], names[second.id], strict=True))
    assert pairs.most_common(1)[0][1] == 1 or len(pairs) > 190
