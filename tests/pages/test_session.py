"""Signing in and out of the pages: secure cookies, CSRF on every form, the same roles."""

from __future__ import annotations

from api.main import create_app
from ops.settings import Settings
from tests.api.conftest import World
from tests.pages.conftest import browser_for


def test_the_root_is_the_sign_in_page_rather_than_a_json_404(sqlite_world: World) -> None:
    response = browser_for(sqlite_world).get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'name="password"' in response.text


def test_signing_in_sets_an_httponly_samesite_cookie_and_shows_the_home_page_of_the_role(
    world: World,
) -> None:
    client = browser_for(world)
    response = client.post(
        "/login",
        data={
            "username": "leader",
            "password": "correct horse battery staple",
            "csrf_token": client.cookies["petitions_csrf"],
        },
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "petitions_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    home = client.get("/")
    assert "/queue" in home.text
    assert 'name="password"' not in home.text


def test_a_wrong_password_shows_the_form_again_with_401(sqlite_world: World) -> None:
    client = browser_for(sqlite_world)
    response = client.post(
        "/login",
        data={
            "username": "officer",
            "password": "nope",
            "csrf_token": client.cookies["petitions_csrf"],
        },
    )
    assert response.status_code == 401
    assert 'role="alert"' in response.text
    assert "petitions_session" not in client.cookies


def test_a_form_without_the_browsers_csrf_token_is_refused(sqlite_world: World) -> None:
    client = browser_for(sqlite_world)
    response = client.post(
        "/login",
        data={
            "username": "officer",
            "password": "correct horse battery staple",
            "csrf_token": "forged-token-of-the-right-size",
        },
    )
    assert response.status_code == 403
    assert "petitions_session" not in client.cookies


def test_signing_out_revokes_the_session_token(sqlite_world: World) -> None:
    client = browser_for(sqlite_world, "officer")
    token = client.cookies["petitions_session"]
    client.post("/logout", data={"csrf_token": client.cookies["petitions_csrf"]})
    bearer = {"Authorization": f"Bearer {token}"}
    assert sqlite_world.client.get("/users/me", headers=bearer).status_code == 401
    assert client.get("/queue", follow_redirects=False).headers["location"] == "/login?next=/queue"


def test_a_revocation_ends_the_page_session_of_the_user(sqlite_world: World) -> None:
    w = sqlite_world
    client = browser_for(w, "officer")
    assert client.get("/queue").status_code == 200
    assert w.post("admin", f"/users/{w.user_ids['officer']}/revocation").status_code == 200
    assert client.get("/queue", follow_redirects=False).headers["location"] == "/login?next=/queue"
    grant = {"role": "officer", "agency_id": str(w.commune)}
    assert w.post("admin", f"/users/{w.user_ids['officer']}/grants", grant).status_code == 200
    assert client.get("/queue", follow_redirects=False).status_code == 303  # still ended


def test_a_page_needing_a_role_the_user_lacks_answers_403(sqlite_world: World) -> None:
    client = browser_for(sqlite_world, "admin")
    response = client.get("/queue")
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")


def test_the_session_cookie_is_secure_outside_development(sqlite_settings: Settings) -> None:
    from fastapi.testclient import TestClient  # noqa: PLC0415

    from api.bootstrap import create_administrator  # noqa: PLC0415

    production = sqlite_settings.model_copy(update={"environment": "production"})
    app = create_app(production, run_projections=False, bootstrap_admin=False)
    with TestClient(app, base_url="https://testserver") as client:
        create_administrator(app.state.stores.accounts, "root", "a long enough secret")
        client.get("/login")
        response = client.post(
            "/login",
            data={
                "username": "root",
                "password": "a long enough secret",
                "csrf_token": client.cookies["petitions_csrf"],
            },
            follow_redirects=False,
        )
    assert "secure" in response.headers["set-cookie"].lower()


def test_a_next_address_on_another_site_is_ignored(sqlite_world: World) -> None:
    client = browser_for(sqlite_world)
    response = client.post(
        "/login",
        data={
            "username": "officer",
            "password": "correct horse battery staple",
            "csrf_token": client.cookies["petitions_csrf"],
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"
