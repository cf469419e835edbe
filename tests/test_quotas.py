"""Sign-in codes are limited per client address too (the per-phone limit is in test_identity)."""

from tests.helpers import phone


def test_codes_per_client_address(api, settings, clock):
    limit = settings.codes_per_address_per_hour
    for n in range(limit):
        response = api.post(
            "/v1/auth/codes", json={"phone": phone(8000 + n)}, environ_base={"REMOTE_ADDR": "203.0.113.7"}
        )
        assert response.status_code == 202
    blocked = api.post("/v1/auth/codes", json={"phone": phone(8999)}, environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    other = api.post("/v1/auth/codes", json={"phone": phone(8999)}, environ_base={"REMOTE_ADDR": "198.51.100.1"})
    assert other.status_code == 202
    clock.advance(seconds=3601)
    again = api.post("/v1/auth/codes", json={"phone": phone(8998)}, environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert again.status_code == 202
