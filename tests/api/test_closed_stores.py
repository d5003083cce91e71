"""A store closed under a running API (its shutdown, a pool the library closed): 503, never 500.

Closing a SQLite store's pool makes the library raise `ConnectionPoolClosedError`,
which is no `PersistenceError`; PostgreSQL's closed pool surfaces as an
`OperationalError`. Either way the caller gets what an unreachable store gives:
503 `store-unavailable` with `Retry-After`, at once, and the log says so without an
`unexpected_error`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from eventsourcing.persistence import ConnectionPoolClosedError, ProgrammingError
from fastapi.testclient import TestClient
from structlog.testing import capture_logs

from api.stores import Stores
from ops.settings import Settings
from tests.api.conftest import PASSWORD, World, _make_world, days_ago

QUICK = 2.0  # seconds: a closed store answers at once, never hangs


@pytest.fixture
def world(store_settings: Settings) -> Iterator[World]:
    """The usual world, without the leak check afterwards: it reads the stores closed here."""
    yield from _make_world(store_settings, runners=False)


def _views(stores: Stores) -> None:
    assert stores.views is not None
    stores.views.close()


CLOSERS: dict[str, Callable[[Stores], None]] = {
    "views": _views,
    "petitions": lambda stores: stores.petitions.close(),
    "accounts": lambda stores: stores.accounts.close(),
    "everything": lambda stores: stores.close(),
}
# What each request needs: it must answer 503 when one of these is closed.
NEEDS = {
    "report": {"views", "accounts", "everything"},
    "report after a position": {"views", "petitions", "accounts", "everything"},
    "case": {"petitions", "accounts", "everything"},
    "command": {"petitions", "accounts", "everything"},
    "command with a key": {"petitions", "accounts", "everything"},
    "sign-in": {"accounts", "everything"},
}


def _requests(w: World, case_id: str) -> dict[str, Callable[[], Any]]:
    body = {"channel": "post", "summary": "x", "legal_date": days_ago(1)}
    year = {"year": int(days_ago(0)[:4])}
    return {
        "report": lambda: w.get("leader", "/reports/statistics", params=year),
        "report after a position": lambda: w.get(
            "leader", "/reports/statistics", params={**year, "after": 1}
        ),
        "case": lambda: w.get("officer", f"/cases/{case_id}"),
        "command": lambda: w.post("officer", "/cases", body),
        "command with a key": lambda: w.post(
            "officer", "/cases", body, headers={"Idempotency-Key": "closed-store-1"}
        ),
        "sign-in": lambda: w.client.post(
            "/auth/token", data={"username": "officer", "password": PASSWORD}
        ),
    }


@pytest.mark.parametrize("closed", list(CLOSERS))
def test_a_closed_store_answers_503_with_retry_after_and_never_500(
    world: World, closed: str
) -> None:
    case_id = world.record()["id"]
    CLOSERS[closed](world.client.app.state.stores)
    with capture_logs() as logs:
        for name, call in _requests(world, case_id).items():
            started = time.monotonic()
            response = call()
            took = time.monotonic() - started
            assert took < QUICK, (name, took)
            assert response.status_code < 500 or response.status_code == 503, (name, response.text)
            if closed in NEEDS[name]:
                assert response.status_code == 503, (name, response.text)
            if response.status_code == 503:
                assert response.headers["Retry-After"] == "1", name
                assert response.headers["content-type"] == "application/problem+json"
                assert response.json()["title"] == "store-unavailable", (name, response.text)
    events = [entry["event"] for entry in logs]
    assert "unexpected_error" not in events
    assert "store_unavailable" in events


def test_any_other_programming_error_is_still_a_500(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = world.record()["id"]

    def broken(*_: object) -> None:
        raise ProgrammingError("no such column: nonsense")

    monkeypatch.setattr(world.client.app.state.stores.petitions, "case_details", broken)
    with capture_logs() as logs, pytest.raises(ProgrammingError):  # the server's 500 path
        world.get("officer", f"/cases/{case_id}")
    assert "unexpected_error" in [entry["event"] for entry in logs]


@pytest.mark.parametrize("closed", ["views", "everything"])
def test_open311_answers_a_closed_store_with_503_in_the_specs_error_format(
    world: World, closed: str
) -> None:
    CLOSERS[closed](world.client.app.state.stores)
    rules = world.client.app.state.open311_rules
    query = {"jurisdiction_id": rules.jurisdiction_id or "x", "api_key": "k" * 32}
    response = world.client.get("/open311/v2/requests.json", params=query)
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "1"
    assert response.json()[0]["code"] == 503


def test_an_error_raised_from_a_closed_store_is_a_503_even_unlisted(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = world.record()["id"]

    def wrapped(*_: object) -> None:
        raise RuntimeError("while reading the case") from ConnectionPoolClosedError()

    monkeypatch.setattr(world.client.app.state.stores.petitions, "case_details", wrapped)
    client = TestClient(world.client.app, raise_server_exceptions=False)  # its lifespan is on
    response = client.get(f"/cases/{case_id}", headers=world.as_("officer"))
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "1"
