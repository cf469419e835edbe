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
        self.users: list[User] = []
        self._next_phone = 1000

    def call(self, method: str, path: str, user: User | None = None, **kwargs):
        """One request; the response is kept for the end-of-test scan for foreign account ids."""
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

    def sign_in(self, number: str, passcode: str | None = None, region: str | None = None) -> User:
        challenge = self.request_code(number, **({"region": region} if region else {}))
        body = {"challenge_id": challenge["challenge_id"], "code": challenge["dev_code"]}
        if passcode is not None:
            body["passcode"] = passcode
        response = self.post("/v1/auth/sessions", json=body)
        assert response.status_code == 201, response.get_json()
        data = response.get_json()
        user = User(number, data["token"], data["account"]["id"], data["account"]["created_at"], data)
        self.responses[-1] = (user, response)  # the sign-in answer is the new account's own
        self.users.append(user)
        return user

    def new_user(self) -> User:
        """A fresh account with the next unused synthetic number."""
        self._next_phone += 1
        return self.sign_in(phone(self._next_phone))

    def open_circle(self, viewer: User, clock, friends: int = 5) -> list[User]:
        """Give ``viewer`` enough counted friends to open the circle, and age them past the minimum.

        Each friend also knows two outsiders of its own, so they have friends outside the viewer's circle
        (under SECRET_GRAPH_CIRCLE_RULE=matching, counted friends may not share them).
        """
        circle = [self.new_user() for _ in range(friends)]
        outsiders = [self.new_user() for _ in range(2 * friends)]
        for index, friend in enumerate(circle):
            self.befriend(viewer, friend)
            for outsider in outsiders[2 * index : 2 * index + 2]:
                self.befriend(friend, outsider)
        clock.advance(seconds=86_400 + 60)
        return circle

    def create_post(self, user: User, text: str = "a secret", **body) -> dict:
        response = self.post("/v1/posts", user, json={"text": text, **body})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def feed(self, user: User, **args) -> list[dict]:
        """Every item of the user's feed, walking all pages."""
        items, cursor = [], None
        while True:
            query = {**args, **({"cursor": cursor} if cursor else {})}
            page = self.get("/v1/feed", user, query_string=query)
            assert page.status_code == 200, page.get_json()
            items += page.get_json()["items"]
            cursor = page.get_json()["next_cursor"]
            if not cursor:
                return items

    def labels(self, user: User) -> dict[str, str]:
        """{post id: label} of the user's whole feed."""
        return {item["id"]: item["label"] for item in self.feed(user)}

    def foreign_ids_seen(self) -> list[tuple[str, str]]:
        """(path, id) for every recorded response that shows an account id other than the caller's."""
        leaks = []
        for caller, response in self.responses:
            if not response.is_json:
                continue
            text = response.get_data(as_text=True)
            for user in self.users:
                if (caller is None or user.id != caller.id) and user.id in text:
                    leaks.append((response.request.path, user.id))
        return leaks

    def befriend(self, *users: User) -> None:
        """Make every pair of ``users`` mutual contacts (adds to their address books)."""
        for user in users:
            others = [digest(other.phone) for other in users if other is not user]
            response = self.post("/v1/me/contacts", user, json={"digests": others})
            assert response.status_code == 200, response.get_json()

    def friends(self, user: User) -> int:
        return self.get("/v1/me", user).get_json()["friends"]
