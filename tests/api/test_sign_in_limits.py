"""Password guessing is bounded per account and per network, not only per address."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import World

WRONG = {"username": "chu.tich", "password": "not the password"}  # never signed in here


@pytest.fixture
def mid_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock in the middle of a rate-limit window, so no test straddles two windows."""
    monkeypatch.setattr("api.ratelimit.wall_clock", lambda: 1_800_000_030.0)


def from_address(w: World, host: str) -> TestClient:
    return TestClient(w.client.app, client=(host, 50000))


@pytest.mark.usefixtures("mid_window")
def test_guesses_at_one_account_from_many_addresses_are_limited(sqlite_world: World) -> None:
    w = sqlite_world
    statuses = [
        from_address(w, f"198.51.100.{i}").post("/auth/token", data=WRONG).status_code
        for i in range(25)
    ]
    assert statuses[:20] == [401] * 20
    assert statuses[20:] == [429] * 5
    # Another account is not held up by them.
    other = from_address(w, "198.51.100.99").post(
        "/auth/token", data={**WRONG, "username": "pho.chu.tich"}
    )
    assert other.status_code == 401


@pytest.mark.usefixtures("mid_window")
def test_the_addresses_of_one_ipv6_network_share_a_limit(sqlite_world: World) -> None:
    w = sqlite_world
    statuses = [
        from_address(w, f"2001:db8:1:2::{i:x}").get(f"/public/cases/PA-2026-0000-0000-{i:02d}")
        for i in range(31)
    ]
    assert [s.status_code for s in statuses[:30]] == [404] * 30
    assert statuses[30].status_code == 429
    elsewhere = from_address(w, "2001:db8:1:3::1").get("/public/cases/PA-2026-0000-0000-00")
    assert elsewhere.status_code == 404
