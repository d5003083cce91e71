"""Pages through the ASGI app: a browser-like client per signed-in user."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import (  # noqa: F401  # the API tests' fixtures, shared
    PASSWORD,
    World,
    cheap_password_hashing,
    live_world,
    sqlite_world,
    world,
)


def browser_for(w: World, username: str | None = None, **headers: str) -> TestClient:
    """A client with its own cookies, signed in through the form when `username` is given."""
    client = TestClient(w.client.app, headers=headers)
    client.get("/login")
    if username:
        response = client.post(
            "/login",
            data={
                "username": username,
                "password": PASSWORD,
                "csrf_token": client.cookies["petitions_csrf"],
            },
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
    return client


def caught_up(w: World, position: int) -> None:
    assert w.client.app.state.stores.views.wait_for(position, 5.0)
