"""The leak scan itself can fail: it finds each secret in each form it promises (tests/leakscan.py)."""

import io
import json
import logging
import sys

import pytest

from tests import leakscan
from tests.helpers import digest

NUMBER = "+14155550123"
OWN, OTHER = "ownAccountId0000000000", "otherAccountId00000000"
OWN_TOKEN, OTHER_TOKEN = "own-token-" + "a" * 33, "other-token-" + "b" * 31


def _exchange(method, path, *, sent=None, answer=b"", status="200 OK", token=None, headers=()):
    return leakscan.Exchange(
        method=method,
        path=path,
        query="",
        request_headers={"Authorization": f"Bearer {token}"} if token else {},
        request_body=json.dumps(sent).encode() if sent is not None else b"",
        status=status,
        response_headers=list(headers),
        response_body=answer if isinstance(answer, bytes) else json.dumps(answer).encode(),
    )


def _secrets() -> leakscan.Secrets:
    """What a sign-up, a passcode and a contact upload teach the scan."""
    secrets = leakscan.Secrets()
    secrets.learn(_exchange("POST", "/v1/auth/codes", sent={"phone": NUMBER}, answer={"dev_code": "042917"}))
    for account, token in ((OWN, OWN_TOKEN), (OTHER, OTHER_TOKEN)):
        answer = {"token": token, "account": {"id": account}}
        secrets.learn(_exchange("POST", "/v1/auth/sessions", sent={"code": "042917"}, answer=answer, status="201"))
    secrets.learn(_exchange("PUT", "/v1/me/passcode", sent={"passcode": "correct horse"}, status="204"))
    secrets.learn(_exchange("PUT", "/v1/me/passcode", sent={"passcode": "true"}, status="204"))  # too plain
    uploaded = {"phones": ["(212) 555-0147"], "region": "us", "digests": [digest("+442079460018").upper()]}
    secrets.learn(_exchange("PUT", "/v1/me/contacts", sent=uploaded, token=OWN_TOKEN))
    return secrets


def test_it_learns_the_secrets_from_the_traffic():
    secrets = _secrets()
    assert secrets.account_ids == {OWN, OTHER}
    assert secrets.token_owner == {OWN_TOKEN: OWN, OTHER_TOKEN: OTHER}
    assert secrets.codes == {"042917"} and secrets.passcodes == {"correct horse"}
    assert secrets.phones == {"4155550123": NUMBER, "2125550147": "+12125550147"}
    assert {digest(NUMBER), digest("+12125550147"), digest("+442079460018")} <= secrets.digests


@pytest.mark.parametrize(
    "form",
    [
        "+14155550123",
        "14155550123",
        "4155550123",
        "+1 415 555 0123",
        "+1 415-555-0123",
        "+1-415-555-0123",
        "+1.415.555.0123",
        "1 (415) 555-0123",
        "(415) 555-0123",
        "(415)555-0123",
        "415 555 0123",
        "415-555-0123",
        "415.555.0123",
        "tel:+1-415-555-0123",
        "0014155550123",
        "4155 550 123",
    ],
)
def test_every_format_of_a_used_number_is_found(form):
    leaks = leakscan.find_leaks(f'{{"note": "call {form} now"}}', _secrets(), where="test")
    assert [leak.kind for leak in leaks] == ["phone number +14155550123 as"], form


def test_other_numbers_and_timings_are_not_numbers_of_the_test():
    text = '{"ms": 4155.55, "at": 1800004155550, "other": "+1 415 555 0124", "count": 14155550}'
    assert leakscan.find_leaks(text, _secrets(), where="test") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f'{{"author": "{OTHER}"}}', "account id of another account"),
        (f"Location: /v1/accounts/{OTHER}", "account id of another account"),
        (f'{{"token": "{OTHER_TOKEN}"}}', "session token"),
        (f'{{"token": "{OWN_TOKEN}"}}', "session token"),  # outside its sign-in answer, even one's own
        (f'{{"d": "{digest(NUMBER)}"}}', "client digest"),
        (f"<p>{digest('+442079460018').upper()}</p>", "client digest"),
        ("your code is 042917.", "sign-in code"),
        ('{"code": "042917"}', "sign-in code"),
        ("passcode=correct horse", "passcode"),
    ],
)
def test_each_secret_is_found(text, kind):
    leaks = leakscan.find_leaks(text, _secrets(), where="test", caller=OWN)
    assert [leak.kind for leak in leaks] == [kind]


def test_codes_and_passcodes_match_as_whole_words_only():
    text = '{"ms": 1042917.5, "id": "x042917y", "n": 0429170, "p": "correct horses"}'
    assert leakscan.find_leaks(text, _secrets(), where="test") == []


