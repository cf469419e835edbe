"""One leak scan for every exit of the suite (tests/conftest.py installs it for the whole session).

It records every request the app answers in this process (any test client, any app: it wraps
``Flask.__call__``) and every log record (a root-logger handler), learns the secrets each test
used from the traffic itself, and at the end of each test looks for them in every response
(status, headers and body, JSON or not) and every log record (message, args, ``extra``
attributes, exception text). At the end of the session it also reads the files under the var
directory and the test Neo4j's own logs. The secrets:

- account ids other than the caller's (learned from sign-in answers; the caller is the owner of
  the request's bearer token, or the new account in its own sign-in answer);
- phone numbers the test sent, valid ones, in any format: E.164, national, with or without the
  country code, spaced, dashed, dotted, bracketed (a run of digits and separators that contains
  the national significant number);
- client digests (SHA-256 hex of a number or Facebook id) the test sent, and those of its numbers;
- session tokens, except the caller's own in its sign-in answer;
- sign-in codes, except the ``dev_code`` in the code answer that carries it;
- passcodes an account really set or signed in with.

Codes and passcodes are short, so they match only as whole words (in files, only quoted or after
the word code/passcode), to keep the scan free of chance hits in timings and sizes.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers

SIGN_IN_PATH = "/v1/auth/sessions"
REFRESH_PATH = "/v1/auth/refresh"
CODE_PATHS = ("/v1/auth/codes", "/v1/me/phone/codes")
MIN_PHONE_DIGITS = 7  # shorter national numbers would match timings and counts by chance
_DIGITS = re.compile(r"\d(?:[ .\-()/\u00a0]{0,3}\d)*")
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
_BEARER = re.compile(r"^Bearer\s+(\S+)$")
_STANDARD_RECORD_KEYS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


@dataclass
class Exchange:
    """One request and its answer, as the client saw it."""

    method: str
    path: str
    query: str
    request_headers: dict[str, str]
    request_body: bytes
    status: str
    response_headers: list[tuple[str, str]]
    response_body: bytes

    @property
    def status_code(self) -> int:
        return int(self.status.split()[0])

    def request_json(self):
        try:
            return json.loads(self.request_body) if self.request_body else None
        except (ValueError, RecursionError):  # hostile input tests send these on purpose
            return None

    def response_json(self):
        try:
            return json.loads(self.response_body) if self.response_body else None
        except (ValueError, RecursionError):
            return None

    def bearer(self) -> str | None:
        match = _BEARER.match(self.request_headers.get("Authorization", ""))
        return match.group(1) if match else None

    def response_text(self) -> str:
        headers = "\n".join(f"{name}: {value}" for name, value in self.response_headers)
        return f"{self.status}\n{headers}\n\n{self.response_body.decode('utf-8', 'replace')}"


@dataclass
class Secrets:
    """What one test (or the whole session) must never see leak."""

    account_ids: set[str] = field(default_factory=set)
    token_owner: dict[str, str] = field(default_factory=dict)  # token -> account id
    phones: dict[str, str] = field(default_factory=dict)  # national significant number -> E.164
    digests: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    passcodes: set[str] = field(default_factory=set)

    def add_phone(self, raw: object, region: object = None) -> None:
        """Remember a valid number in every format; anything else is not a number to protect."""
        if not isinstance(raw, str) or len(raw) > 64:
            return
        try:
            parsed = phonenumbers.parse(raw, region.upper() if isinstance(region, str) and region else None)
        except phonenumbers.NumberParseException:
            return
        if not phonenumbers.is_valid_number(parsed):
            return
        national = phonenumbers.national_significant_number(parsed)
        e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if len(national) >= MIN_PHONE_DIGITS:
            self.phones[national] = e164
        self.digests.add(hashlib.sha256(e164.encode()).hexdigest())

    def add_digest(self, value: object) -> None:
        if isinstance(value, str) and _HEX64.match(value.strip()):
            self.digests.add(value.strip().lower())

    def learn(self, exchange: Exchange) -> None:
        """Harvest the secrets a request sent and an answer handed out."""
        sent = exchange.request_json()
        if isinstance(sent, dict):
            region = sent.get("region")
            for key, value in _walk(sent):
                if "phone" in key:
                    self.add_phone(value, region)
                elif "digest" in key or key == "facebook_id":
                    self.add_digest(value)
        ok = 200 <= exchange.status_code < 300
        # a passcode an account really set, or signed in with (not every string a fuzzer tried)
        if ok and isinstance(sent, dict) and _passcode_like(sent.get("passcode")):
            self.passcodes.add(sent["passcode"])
        answer = exchange.response_json()
        if exchange.method != "POST" or not isinstance(answer, dict):
            return
        if exchange.path in CODE_PATHS and isinstance(answer.get("dev_code"), str):
            self.codes.add(answer["dev_code"])
        if exchange.path == SIGN_IN_PATH and ok and isinstance(answer.get("token"), str):
            account_id = (answer.get("account") or {}).get("id")
            if isinstance(account_id, str):
                self.account_ids.add(account_id)
                self.token_owner[answer["token"]] = account_id
                if isinstance(answer.get("refresh_token"), str):
                    self.token_owner[answer["refresh_token"]] = account_id
        if exchange.path == REFRESH_PATH and ok and isinstance(sent, dict):
            # A refreshed pair belongs to the account whose refresh token was spent.
            account_id = self.token_owner.get(sent.get("refresh_token") or "")
            for key in ("token", "refresh_token"):
                if account_id and isinstance(answer.get(key), str):
                    self.token_owner[answer[key]] = account_id

    def update(self, other: Secrets) -> None:
        self.account_ids |= other.account_ids
        self.token_owner.update(other.token_owner)
        self.phones.update(other.phones)
        self.digests |= other.digests
        self.codes |= other.codes
        self.passcodes |= other.passcodes

    def __bool__(self) -> bool:
        return bool(self.account_ids or self.phones or self.digests or self.codes or self.passcodes)


def _passcode_like(value: object) -> bool:
    """Worth scanning for: a fuzzer's accepted passcode "true" would match every boolean."""
    return isinstance(value, str) and len(value) >= 4 and (len(value) >= 8 or any(c.isdigit() for c in value))


