"""The `graph` Facebook verifier's HTTP calls, against a local fake Graph API; and its settings."""

import logging

import pytest

from secret_graph.adapters import facebook
from secret_graph.config import ConfigError, Settings
from secret_graph.crypto import client_digest
from secret_graph.errors import Forbidden, Unauthorized, Unavailable
from secret_graph.localneo4j import free_port
from tests.fake_graph import APP_ID, APP_SECRET, fake_graph

OWN, FRIENDS = "10150000000000001", ["10150000000000002", "10150000000000003", "10150000000000004"]


@pytest.fixture
def graph():
    with fake_graph() as served:
        yield served


def _verifier(url: str, **kw) -> facebook.GraphVerifier:
    return facebook.GraphVerifier(app_id=APP_ID, app_secret=APP_SECRET, graph_url=url, **kw)


def test_a_valid_token_gives_digests_of_the_user_and_every_friend_over_pages(graph, caplog):
    caplog.set_level(logging.DEBUG)
    token = graph.issue(OWN, FRIENDS)
    proof = _verifier(graph.url).verify(access_token=token, max_friends=5000)
    assert proof.digest == client_digest(OWN)
    assert proof.friend_digests == {client_digest(f) for f in FRIENDS}
    friend_pages = [r for r in graph.requests if r.startswith("/v19.0/me/friends")]
    assert len(friend_pages) == 2  # two per page in the fake: paging.next was followed
    assert all("appsecret_proof=" in r for r in graph.requests if not r.startswith("/v19.0/debug_token"))
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert token not in logged and OWN not in logged and APP_SECRET not in logged


def test_the_friend_list_stops_at_the_contact_limit(graph):
    token = graph.issue(OWN, FRIENDS)
    proof = _verifier(graph.url).verify(access_token=token, max_friends=2)
    assert len(proof.friend_digests) == 2
    assert len([r for r in graph.requests if r.startswith("/v19.0/me/friends")]) == 1


def test_an_unknown_token_is_refused(graph):
    graph.issue(OWN)
    with pytest.raises(Unauthorized):
        _verifier(graph.url).verify(access_token="EAAforged", max_friends=5000)
    assert not [r for r in graph.requests if r.startswith("/v19.0/me")]  # nothing asked after debug_token


def test_a_token_issued_to_another_app_is_refused(graph):
    token = graph.issue(OWN, FRIENDS, app_id="999999")
    with pytest.raises(Unauthorized):
        _verifier(graph.url).verify(access_token=token, max_friends=5000)


def test_a_graph_error_on_me_is_a_refused_token(graph):
    token = graph.issue(OWN)
    wrong_secret = facebook.GraphVerifier(app_id=APP_ID, app_secret="not-ours", graph_url=graph.url)
    with pytest.raises(Unauthorized):  # the app token is wrong: debug_token answers 400
        wrong_secret.verify(access_token=token, max_friends=5000)


def test_facebook_out_of_reach_is_503_and_logs_no_token(caplog):
    caplog.set_level(logging.DEBUG)
    down = _verifier(f"http://127.0.0.1:{free_port()}/v19.0", timeout_s=2)
    with pytest.raises(Unavailable) as raised:
        down.verify(access_token="EAAsecret-token", max_friends=5000)
    assert raised.value.status == 503
    assert "EAAsecret-token" not in "\n".join(r.getMessage() for r in caplog.records)
    assert any("facebook graph failed" in r.getMessage() for r in caplog.records)


def test_a_slow_facebook_times_out_as_503(graph):
    token = graph.issue(OWN)
    graph.delay_s = 1.0
    with pytest.raises(Unavailable):
        _verifier(graph.url, timeout_s=0.2).verify(access_token=token, max_friends=5000)


@pytest.mark.parametrize("status", [429, 500, 503])
def test_facebook_throttling_or_failing_is_503_not_a_refused_token(graph, status):
    token = graph.issue(OWN)
    graph.fail_with = status
    with pytest.raises(Unavailable):
        _verifier(graph.url).verify(access_token=token, max_friends=5000)


def test_paging_is_never_followed_to_another_host(graph):
    token = graph.issue(OWN, FRIENDS)
    elsewhere = graph.url.replace("127.0.0.1", "localhost")
    verifier = _verifier(graph.url)
    graph.url = elsewhere  # the fake now names another host in paging.next
    with pytest.raises(Unavailable):
        verifier.verify(access_token=token, max_friends=5000)


def test_dev_and_null_verifiers():
    proof = facebook.DevVerifier().verify(access_token=f"dev:{OWN}:{FRIENDS[0]},{FRIENDS[1]},{OWN}", max_friends=10)
    assert proof.digest == client_digest(OWN)
    assert proof.friend_digests == {client_digest(FRIENDS[0]), client_digest(FRIENDS[1])}  # never oneself
    assert facebook.DevVerifier().verify(access_token=f"dev:{OWN}", max_friends=10).friend_digests == frozenset()
    for bad in ("", "dev:", f"prod:{OWN}:", "dev:has space:", f"dev:{OWN}:ok,no/slash"):
        with pytest.raises(Unauthorized):
            facebook.DevVerifier().verify(access_token=bad, max_friends=10)
    with pytest.raises(Forbidden, match="turned off"):
        facebook.NullVerifier().verify(access_token=f"dev:{OWN}:", max_friends=10)


def test_settings_choose_the_verifier_and_production_refuses_dev(tmp_path):
    base = {"SECRET_GRAPH_VAR_DIR": str(tmp_path)}
    assert isinstance(facebook.from_settings(Settings.from_env(base)), facebook.DevVerifier)
    null = Settings.from_env({**base, "SECRET_GRAPH_FACEBOOK_BACKEND": "null"})
    assert isinstance(facebook.from_settings(null), facebook.NullVerifier)
    graph = Settings.from_env(
        {
            **base,
            "SECRET_GRAPH_FACEBOOK_BACKEND": "graph",
            "SECRET_GRAPH_FACEBOOK_APP_ID": APP_ID,
            "SECRET_GRAPH_FACEBOOK_APP_SECRET": APP_SECRET,
        }
    )
    verifier = facebook.from_settings(graph)
    assert isinstance(verifier, facebook.GraphVerifier) and verifier.graph_url == "https://graph.facebook.com/v19.0"
    assert graph.describe()["SECRET_GRAPH_FACEBOOK_APP_SECRET"] == "***"
    assert APP_SECRET not in repr(graph) and APP_SECRET not in repr(verifier)
    with pytest.raises(ConfigError, match="needs SECRET_GRAPH_FACEBOOK_APP_ID"):
        Settings.from_env({**base, "SECRET_GRAPH_FACEBOOK_BACKEND": "graph"})
    with pytest.raises(ConfigError, match="dev, graph or null"):
        Settings.from_env({**base, "SECRET_GRAPH_FACEBOOK_BACKEND": "trusting"})
    production = {**base, "SECRET_GRAPH_ENV": "production", "SECRET_GRAPH_PEPPER": "p" * 40}
    with pytest.raises(ConfigError, match=r"FACEBOOK_BACKEND=dev .* production refuses"):
        Settings.from_env({**production, "SECRET_GRAPH_SMS_BACKEND": "null"})
    on = Settings.from_env({**production, "SECRET_GRAPH_SMS_BACKEND": "null", "SECRET_GRAPH_FACEBOOK_BACKEND": "null"})
    assert on.facebook_backend == "null"
