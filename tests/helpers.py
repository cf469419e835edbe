"""Test helpers that drive the public API the way a mobile client does."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import phonenumbers


def phone(n: int) -> str:
    """The n-th synthetic, valid US number (+1 415 555 xxxx)."""
    number = f"+1415555{n % 10_000:04d}"
    assert phonenumbers.is_valid_number(phonenumbers.parse(number)), number
    return number


def digest(e164: str) -> str:
    return hashlib.sha256(e164.encode()).hexdigest()


@dataclass
class User:
    phone: str
    token: str
    id: str
    created_at: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def digest(self) -> str:
        return digest(self.phone)


class ApiClient:
    """A Flask test client with sign-up shortcuts; records every response for leak scans."""

    def __init__(self, client) -> None:
        self.client = client
        self.responses: list[tuple[User | None, Any]] = []

    def call(self, method: str, path: str, user: User | None = None, **kwargs):
        headers = dict(kwargs.pop("headers", {}) or {})
        if user is not None:
            headers.update(user.headers)
        response = self.client.open(path, method=method, headers=headers, **kwargs)
        self.responses.append((user, response))
        return response

    def get(self, path: str, user: User | None = None, **kw):
        return self.call("GET", path, user, **kw)

    def post(self, path: str, user: User | None = None, **kw):
        return self.call("POST", path, user, **kw)

    def put(self, path: str, user: User | None = None, **kw):
        return self.call("PUT", path, user, **kw)

    def delete(self, path: str, user: User | None = None, **kw):
        return self.call("DELETE", path, user, **kw)

    def request_code(self, number: str, **extra) -> dict:
        response = self.post("/v1/auth/codes", json={"phone": number, **extra})
        assert response.status_code == 202, response.get_json()
        return response.get_json()

    def sign_in(self, number: str, passcode: str | None = None) -> User:
        challenge = self.request_code(number)
        body = {"challenge_id": challenge["challenge_id"], "code": challenge["dev_code"]}
        if passcode is not None:
            body["passcode"] = passcode
        response = self.post("/v1/auth/sessions", json=body)
        assert response.status_code == 201, response.get_json()
        data = response.get_json()
        return User(number, data["token"], data["account"]["id"], data["account"]["created_at"], data)

    def befriend(self, *users: User) -> None:
        """Make every pair of ``users`` mutual contacts (adds to their address books)."""
        for user in users:
            others = [digest(other.phone) for other in users if other is not user]
            response = self.post("/v1/me/contacts", user, json={"digests": others})
            assert response.status_code == 200, response.get_json()

    def friends(self, user: User) -> int:
        return self.get("/v1/me", user).get_json()["friends"]
