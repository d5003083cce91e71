"""A change of a user's access ends the sessions opened before it, in every API process.

A role revocation, a grant replacing the user's role or agency, and a deactivation
end every token of the user issued before them (401), as a password change does: a
token kept from before never comes back to life with a later grant.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.main import create_app
from ops.settings import Settings
from tests.api.conftest import World


def other_instance(settings: Settings) -> TestClient:
    """A second API app on the same store, as a second process would be."""
    return TestClient(create_app(settings, run_projections=False, bootstrap_admin=False))


def test_a_revocation_ends_the_tokens_issued_before_it_even_after_a_new_grant(
    world: World,
) -> None:
    w = world
    before = w.headers["leader"]
    elsewhere = w.login("leader")  # another browser, or a stolen token
    assert w.post("admin", f"/users/{w.user_ids['leader']}/revocation").status_code == 200
    for headers in (before, elsewhere):
        refused = w.client.get("/users/me", headers=headers)
        assert refused.status_code == 401, refused.text
        assert refused.json()["detail"] == "the token has expired or was revoked"
    grant = {"role": "leader", "agency_id": str(w.province)}
    assert w.post("admin", f"/users/{w.user_ids['leader']}/grants", grant).status_code == 200
    assert w.client.get("/reports/statistics", headers=before).status_code == 401
    fresh = w.login("leader")
    assert w.client.get("/users/me", headers=fresh).status_code == 200
    assert w.get("board", "/users/me").status_code == 200  # other users keep theirs


def test_a_grant_replacing_the_role_ends_the_tokens_of_the_old_grant(world: World) -> None:
    w = world
    before = w.headers["officer2"]
    moved = {"role": "officer", "agency_id": str(w.other_commune)}
    assert w.post("admin", f"/users/{w.user_ids['officer2']}/grants", moved).status_code == 200
    refused = w.client.get("/users/me", headers=before)
    assert refused.status_code == 401, refused.text
    fresh = w.login("officer2")
    me = w.client.get("/users/me", headers=fresh).json()
    assert me["agency_id"] == str(w.other_commune)


def test_a_deactivation_ends_the_tokens_and_no_new_one_is_issued(world: World) -> None:
    w = world
    before = w.headers["officer2"]
    assert w.post("admin", f"/users/{w.user_ids['officer2']}/deactivation").status_code == 200
    assert w.client.get("/users/me", headers=before).status_code == 401
    signed_in = w.client.post("/auth/token", data={"username": "officer2", "password": "x" * 12})
    assert signed_in.status_code == 401


def test_an_access_change_in_one_process_ends_the_cached_sessions_of_another(
    world: World, store_settings: Settings
) -> None:
    w = world
    with other_instance(store_settings) as other:
        leader = w.headers["leader"]
        assert other.get("/users/me", headers=leader).status_code == 200  # now cached there
        assert w.post("admin", f"/users/{w.user_ids['leader']}/revocation").is_success
        assert other.get("/users/me", headers=leader).status_code == 401
        grant = {"role": "leader", "agency_id": str(w.province)}
        assert w.post("admin", f"/users/{w.user_ids['leader']}/grants", grant).is_success
        assert other.get("/users/me", headers=leader).status_code == 401
        board = w.headers["board"]
        assert other.get("/users/me", headers=board).status_code == 200
        demoted = {"role": "officer", "agency_id": str(w.commune)}
        assert w.post("admin", f"/users/{w.user_ids['board']}/grants", demoted).is_success
        assert other.get("/reports/statistics", headers=board).status_code == 401
