"""Schema-driven fuzzing: every operation of the live app's own OpenAPI document, reaching the code.

Bounded here (FUZZ_EXAMPLES per operation and mode, 3 by default); `make fuzz` runs many more.
FUZZ_ONLY=<part of a label> fuzzes some operations only; FUZZ_TRACE=1 prints every call.
Run it alone against a database: another test run wiping the same Neo4j removes its objects.
- The caller is a moderator with a working session: before each example the session is checked,
  and an account whose session was revoked or which was deleted (by the operations under test)
  is replaced by a fresh one.
- In the positive mode, path ids name objects that exist (a fresh post and comment of the
  caller's, a collection, a second session of the caller's), so operations get past their 404s;
  the first positive case of an operation whose body a schema cannot make real (a phone number
  no account has, a phone-change code, the passcode just set) sends a real one. The negative
  mode draws anything.
- Every answer must be a non-5xx, documented status (no catch-all `default` is documented), with a
  body and headers that match the spec; authentication must be enforced (ignored_auth); invalid
  data must be refused (negative_data_rejection); every *_at field is RFC 3339 with milliseconds.
- Every authenticated operation must have answered at least one 2xx during the run, and every
  path answers its undocumented methods (HEAD and OPTIONS included) as HTTP says.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections import defaultdict

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.checks import ignored_auth, negative_data_rejection, use_after_free

from api.app import create_app
from secret_graph.collections import services as collections
from secret_graph.identity import services as identity
from tests import imagefiles, leakscan
from tests.helpers import ApiClient, phone

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
ONLY = os.environ.get(
    "FUZZ_ONLY", ""
)  # a substring of operation labels, to fuzz a few (the coverage assertions need all)
# What the API promises. Schemathesis's "positive data acceptance" is left out on purpose: a
# schema cannot say which strings are real phone numbers, so a schema-valid body may rightly get 422.
# use_after_free only fires on sequences of related calls; it is here so that linked runs check it.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    ignored_auth,
    use_after_free,
]
NEGATIVE_CHECKS = [*CHECKS, negative_data_rejection]
RFC3339_MS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
FUZZ_PASSCODE = "fuzz-passcode-4821"  # the passcode DELETE /v1/me/passcode is seeded with
HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# Authenticated operations that cannot answer 2xx to generated data, with the reason.
NO_2XX_EXPECTED: dict[str, str] = {
    "PUT /v1/me/facebook": "a Facebook id must be a SHA-256 digest, which the schema does not state",
    "POST /v1/posts/{post_id}/appeal": "needs a post of the caller's that a moderator removed; "
    "tests/test_moderation_enforcement.py appeals through the API",
}


@pytest.fixture
def fuzz_app(ctx, settings):
    """The app with the product quotas out of the way: the fuzzer signs in many fresh accounts."""
    roomy = dataclasses.replace(
        settings,
        codes_per_phone_per_hour=10**6,
        codes_per_address_per_hour=10**6,
        contact_resets_per_day=10**6,
        new_contacts_per_day=10**6,
    )
    return create_app(roomy, ctx=dataclasses.replace(ctx, settings=roomy))


class Caller:
    """A moderator with a working session, and fresh objects of theirs to name in paths."""

    def __init__(self, client: ApiClient, ctx) -> None:
        self.client, self.ctx = client, ctx
        self.user = None
        self.moved_to: str | None = None  # the number the seeded phone change moves the caller to
        self.chat_message: str | None = None  # a message from the other side of the seeded chat
        collections.create(ctx=ctx, slug="fuzz", title="Fuzz", description="")

    def session(self):
        # A decision of the fuzzer's own (ban, suspend, strikes) may have banned or suspended the caller.
        if (
            self.user is None
            or self.client.get("/v1/me", self.user).status_code != 200
            or self.client.get("/v1/me/standing", self.user).get_json()["suspended_until"] is not None
        ):
            self.user = self.client.new_user()
            identity.set_moderator(ctx=self.ctx, account_id=self.user.id, is_moderator=True)
        return self.user

    def without_passcode(self):
        """A fresh caller: a passcode an earlier example set would make the seeded request a 403."""
        self.user = None
        return self.session()

    def path_ids(self, names: set[str], label: str = "") -> dict[str, str]:
        ids = {}
        if "slug" in names:
            ids["slug"] = "fuzz"
        if "device_id" in names:
            device = {"platform": "fcm", "token": "fuzz-token"}
            assert self.client.put("/v1/me/devices/fuzz-device", self.user, json=device).status_code == 200
            ids["device_id"] = "fuzz-device"
        if "chat_id" in names:
            ids["chat_id"] = self.chat(answered=not label.endswith(("/accept", "/decline")))
        if label == "POST /v1/posts/{post_id}/chats":  # someone else's post: one's own cannot be asked
            ids["post_id"] = self.client.create_post(self.client.new_user(), "ask me", collection="fuzz")["id"]
            return ids
        if names & {"post_id", "comment_id"}:
            post = self.client.create_post(self.user, "fuzzed post")
            ids["post_id"] = post["id"]
            if "comment_id" in names:
                comment = self.client.post(f"/v1/posts/{post['id']}/comments", self.user, json={"text": "fuzzed"})
                ids["comment_id"] = comment.get_json()["id"]
        if "session_id" in names:
            ids["session_id"] = self.other_session()
        return ids

    def chat(self, *, answered: bool) -> str:
        """A chat on a fresh post of the caller's (the caller is the author): a request, or accepted
        with one message from the other side (for flags)."""
        post = self.client.create_post(self.user, "chat with me", collection="fuzz")
        reader = self.client.new_user()
        chat = self.client.post(f"/v1/posts/{post['id']}/chats", reader).get_json()
        if answered:
            self.client.post(f"/v1/chats/{chat['id']}/accept", self.user)
            sent = self.client.post(f"/v1/chats/{chat['id']}/messages", reader, json={"text": "hello"})
            self.chat_message = sent.get_json()["id"]
        return chat["id"]

    def other_session(self) -> str:
        """The id of a session of the caller's other than this one (signing in again makes one),
        so that revoking it leaves the caller's token working; the current one if there is no other
        (a passcode the fuzzer set stops the sign-in): the next example then replaces the caller."""
        challenge = self.client.post("/v1/auth/codes", json={"phone": self.user.phone})
        if challenge.status_code == 202:
            body = {"challenge_id": challenge.get_json()["challenge_id"], "code": challenge.get_json()["dev_code"]}
            self.client.post("/v1/auth/sessions", json=body)
        sessions = self.client.get("/v1/me/sessions", self.user).get_json()["items"]
        return min(sessions, key=lambda session: session["current"])["id"]

    def unused_phone(self) -> str:
        """A valid number no account has: the next one of the client's own sequence."""
        self.client._next_phone += 1
        return phone(self.client._next_phone)

    def body(self, label: str) -> dict | None:
        """A real body for an operation a generated one cannot bring to a 2xx; None for the others."""
        if label == "POST /v1/images":  # a generated file is not a real picture
            return {"file": imagefiles.png()}
        if label == "POST /v1/me/phone/codes":
            return {"phone": self.unused_phone()}
        if label == "PUT /v1/me/phone":  # a code the dev SMS backend sent to a new number of the caller's
            self.without_passcode()
            number = self.unused_phone()
            answer = self.client.post("/v1/me/phone/codes", self.user, json={"phone": number})
            assert answer.status_code == 202, answer.get_json()
            self.moved_to = number
            return {"challenge_id": answer.get_json()["challenge_id"], "code": answer.get_json()["dev_code"]}
        if label == "DELETE /v1/me/passcode":  # the current passcode, which a generated one matches by luck only
            self.without_passcode()
            answer = self.client.put("/v1/me/passcode", self.user, json={"passcode": FUZZ_PASSCODE})
            assert answer.status_code == 204, answer.get_json()
            return {"passcode": FUZZ_PASSCODE}
        if label == "POST /v1/chats/{chat_id}/flags":  # a real message from the other side
            return {"message_id": self.chat_message, "reason": "spam"}
        if label == "POST /v1/notifications/read":  # exactly one of ids, up_to or all
            return {"all": True}
        if label == "PUT /v1/me/notification-settings":
            return {"kinds": {"hearts": False}, "quiet_hours": {"start": "22:00", "end": "07:00"}}
        return None

    def answered(self, label: str, status: int) -> None:
        if label == "PUT /v1/me/phone" and status == 200 and self.moved_to:
            self.user.phone = self.moved_to  # other_session signs in with the caller's number
        self.moved_to = None