def test_the_exemptions_are_the_callers_own_id_token_in_its_sign_in_answer_and_the_code_answer():
    secrets = _secrets()
    own = _exchange("GET", "/v1/me", answer={"id": OWN}, token=OWN_TOKEN)
    sign_in = _exchange(
        "POST", "/v1/auth/sessions", answer={"token": OWN_TOKEN, "account": {"id": OWN}}, status="201 CREATED"
    )
    code = _exchange("POST", "/v1/auth/codes", answer={"dev_code": "042917"}, status="202 ACCEPTED")
    assert [leakscan.scan_exchange(e, secrets) for e in (own, sign_in, code)] == [[], [], []]
    # ...and nothing more: the same answers to someone else, or in the wrong place, are leaks
    assert leakscan.scan_exchange(_exchange("GET", "/v1/me", answer={"id": OWN}, token=OTHER_TOKEN), secrets)
    assert leakscan.scan_exchange(_exchange("GET", "/v1/me", answer={"id": OWN}), secrets)
    assert leakscan.scan_exchange(_exchange("GET", "/v1/me", answer={"c": "042917"}, token=OWN_TOKEN), secrets)


def test_headers_and_non_json_bodies_are_scanned():
    secrets = _secrets()
    header = _exchange("GET", "/v1/me", answer=b"", token=OWN_TOKEN, headers=[("X-Debug", "415.555.0123")])
    html = _exchange("GET", "/docs", answer=f"<html>{OTHER}</html>".encode(), token=OWN_TOKEN)
    assert [leak.kind for leak in leakscan.scan_exchange(header, secrets)] == ["phone number +14155550123 as"]
    assert [leak.kind for leak in leakscan.scan_exchange(html, secrets)] == ["account id of another account"]


def test_log_records_are_scanned_with_args_extra_and_exception_text():
    secrets = _secrets()
    by_args = logging.LogRecord("x", logging.INFO, "f", 1, "sent %s", ("415 555 0123",), None)
    by_extra = logging.LogRecord("x", logging.INFO, "f", 1, "sent", (), None)
    by_extra.phone = "4155550123"
    try:
        raise ValueError(f"bad token {OWN_TOKEN}")
    except ValueError:
        by_exception = logging.LogRecord("x", logging.ERROR, "f", 1, "failed", (), sys.exc_info())
    records = (by_args, by_extra, by_exception)
    kinds = [{leak.kind for leak in leakscan.scan_logs([leakscan.render_record(r)], secrets)} for r in records]
    assert kinds == [{"phone number +14155550123 as"}, {"phone number +14155550123 as"}, {"session token"}]
    # even the account's own id: a log line has no caller
    assert leakscan.scan_logs([f"request by {OWN}"], secrets)


def test_files_are_scanned_with_quoted_short_secrets(tmp_path):
    secrets = _secrets()
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "debug.log").write_text("heap 042917 bytes\nparams {code: '042917'}\n")
    (tmp_path / "logs" / "query.log").write_text(f"token={OTHER_TOKEN}\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "store").write_text(OTHER)  # the graph's own store files are not logs
    leaks = leakscan.scan_files([tmp_path], secrets)
    assert sorted(leak.kind for leak in leaks) == ["session token", "sign-in code"]


def test_the_recorder_sees_every_wsgi_exchange_and_scans_it():
    recorder = leakscan.Recorder()

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"dev code ", environ["wsgi.input"].read()]

    body = json.dumps({"phone": NUMBER}).encode()
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/v1/x", "CONTENT_LENGTH": str(len(body))}
    environ["wsgi.input"] = io.BytesIO(body)
    assert b"".join(recorder.wsgi(app, environ, lambda status, headers, exc=None: None)).endswith(body)
    assert [leak.kind for leak in recorder.scan_test()] == ["phone number +14155550123 as"]
    assert NUMBER in recorder.session.phones.values()


def test_numbers_and_codes_the_sms_backend_handled_are_secrets_too():
    recorder = leakscan.Recorder()
    recorder.sms_sent(phone_e164=NUMBER, code="042917")  # a service called directly, no request
    recorder.handler.handle(
        logging.LogRecord("x", logging.INFO, "f", 1, "sent %s to %s", ("042917", "415-555-0123"), None)
    )
    assert {leak.kind for leak in recorder.scan_test()} == {"sign-in code", "phone number +14155550123 as"}


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/v1/notifications"),
        ("POST", "/v1/notifications/read"),
        ("GET", "/v1/chats"),
        ("GET", "/v1/chats/some-chat/messages"),
        ("POST", "/v1/posts/some-post/chats"),
        ("GET", "/v1/moderation/queue"),
        ("GET", "/v1/moderation/chat-flags"),
        ("POST", "/v1/moderation/posts/some-post/decision"),
        ("POST", "/v1/images"),
        ("GET", "/v1/media/some-key.jpg"),
    ],
)
def test_the_new_surfaces_are_scanned_for_other_accounts_ids(method, path):
    """Issue 19: notifications, chats, moderation and images answers have no exemption of their own."""
    secrets = _secrets()
    for answer, headers in (
        ({"items": [{"by": OTHER}]}, ()),
        (b"\xff\xd8binary" + OTHER.encode(), ()),
        (b"", [("X-A", OTHER)]),
    ):
        leaks = leakscan.scan_exchange(
            _exchange(method, path, answer=answer, token=OWN_TOKEN, headers=headers), secrets
        )
        assert [leak.kind for leak in leaks] == ["account id of another account"], (path, answer)
    assert (
        leakscan.scan_exchange(_exchange(method, path, answer={"items": [{"by": OWN}]}, token=OWN_TOKEN), secrets) == []
    )
