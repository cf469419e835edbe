"""Sign-in codes are limited per client address too (the per-phone limit is in test_identity).

The suite raises the per-address quota (tests/conftest.py); these tests use the default."""

import dataclasses

import pytest

from api.app import create_app
from secret_graph.config import VARIABLES
from tests.helpers import ApiClient, phone

ADDRESS = {"REMOTE_ADDR": "203.0.113.7"}
DEFAULT_PER_ADDRESS = int(next(v.default for v in VARIABLES if v.attr == "codes_per_address_per_hour"))


@pytest.fixture
def quota_api(ctx, settings):
    chosen = dataclasses.replace(settings, codes_per_address_per_hour=DEFAULT_PER_ADDRESS)
    app = create_app(chosen, ctx=dataclasses.replace(ctx, settings=chosen))
    return ApiClient(app.test_client())


def test_codes_per_client_address(quota_api, clock):
    api = quota_api
    for n in range(DEFAULT_PER_ADDRESS):
        response = api.post("/v1/auth/codes", json={"phone": phone(8000 + n)}, environ_base=ADDRESS)
        assert response.status_code == 202
    blocked = api.post("/v1/auth/codes", json={"phone": phone(8999)}, environ_base=ADDRESS)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    other = api.post("/v1/auth/codes", json={"phone": phone(8999)}, environ_base={"REMOTE_ADDR": "198.51.100.1"})
    assert other.status_code == 202
    clock.advance(seconds=3601)
    again = api.post("/v1/auth/codes", json={"phone": phone(8998)}, environ_base=ADDRESS)
    assert again.status_code == 202


def _sign_in(api, number: str, **kw):
    response = api.post("/v1/auth/codes", json={"phone": number}, **kw)
    if response.status_code != 202:
        return response
    challenge = response.get_json()
    body = {"challenge_id": challenge["challenge_id"], "code": challenge["dev_code"]}
    return api.post("/v1/auth/sessions", json=body, **kw)


def test_used_codes_count_towards_the_address_quota(quota_api, clock):
    """Finding 4: a used code was deleted, so it stopped counting and sign-ins went on without end."""
    api = quota_api
    for n in range(DEFAULT_PER_ADDRESS):
        assert _sign_in(api, phone(8100 + n), environ_base=ADDRESS).status_code == 201
    blocked = api.post("/v1/auth/codes", json={"phone": phone(8199)}, environ_base=ADDRESS)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    clock.advance(seconds=3601)
    assert _sign_in(api, phone(8199), environ_base=ADDRESS).status_code == 201


def test_used_codes_count_towards_the_phone_quota(quota_api, settings):
    api = quota_api
    for _ in range(settings.codes_per_phone_per_hour):
        assert _sign_in(api, phone(8200)).status_code == 201
    assert api.post("/v1/auth/codes", json={"phone": phone(8200)}).status_code == 429


def test_twenty_concurrent_code_requests_stay_within_the_quota(quota_api, settings):
    """Each send is counted under a lock: a burst cannot slip past the count. Four bursts, as a
    lost race is likely but not certain in any one of them."""
    from concurrent.futures import ThreadPoolExecutor

    client = quota_api.client

    def burst(number: str) -> list[int]:
        def one(_):
            return client.post("/v1/auth/codes", json={"phone": number}).status_code

        with ThreadPoolExecutor(max_workers=20) as pool:
            return list(pool.map(one, range(20)))

    for round_ in range(4):
        statuses = burst(phone(8300 + round_))
        assert all(s < 500 for s in statuses), statuses
        assert statuses.count(202) == settings.codes_per_phone_per_hour, statuses