def _timestamps(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("_at"):
                yield key, item
            yield from _timestamps(item)
    elif isinstance(value, list):
        for item in value:
            yield from _timestamps(item)


def _fuzz(operation, mode: GenerationMode, caller: Caller, statuses: dict[str, set[int]]) -> None:
    """FUZZ_EXAMPLES cases of one operation in one generation mode; raises at the first failure."""
    names = {p.name for p in operation.iter_parameters() if p.location == "path"}
    checks = CHECKS if mode is GenerationMode.POSITIVE else NEGATIVE_CHECKS
    seeded = mode is not GenerationMode.POSITIVE  # the first positive case gets a real body, if any

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)  # fmt: skip
    def check(case) -> None:
        nonlocal seeded
        user = caller.session()
        if mode is GenerationMode.POSITIVE and names:
            case.path_parameters = {**(case.path_parameters or {}), **caller.path_ids(names, operation.label)}
        if not seeded:
            seeded = True
            body = caller.body(operation.label)
            if body is not None:
                case.body = body
                user = caller.user  # body() may have replaced the caller
        # Passed as explicit headers, so ignored_auth knows the token is a real one and probes without it.
        response = case.call_and_validate(headers={"Authorization": f"Bearer {user.token}"}, checks=checks)
        caller.answered(operation.label, response.status_code)
        statuses[operation.label].add(response.status_code)
        if os.environ.get("FUZZ_TRACE"):
            print(mode.value, operation.label, case.path_parameters, response.status_code, response.text[:100])
        if response.headers.get("Content-Type", "").startswith("application/json"):
            for key, value in _timestamps(response.json()):
                assert isinstance(value, str) and RFC3339_MS.match(value), f"{key}={value!r}"

    try:
        check()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise  # only an operation with nothing to negate (no parameter, no body) may have no negative case


