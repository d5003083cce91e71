"""Bad input: each gets its documented problem and leaves the store unchanged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import OperationalError

from domain.act import Act
from domain.errors import DuplicateError
from tests.api.conftest import World, days_ago


@contextmanager
def unchanged(w: World) -> Iterator[None]:
    stores = w.client.app.state.stores
    before = (
        stores.petitions.recorder.max_notification_id(),
        stores.accounts.recorder.max_notification_id(),
    )
    yield
    after = (
        stores.petitions.recorder.max_notification_id(),
        stores.accounts.recorder.max_notification_id(),
    )
    assert after == before


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["type"]
    assert body["instance"]
    return body


def accepted(w: World) -> str:
    cid = w.record()["id"]
    w.ok(
        "officer",
        f"/cases/{cid}/classification",
        {
            "kind": "recommendation",
            "field": "roads",
            "competent_agency_id": str(w.commune),
            "legal_date": days_ago(29),
        },
    )
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(20)})
    return cid


def test_unknown_ids_are_404(world: World) -> None:
    w = world
    with unchanged(w):
        problem(w.post("officer", f"/cases/{uuid4()}/acceptance", {"legal_date": days_ago(1)}), 404)
        problem(w.get("auditor", f"/cases/{uuid4()}/history"), 404)
        problem(
            w.post(
                "officer",
                f"/cases/{uuid4()}/appeals",
                {"channel": "post", "summary": "x", "legal_date": days_ago(1)},
            ),
            404,
        )
        problem(
            w.post("admin", f"/agencies/{uuid4()}/name", {"name": "x", "legal_date": days_ago(1)}),
            404,
        )
        problem(w.get("admin", f"/users/{uuid4()}"), 404)
        problem(w.get("auditor", f"/meetings/{uuid4()}"), 404)


def test_malformed_bodies_name_the_field_and_the_reason(world: World) -> None:
    w = world
    with unchanged(w):
        body = problem(
            w.post(
                "officer",
                "/cases",
                {"channel": "pigeon", "summary": "x", "legal_date": "yesterday"},
            ),
            422,
        )
        fields = {e["field"] for e in body["errors"]}
        assert fields == {"channel", "legal_date"}
        assert all(e["reason"] for e in body["errors"])
        body = problem(
            w.post("officer", "/cases", {"summary": "x", "legal_date": days_ago(1), "surprise": 1}),
            422,
        )
        assert {e["field"] for e in body["errors"]} == {"channel", "surprise"}
        raw = w.client.post(
            "/cases",
            content=b"{not json",
            headers={**w.as_("officer"), "Content-Type": "application/json"},
        )
        problem(raw, 422)
        problem(w.post("officer", "/cases", [1, 2, 3]), 422)
        problem(w.get("auditor", "/cases/not-a-uuid"), 422)
        problem(
            w.post(
                "admin",
                "/users",
                {
                    "username": "Bad Name!",
                    "password": "long enough password",
                    "role": "officer",
                    "agency_id": str(w.commune),
                },
            ),
            422,
        )
        problem(
            w.post(
                "admin",
                "/users",
                {
                    "username": "ghost",
                    "password": "long enough password",
                    "role": "officer",
                    "agency_id": str(uuid4()),
                },
            ),
            422,
        )
        problem(
            w.post(
                "admin",
                "/users",
                {
                    "username": "nobody2",
                    "password": "long enough password",
                    "role": "auditor",
                    "agency_id": str(w.commune),
                },
            ),
            422,
        )
        problem(
            w.post(
                "admin",
                "/users",
                {"username": "officer", "password": "long enough password", "role": "auditor"},
            ),
            409,
        )


def test_out_of_order_commands_are_422_and_change_nothing(world: World) -> None:
    w = world
    cid = w.record()["id"]
    with unchanged(w):
        body = problem(
            w.post(
                "officer",
                f"/cases/{cid}/conclusion",
                {"outcome": "accepted", "decision_ref": "1", "legal_date": days_ago(1)},
            ),
            422,
        )
        assert "not classified" in body["detail"]
        problem(w.post("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(1)}), 422)
        problem(
            w.post(
                "officer",
                f"/cases/{cid}/notification",
                {"method": "post", "legal_date": days_ago(1)},
            ),
            422,
        )
        problem(w.post("officer", f"/cases/{cid}/resumption", {"legal_date": days_ago(1)}), 422)
    assert w.case("officer", cid)["version"] == 1


def test_dates_before_acceptance_or_in_the_future_are_refused(world: World) -> None:
    w = world
    cid = accepted(w)
    with unchanged(w):
        body = problem(
            w.post(
                "officer",
                f"/cases/{cid}/verifications",
                {"step": "visit", "legal_date": days_ago(25)},
            ),
            422,
        )
        assert "before" in body["detail"]
        problem(
            w.post(
                "officer",
                f"/cases/{cid}/conclusion",
                {"outcome": "accepted", "decision_ref": "1", "legal_date": "2999-01-01"},
            ),
            422,
        )
        body = problem(
            w.post(
                "officer",
                f"/cases/{cid}/verifications",
                {"step": "visit", "legal_date": "1899-12-31"},
            ),
            422,
        )
        assert body["errors"][0]["field"] == "legal_date"


def test_huge_and_unicode_strings(world: World) -> None:
    w = world
    with unchanged(w):
        body = problem(
            w.post(
                "officer",
                "/cases",
                {"channel": "post", "summary": "x" * 20_001, "legal_date": days_ago(1)},
            ),
            422,
        )
        assert body["errors"][0]["field"] == "summary"
        problem(
            w.post(
                "officer",
                "/cases",
                {"channel": "post", "summary": "x" * 300_000, "legal_date": days_ago(1)},
            ),
            413,
        )
        problem(
            w.post(
                "officer",
                "/cases",
                {"channel": "post", "summary": "   ", "legal_date": days_ago(1)},
            ),
            422,
        )
        problem(
            w.post(
                "officer",
                "/cases",
                {
                    "channel": "post",
                    "summary": "ok",
                    "legal_date": days_ago(1),
                    "petitioner_count": 10**30,
                },
            ),
            422,
        )
    text = "Đơn khiếu nại 🏠 về đất — قطعة أرض — \u200b土地 \\ \" ' end"
    cid = w.record(summary=text)["id"]
    assert w.case("officer", cid)["summary"] == text.strip()
    # A NUL would stop every read model on PostgreSQL: refused, nothing stored.
    with unchanged(w):
        body = problem(
            w.post(
                "officer",
                "/cases",
                {"channel": "post", "summary": "a\x00b", "legal_date": days_ago(1)},
            ),
            422,
        )
        assert "control characters" in json.dumps(body)


def test_a_stale_expected_version_is_a_409_conflict(world: World) -> None:
    w = world
    cid = accepted(w)
    w.ok(
        "officer",
        f"/cases/{cid}/verifications",
        {"step": "a", "legal_date": days_ago(10), "expected_version": 3},
    )
    with unchanged(w):
        body = problem(
            w.post(
                "officer2",
                f"/cases/{cid}/verifications",
                {"step": "b", "legal_date": days_ago(10), "expected_version": 3},
            ),
            409,
        )
        assert "version 4" in body["detail"]


def test_concurrent_conflicting_commands_save_only_one(world: World) -> None:
    # Two officers load the same version at once; the store refuses the second save.
    w = world
    cid = accepted(w)
    app = w.client.app.state.stores.petitions
    first, second = app.get_case(UUID(cid)), app.get_case(UUID(cid))
    act = Act("x", w.commune, date.fromisoformat(days_ago(5)))
    first.record_verification("a", "", act)
    second.record_verification("b", "", act)
    app.save(first)
    with unchanged(w), pytest.raises(DuplicateError):
        app._save(second)
    # Over HTTP the same race surfaces as a 409 problem.
    stale = w.post(
        "officer",
        f"/cases/{cid}/suspension",
        {"legal_date": days_ago(5), "reason": "expert", "expected_version": 3},
    )
    problem(stale, 409)


def test_no_input_produces_a_500(world: World) -> None:
    w = world
    cid = accepted(w)
    junk = [
        None,
        [],
        "x",
        0,
        {"legal_date": "2024-02-30"},
        {"legal_date": days_ago(1), "expected_version": -1},
        {"legal_date": days_ago(1), "days": 10**12, "complexity": "complex"},
    ]
    schema = w.client.get("/openapi.json").json()
    for path, ops in schema["paths"].items():
        url = (
            path.replace("{case_id}", cid)
            .replace("{agency_id}", str(w.commune))
            .replace("{user_id}", str(w.user_ids["officer2"]))
            .replace("{meeting_id}", str(uuid4()))
            .replace("{reference_code}", "PA-2026-AAAA-BBBB-CC")
        )
        # Each route as the role allowed to call it, so the junk reaches the validation.
        user = "admin" if path.startswith(("/agencies", "/users")) else "officer"
        for method in ops:
            for body in junk if method == "post" else [None]:
                response = w.client.request(method.upper(), url, json=body, headers=w.as_(user))
                assert response.status_code < 500, (method, path, body, response.text)


def test_a_busy_store_is_a_503_with_retry_after(
    sqlite_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = sqlite_world

    def busy(*_: object, **__: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(w.client.app.state.stores.petitions, "save", busy)
    response = w.post(
        "officer", "/cases", {"channel": "post", "summary": "x", "legal_date": days_ago(1)}
    )
    problem(response, 503)
    assert response.headers["retry-after"] == "1"