def _walk(value, key: str = ""):
    """(key, leaf) for every leaf of a JSON document; list items keep their list's key."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, str(k).lower())
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, key)
    else:
        yield key, value


@dataclass(frozen=True)
class Leak:
    where: str
    kind: str
    value: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind} {self.value!r}"


def _short_secret(values: Iterable[str], *, quoted_only: bool) -> re.Pattern | None:
    values = sorted({v for v in values if v}, key=len, reverse=True)
    if not values:
        return None
    alternatives = "|".join(re.escape(v) for v in values)
    if quoted_only:  # files: a code in a config dump or a logged parameter is quoted or named
        return re.compile(rf"[\"'](?:{alternatives})[\"']|(?i:code|passcode)\W{{1,4}}(?:{alternatives})(?!\w)")
    # a whole word, not a piece of a number ("ms": 1234.5) or of a longer token
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w|\.\d)")


def find_leaks(
    text: str,
    secrets: Secrets,
    *,
    where: str,
    caller: str | None = None,
    allowed_tokens: frozenset[str] = frozenset(),
    allowed_code: str | None = None,
    quoted_short_secrets: bool = False,
) -> list[Leak]:
    """Every secret in ``text`` except the caller's own id, its own tokens in its sign-in or
    refresh answer, and the code of a code answer."""
    leaks: list[Leak] = []
    for account_id in secrets.account_ids:
        if account_id != caller and account_id in text:
            leaks.append(Leak(where, "account id of another account", account_id))
    for token in secrets.token_owner:
        if token not in allowed_tokens and token in text:
            leaks.append(Leak(where, "session token", token))
    lowered = text.lower()
    for value in secrets.digests:
        if value in lowered:
            leaks.append(Leak(where, "client digest", value))
    if secrets.phones:
        lengths = {len(n) for n in secrets.phones}
        for run in _DIGITS.findall(text):
            digits = re.sub(r"\D", "", run)
            for length in lengths:
                for start in range(len(digits) - length + 1):
                    national = digits[start : start + length]
                    if national in secrets.phones:
                        leaks.append(Leak(where, f"phone number {secrets.phones[national]} as", run))
    for kind, values in (("sign-in code", secrets.codes - {allowed_code}), ("passcode", secrets.passcodes)):
        pattern = _short_secret(values, quoted_only=quoted_short_secrets)
        if pattern is not None:
            leaks.extend(Leak(where, kind, match.group(0)) for match in pattern.finditer(text))
    return leaks


def scan_exchange(exchange: Exchange, secrets: Secrets) -> list[Leak]:
    """The answer's status, headers and body against ``secrets``, with the exchange's own exemptions."""
    caller = secrets.token_owner.get(exchange.bearer() or "")
    allowed_tokens: frozenset[str] = frozenset()
    allowed_code = None
    answer = exchange.response_json() if exchange.method == "POST" else None
    if isinstance(answer, dict) and 200 <= exchange.status_code < 300:
        if exchange.path in (SIGN_IN_PATH, REFRESH_PATH) and isinstance(answer.get("token"), str):
            allowed_tokens = frozenset(
                answer[key] for key in ("token", "refresh_token") if isinstance(answer.get(key), str)
            )
            caller = secrets.token_owner.get(answer["token"])
        if exchange.path in CODE_PATHS and isinstance(answer.get("dev_code"), str):
            allowed_code = answer["dev_code"]
    where = f"response to {exchange.method} {exchange.path}"
    return find_leaks(
        exchange.response_text(),
        secrets,
        where=where,
        caller=caller,
        allowed_tokens=allowed_tokens,
        allowed_code=allowed_code,
    )


def render_record(record: logging.LogRecord) -> str:
    """Everything a log handler could write: message, args, extra attributes, exception text."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed record still shows its parts
        message = str(record.msg)
    parts = [record.name, message, str(record.msg), repr(record.args)]
    parts += [f"{key}={value!r}" for key, value in vars(record).items() if key not in _STANDARD_RECORD_KEYS]
    if record.exc_info and record.exc_info[0] is not None:
        parts.append(logging.Formatter().formatException(record.exc_info))
    if record.exc_text:
        parts.append(record.exc_text)
    if record.stack_info:
        parts.append(record.stack_info)
    return "\n".join(parts)