def _forget_passcodes(recorder: leakscan.Recorder) -> None:
    """Drop the passcode from every request body the recorder holds, so the leak scan does not learn it."""
    for index, exchange in enumerate(recorder.exchanges):
        sent = exchange.request_json()
        if isinstance(sent, dict) and "passcode" in sent:
            kept = {key: value for key, value in sent.items() if key != "passcode"}
            recorder.exchanges[index] = dataclasses.replace(exchange, request_body=json.dumps(kept).encode())


def test_every_operation_answers_as_documented(fuzz_app, ctx, leak_recorder):
    try:
        _fuzz_every_operation(fuzz_app, ctx)
    finally:
        # The fuzzer sets arbitrary strings as passcodes ('create_app', 'limit is 1 to 50'), which then
        # rightly show up in post texts and error messages: the leak scan must not take them for
        # secrets. Tokens, account ids, phone numbers, digests and codes stay scanned.
        _forget_passcodes(leak_recorder)


def _fuzz_every_operation(fuzz_app, ctx) -> None:
    caller = Caller(ApiClient(fuzz_app.test_client()), ctx)
    schema = schemathesis.openapi.from_wsgi("/openapi.json", fuzz_app)
    failures: dict[str, str] = {}
    statuses: dict[str, set[int]] = defaultdict(set)
    authenticated: set[str] = set()
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if ONLY not in operation.label:
            continue
        operations += 1
        if operation.definition.raw.get("security"):
            authenticated.add(operation.label)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, caller, statuses)
            except (Exception, BaseExceptionGroup) as error:  # collect every operation's first failure
                failures[f"{operation.label} ({mode.value})"] = f"{type(error).__name__}: {str(error)[:600]}"
    assert operations >= 30 or ONLY
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
    unreached = {
        label: sorted(statuses[label])
        for label in authenticated - set(NO_2XX_EXPECTED)
        if not any(200 <= status < 300 for status in statuses[label])
    }
    assert not unreached, f"authenticated operations that never answered 2xx: {unreached}"


def test_every_path_answers_its_undocumented_methods_as_http_says(app, api):
    """OPTIONS lists exactly the documented methods; HEAD mirrors GET; any other method is a 405 with Allow."""
    user = api.new_user()
    spec = api.get("/openapi.json").get_json()
    checked = 0
    for path, operations in spec["paths"].items():
        documented = {method.upper() for method in operations if method.upper() in HTTP_METHODS}
        concrete = re.sub(r"\{[^}]+\}", "nothing-here", path)
        for method in HTTP_METHODS:
            if method in documented:
                continue
            response = api.call(method, concrete, user)
            label = f"{method} {path}"
            if method == "OPTIONS":
                assert response.status_code == 200, label
                allowed = {m.strip() for m in response.headers["Allow"].split(",")}
                assert allowed - {"HEAD", "OPTIONS"} == documented, f"{label}: Allow {allowed}"
            elif method == "HEAD" and "GET" in documented:
                get = api.call("GET", concrete, user)
                assert response.status_code == get.status_code and not response.data, label
            else:
                assert response.status_code == 405, f"{label}: {response.status_code}"
                assert set(response.headers["Allow"].replace(" ", "").split(",")) >= documented, label
                if method != "HEAD":  # a HEAD answer has no body
                    assert response.get_json()["code"] == 405, label
            checked += 1
    assert checked >= 60
