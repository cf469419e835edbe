"""Screening before publication: publish, rethink (422 with reasons and spans), confirm then hold."""

from __future__ import annotations

import dataclasses

import pytest

from secret_graph import screening
from secret_graph.screening.classifier import ProfanityCheck
from secret_graph.screening.signals import PersonalInformation, TargetCues, WordLists, fold

HARASSING = "Kevin Durand you are a pathetic idiot"
SLUR = "what a bunch of f4gg0ts"


def test_the_fast_classifier_gives_the_packaged_models_probability():
    from profanity_check import predict_prob

    texts = ["you are a stupid idiot", "I love my mom", "go to hell", "nice weather today", "fuck this", "ok"]
    fast = ProfanityCheck(threshold=0.8)
    assert [round(fast.probability(t), 6) for t in texts] == [round(float(p), 6) for p in predict_prob(texts)]


def test_word_lists_fold_case_accents_repeats_and_leetspeak():
    lists = WordLists.load(languages=("en", "fr"))
    assert fold("IDIOOOT") == "idiot" and fold("Pédé") == "pede" and fold("1d10t") == "idiot"
    (hit,) = lists.check("what an 1D1OOOT")
    assert hit.reason == "insult" and hit.spans == ((8, 15),)
    assert {h.reason for h in lists.check("Espèce de CONNARD")} == {"insult"}
    assert {h.reason for h in lists.check(SLUR)} == {"slur"}
    assert lists.check("a class act, assessed by the con-artist's classmates") != []  # "con" is a French insult
    assert lists.check("a classic assessment") == []  # whole words only
    assert WordLists.load(languages=("en",)).check("espèce de connard") == []


def test_operator_word_list_file(tmp_path):
    extra = tmp_path / "words.txt"
    extra.write_text("# ours\n[fr insult]\nbouffonne\n[de insult]\ndummkopf\n[en slur]\nzorblax*\n")
    lists = WordLists.load(languages=("en", "fr"), extra_file=str(extra))
    assert {h.reason for h in lists.check("quelle bouffonne")} == {"insult"}
    assert lists.check("du dummkopf") == []  # German is not among the languages
    assert {h.reason for h in lists.check("zorblaxians")} == {"slur"}
    extra.write_text("no section\n")
    with pytest.raises(ValueError, match="section"):
        WordLists.load(languages=("en",), extra_file=str(extra))


def test_target_cues_and_personal_information():
    cues = TargetCues()
    assert cues.check("@kevin_d is here") and cues.check("t'es nul") and cues.check("Marie Dupont again")
    assert not cues.check("Happy Monday everyone") and not cues.check("The Office is great")
    pii = PersonalInformation()
    for text in ("she lives at 221 Baker Street", "au 12 bis rue de la Paix", "see instagram.com/jane.doe"):
        assert pii.check(text), text
    assert not pii.check("I walked 5 miles down the street") and not pii.check("see example.com/page")


def test_a_plain_post_is_published(api):
    author, reader = api.new_user(), api.new_user()
    post = api.create_post(author, "I finally told my sister the truth", location={"lat": 48.85, "lon": 2.35})
    assert post["status"] == "visible"
    assert api.get(f"/v1/posts/{post['id']}", reader).status_code == 200


def test_harassment_asks_the_author_to_rethink_with_reasons_and_spans(api):
    author = api.new_user()
    answer = api.post("/v1/posts", author, json={"text": HARASSING})
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["code"] == 422 and "rethink" in body["message"]
    rethink = body["errors"]["rethink"]
    assert rethink["reasons"][0] == "harassment" and "insult" in rethink["reasons"]
    named = [HARASSING[s["start"] : s["end"]] for s in rethink["spans"] if s["reason"] == "harassment"]
    assert "Kevin Durand" in named and "idiot" in named
    assert api.feed(author) == []  # nothing was stored


def test_confirmed_then_held_seen_by_its_author_only(api, moderator):
    author, reader = api.new_user(), api.new_user()
    answer = api.post("/v1/posts", author, json={"text": HARASSING, "confirm": True, "location": PARIS})
    assert answer.status_code == 201, answer.get_json()
    held = answer.get_json()
    assert held["status"] == "held" and held["label"] == "own"
    assert api.get(f"/v1/posts/{held['id']}", author).get_json()["status"] == "held"
    assert api.get(f"/v1/posts/{held['id']}", reader).status_code == 404
    assert api.get("/v1/nearby", reader, query_string=PARIS).get_json()["items"] == []
    assert api.post(f"/v1/posts/{held['id']}/comments", reader, json={"text": "hm"}).status_code == 404
    (item,) = api.get("/v1/moderation/queue", moderator).get_json()["items"]
    assert item["id"] == held["id"] and item["status"] == "held" and "harassment" in item["signals"]
    published = api.post(f"/v1/moderation/posts/{held['id']}/decision", moderator, json={"action": "publish"})
    assert published.get_json()["status"] == "visible"
    assert api.get(f"/v1/posts/{held['id']}", reader).get_json()["status"] == "visible"


def test_a_slur_is_held_at_once(api):
    author, reader = api.new_user(), api.new_user()
    post = api.create_post(author, SLUR, location=PARIS)
    assert post["status"] == "held"
    assert api.get(f"/v1/posts/{post['id']}", reader).status_code == 404


def test_comments_are_screened_too(api, clock):
    author, commenter, reader = api.new_user(), api.new_user(), api.new_user()
    post = api.create_post(author, "what do you think of my haircut", location=PARIS)
    path = f"/v1/posts/{post['id']}/comments"
    refused = api.post(path, commenter, json={"text": "you look like an idiot"})
    assert refused.status_code == 422 and refused.get_json()["errors"]["rethink"]["reasons"][0] == "harassment"
    held = api.post(path, commenter, json={"text": "you look like an idiot", "confirm": True})
    assert held.status_code == 201 and held.get_json()["status"] == "held"
    clock.advance(seconds=1)
    fine = api.post(path, commenter, json={"text": "it suits you"}).get_json()
    assert [c["id"] for c in api.get(path, reader).get_json()["items"]] == [fine["id"]]
    assert [c["id"] for c in api.get(path, commenter).get_json()["items"]] == [held.get_json()["id"], fine["id"]]
    assert api.get(f"/v1/posts/{post['id']}", reader).get_json()["comments"] == 1


def test_personal_information_asks_to_rethink(api):
    author = api.new_user()
    answer = api.post("/v1/posts", author, json={"text": "my ex lives at 14 rue des Lilas, go tell her"})
    assert answer.status_code == 422
    assert answer.get_json()["errors"]["rethink"]["reasons"] == ["personal_info"]
    # Phone numbers and e-mail addresses stay refused outright: they are never stored, even held.
    refused = api.post("/v1/posts", author, json={"text": "call +1 415 555 0199", "confirm": True})
    assert refused.status_code == 422 and "rethink" not in (refused.get_json().get("errors") or {})


def test_a_moderators_own_posts_are_screened_like_anyones(api, moderator):
    assert api.post("/v1/posts", moderator, json={"text": HARASSING}).status_code == 422


def test_verdicts_are_configuration(ctx):
    settings = dataclasses.replace(
        ctx.settings, screening_verdicts=(("harassment", "hold"), ("insult", "rethink")), screening_classifier="none"
    )
    screener = screening.for_settings(settings)
    assert screener.screen(HARASSING).verdict == "hold"
    assert screener.screen("that idiot").verdict == "rethink"
    assert screener.screen("fuck this day").verdict == "publish"  # no classifier, not in a list


PARIS = {"lat": 48.8566, "lon": 2.3522}
