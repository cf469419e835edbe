"""Schema-driven fuzzing: every operation of the live app's own OpenAPI document, authenticated.

Bounded here (FUZZ_EXAMPLES per operation, 3 by default); `make fuzz` runs many more. Every answer
must be a non-5xx, documented status, with a body that matches the documented schema.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
# What the API promises. Schemathesis's "positive data acceptance" is left out on purpose: a
# schema cannot say which strings are real phone numbers, so a schema-valid body may rightly get 422.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def test_every_operation_answers_as_documented(app, api):
    user = api.new_user()
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    failures: dict[str, str] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)  # fmt: skip
        def check(case) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {user.token}"}
            case.call_and_validate(checks=CHECKS)

        try:
            check()
        except Exception as error:  # collect every operation's first failure, then report them all
            failures[operation.label] = f"{type(error).__name__}: {str(error)[:600]}"
    assert operations >= 30
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
