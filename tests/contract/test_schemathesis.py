"""The API against its own OpenAPI (schemathesis, all checks): no 5xx, no response outside
its schema, no undeclared status, as an administrator and as an officer. A short run;
the README gives the long one."""

from __future__ import annotations

from tests.contract.schemathesis_run import SHORT_PHASES, run

EXAMPLES = 4


def test_the_api_keeps_to_its_openapi_for_an_administrator_and_an_officer() -> None:
    status, output = run(EXAMPLES, seed=20251125, phases=SHORT_PHASES)
    assert status == 0, output[-20_000:]
    assert output.count("No issues found") == 2, output[-5_000:]