def scan_logs(lines: Iterable[str], secrets: Secrets) -> list[Leak]:
    """No log line may hold any secret, not even its own account's id."""
    return [leak for line in lines for leak in find_leaks(line, secrets, where=f"log record {line[:80]!r}")]


def scan_files(roots: Iterable[Path], secrets: Secrets) -> list[Leak]:
    """Every file under ``roots`` (Neo4j's store files excepted: they hold the graph itself)."""
    leaks: list[Leak] = []
    for root in roots:
        for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
            if "data" in path.relative_to(root).parts or path.suffix == ".jar":
                continue
            text = path.read_bytes().decode("utf-8", "replace")
            leaks += find_leaks(text, secrets, where=str(path), quoted_short_secrets=True)
    return leaks


class Recorder:
    """Collects exchanges and log lines for the running test; the conftest scans them after it."""

    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []
        self.log_lines: list[str] = []
        self.noted = Secrets()
        self.session = Secrets()
        self._lock = threading.Lock()
        self.handler = _Handler(self)

    def reset(self) -> None:
        with self._lock:
            self.exchanges, self.log_lines = [], []
            self.noted = Secrets()

    def sms_sent(self, *, phone_e164: str, code: str) -> None:
        """A code the SMS backend sent: the number and the code are secrets even if no request
        of the test carried them (services called directly)."""
        with self._lock:
            self.noted.add_phone(phone_e164)
            self.noted.codes.add(code)

    def scan_test(self) -> list[Leak]:
        """Learn this test's secrets from its traffic, then look for them everywhere it reached."""
        with self._lock:
            exchanges, lines = list(self.exchanges), list(self.log_lines)
            secrets = Secrets()
            secrets.update(self.noted)
        for exchange in exchanges:
            secrets.learn(exchange)
        self.session.update(secrets)
        if not secrets:
            return []
        leaks = [leak for exchange in exchanges for leak in scan_exchange(exchange, secrets)]
        return leaks + scan_logs(lines, secrets)

    def wsgi(self, app, environ, start_response):
        """Call ``app`` and record what went in and what came out."""
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        answer: dict = {}

        def capture(status, headers, exc_info=None):
            answer.update(status=status, headers=list(headers))
            return start_response(status, headers, exc_info)

        result = app(environ, capture)
        try:
            chunks = list(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        exchange = Exchange(
            method=environ.get("REQUEST_METHOD", ""),
            path=environ.get("PATH_INFO", ""),
            query=environ.get("QUERY_STRING", ""),
            request_headers={
                key[5:].replace("_", "-").title(): value for key, value in environ.items() if key.startswith("HTTP_")
            },
            request_body=body,
            status=answer.get("status", "000"),
            response_headers=answer.get("headers", []),
            response_body=b"".join(chunks),
        )
        with self._lock:
            self.exchanges.append(exchange)
        return chunks


class _Handler(logging.Handler):
    def __init__(self, recorder: Recorder) -> None:
        super().__init__(level=logging.DEBUG)
        self.recorder = recorder

    def emit(self, record: logging.LogRecord) -> None:
        line = render_record(record)
        with self.recorder._lock:
            self.recorder.log_lines.append(line)
