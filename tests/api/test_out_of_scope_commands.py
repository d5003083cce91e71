"""An officer outside a case's scope learns nothing of it from a command: 404, as for no case.

The scope is checked before anything of the case (its status, version, kind) can
decide the answer: an out-of-scope command on a case in any state answers exactly
what the same command on an unknown case answers.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID, uuid4

from tests.api.conftest import World, days_ago
from tests.api.test_the_law import classified, decided

REEXAMINE = {"grounds": "violation_of_law", "reason": "misread the law", "legal_date": days_ago(1)}


def answer(w: World, user: str, case_id: str, path: str, body: Any) -> tuple[int, Any]:
    """A command's status, headers and problem body, with the case's id blanked.

    Only what is the request's own may differ between two answers: its id (`request_id`,
    `X-Request-ID`) and the Idempotency-Key derived from the request.
    """
    response = w.post(user, f"/cases/{case_id}/{path}", body)
    problem = json.loads(response.text.replace(case_id, "<id>"))
    problem.pop("request_id")
    own = {"x-request-id", "idempotency-key"}
    headers = {k: "<own>" if k in own else v for k, v in response.headers.items()}
    return response.status_code, (problem, headers)


def case_commands(w: World) -> list[str]:
    """Every POST route under /cases/{case_id}/, from the schema."""
    schema = w.client.get("/openapi.json").json()
    prefix = "/cases/{case_id}/"
    return sorted(
        p.removeprefix(prefix)
        for p, ops in schema["paths"].items()
        if p.startswith(prefix) and "post" in ops
    )


def cases_in_every_state(w: World) -> dict[str, str]:
    """A received, an accepted and a settled complaint of the commune's officer."""
    received = w.record()["id"]
    accepted = classified(w, "officer", w.commune)
    w.ok("officer", f"/cases/{accepted}/acceptance", {"legal_date": days_ago(28)})
    return {
        "received": received,
        "accepted": accepted,
        "settled": decided(w, "officer", decided_ago=20, notified_ago=18),
    }


def test_a_re_examination_out_of_scope_answers_as_for_an_unknown_case(world: World) -> None:
    w = world
    unknown = answer(w, "other-officer", str(uuid4()), "reexamination", REEXAMINE)
    assert unknown[0] == 404
    for state, case_id in cases_in_every_state(w).items():
        got = answer(w, "other-officer", case_id, "reexamination", REEXAMINE)
        assert got == unknown, state
        stale = {**REEXAMINE, "expected_version": 1}
        assert answer(w, "other-officer", case_id, "reexamination", stale) == unknown, state
    # The competent authority above still re-examines the settled case.
    settled = cases_in_every_state(w)["settled"]
    w.ok("province-officer", f"/cases/{settled}/reexamination", REEXAMINE)


def test_every_case_command_out_of_scope_answers_as_for_an_unknown_case(world: World) -> None:
    w = world
    cases = cases_in_every_state(w)
    for path in case_commands(w):
        body = REEXAMINE if path == "reexamination" else {}
        unknown = answer(w, "other-officer", str(uuid4()), path, body)
        for state, case_id in cases.items():
            got = answer(w, "other-officer", case_id, path, body)
            assert got == unknown, (path, state, got, unknown)


def test_the_authority_is_judged_on_the_re_examinations_legal_date(world: World) -> None:
    """A re-examination entered late is admitted by the authority competent on its date.

    Land passed from the Ministry of Natural Resources and Environment (BTNMT) to the
    merged ministry (BNNMT) on 2025-03-01: BTNMT re-examines a decision in February
    2025, recorded today, though it would not be competent today.
    """
    w = world
    early = {"legal_date": "2024-01-02"}
    province = w.ok(
        "admin", "/agencies", {"name": "UBND tỉnh Cũ", "code": "TC", "level": "province", **early}
    )["id"]
    ministry = w.ok(
        "admin",
        "/agencies",
        {"name": "Bộ TN&MT", "code": "BTNMT", "level": "central", "kind": "ministry", **early},
    )["id"]
    w.add_user("old-province-officer", "officer", UUID(province))
    w.add_user("old-ministry-officer", "officer", UUID(ministry))
    cid = w.record("old-province-officer", legal_date="2025-01-06")["id"]
    steps = [
        (
            "classification",
            {
                "kind": "complaint",
                "field": "land",
                "competent_agency_id": province,
                "decision_known_on": "2024-12-20",
                "legal_date": "2025-01-07",
            },
        ),
        ("acceptance", {"legal_date": "2025-01-08"}),
        (
            "conclusion",
            {
                "outcome": "wrong",
                "decision_ref": "3/QĐ",
                "effect_on_contested": "upheld",
                "legal_date": "2025-02-03",
            },
        ),
        ("notification", {"method": "registered post", "legal_date": "2025-02-05"}),
    ]
    for path, body in steps:
        w.ok("old-province-officer", f"/cases/{cid}/{path}", body)
    late = {"grounds": "new_evidence", "reason": "a new survey", "legal_date": "2025-02-20"}
    w.ok("old-ministry-officer", f"/cases/{cid}/reexamination", late)
