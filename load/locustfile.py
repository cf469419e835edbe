"""A mixed workload: sign-in, contacts, posting, feed, hearts and comments (`make load`)."""

from __future__ import annotations

import hashlib
import random

from locust import HttpUser, between, task

from secret_graph.seed.generate import ENDINGS, OPENINGS

POOL = 400  # users draw numbers from one pool, so their address books overlap into friendships
# Each user its own number: two users on one account would replace each other's address book, and
# a post one of them had just seen could then rightly answer 404.
_UNUSED_NUMBERS = iter(random.sample(range(POOL), POOL))


def number(n: int) -> str:
    return f"+1415300{n:04d}"


def digest(e164: str) -> str:
    return hashlib.sha256(e164.encode()).hexdigest()


class Member(HttpUser):
    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        me = next(_UNUSED_NUMBERS)
        code = self.client.post("/v1/auth/codes", json={"phone": number(me)}).json()
        session = self.client.post(
            "/v1/auth/sessions", json={"challenge_id": code["challenge_id"], "code": code["dev_code"]}
        ).json()
        self.client.headers["Authorization"] = f"Bearer {session['token']}"
        book = [digest(number(n)) for n in random.sample(range(POOL), 30) if n != me]
        self.client.put("/v1/me/contacts", json={"digests": book}, name="/v1/me/contacts")
        self.seen: list[str] = []

    @task(10)
    def feed(self) -> None:
        answer = self.client.get("/v1/feed", name="/v1/feed")
        if answer.ok:
            self.seen = [item["id"] for item in answer.json()["items"]][:20] or self.seen

    @task(3)
    def post(self) -> None:
        # The seed's phrases, not digits: the service rightly refuses text that reads like a phone number (422).
        text = f"{random.choice(OPENINGS)} {random.choice(ENDINGS)} #load"
        self.client.post("/v1/posts", json={"text": text}, name="/v1/posts")

    @task(3)
    def heart(self) -> None:
        if self.seen:
            self.client.put(f"/v1/posts/{random.choice(self.seen)}/heart", name="/v1/posts/[id]/heart")

    @task(1)
    def comment(self) -> None:
        if self.seen:
            self.client.post(f"/v1/posts/{random.choice(self.seen)}/comments", json={"text": "same here"},
                             name="/v1/posts/[id]/comments")  # fmt: skip

    @task(1)
    def add_contact(self) -> None:
        self.client.post("/v1/me/contacts", json={"digests": [digest(number(random.randrange(POOL)))]},
                         name="/v1/me/contacts [add]")  # fmt: skip
