"""The REST API against its own OpenAPI schema: schemathesis generates requests from the
schema (valid and invalid parameters, odd strings, bodies) for every operation, and no
answer may be a server error. Derandomized (the same examples on every run) and bounded
to stay within ~30 s."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="needs schemathesis (test extra)")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

LOOPBACK = {"host": "127.0.0.1"}  # the app serves loopback Host headers only
EXAMPLES = 12  # per operation (about 30 s in all on a loaded 2-core machine)


def test_schema_no_server_error(app):
    # every operation, POST /api/analyze too: without the token it must refuse, not fail
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app, headers=LOOPBACK)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10, [op.label for op in operations]
    for operation in operations:
        _check(operation)


def _check(operation) -> None:
    # schemathesis' own pytest loader (from_fixture) does not run under pytest 9: one
    # Hypothesis test per operation, from the operation's strategy, instead
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(checks=[not_a_server_error], headers=LOOPBACK)

    run()
