"""The users directory: `GET /users` lists users with their roles, agencies and posts, in scope.

It is a read model of the accounts log, so `?after=` takes an accounts position (the
answer of a user command) and is waited on apart from the petitions views.
"""

from __future__ import annotations

from time import monotonic
from typing import Any

from ops.replay import replay
from ops.settings import Settings
from ops.verify import verify
from ops.wiring import open_views
from projections.catalogue import PROJECTIONS
from projections.users.projection import UsersProjection
from tests.api.conftest import World

EVERYONE = {
    "admin",
    "officer",
    "officer2",
    "province-officer",
    "other-officer",
    "leader",
    "board",
    "auditor",
}


def described(w: World) -> int:
    """Give the officer a name and a post; the accounts position of that command."""
    answer = w.ok(
        "admin",
        f"/users/{w.user_ids['officer']}/profile",
        {"display_name": "Nguyễn Văn An", "post": "Chuyên viên tiếp công dân"},
    )
    return int(answer["position"])


def listed(w: World, user: str, after: int, **params: Any) -> list[dict[str, Any]]:
    """The users `user` sees once both directories are current (a subtree is read from the
    agency directory, which follows the petitions log)."""
    stores = w.client.app.state.stores
    assert stores.views.wait_for(stores.petitions.recorder.max_notification_id() or 0, 5.0)
    response = w.get(user, "/users", params={"after": after, **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()
    return items


def test_administrators_and_auditors_list_every_user_with_role_agency_and_post(
    live_world: World,
) -> None:
    w = live_world
    position = described(w)
    for reader in ("admin", "auditor"):
        users = {u["username"]: u for u in listed(w, reader, position)}
        assert set(users) == EVERYONE
        officer = users["officer"]
        assert officer["display_name"] == "Nguyễn Văn An"
        assert officer["post"] == "Chuyên viên tiếp công dân"
        assert (officer["role"], officer["agency_id"]) == ("officer", str(w.commune))
        assert officer["id"] == str(w.user_ids["officer"])
        assert (users["auditor"]["role"], users["auditor"]["agency_id"]) == ("auditor", None)
        assert "password_hash" not in officer


def test_leaders_and_boards_see_their_subtree_and_officers_their_own_agency(
    live_world: World,
) -> None:
    w = live_world
    position = described(w)
    subtree = EVERYONE - {"admin", "auditor"}
    assert {u["username"] for u in listed(w, "leader", position)} == subtree
    assert {u["username"] for u in listed(w, "board", position)} == subtree
    assert {u["username"] for u in listed(w, "officer", position)} == {"officer", "officer2"}
    assert {u["username"] for u in listed(w, "other-officer", position)} == {"other-officer"}


def test_the_list_keeps_one_role_when_asked(live_world: World) -> None:
    w = live_world
    officers = listed(w, "leader", described(w), role="officer")
    assert {u["username"] for u in officers} == {
        "officer",
        "officer2",
        "province-officer",
        "other-officer",
    }
    assert w.get("leader", "/users", params={"role": "mayor"}).status_code == 422


def test_the_list_follows_profiles_grants_revocations_and_deactivations(
    live_world: World,
) -> None:
    w = live_world
    w.ok("admin", f"/users/{w.user_ids['officer2']}/grants", {"role": "auditor"})
    w.ok("admin", f"/users/{w.user_ids['province-officer']}/revocation")
    last = w.ok("admin", f"/users/{w.user_ids['other-officer']}/deactivation")
    users = {u["username"]: u for u in listed(w, "auditor", last["position"])}
    assert (users["officer2"]["role"], users["officer2"]["agency_id"]) == ("auditor", None)
    assert (users["province-officer"]["role"], users["province-officer"]["active"]) == (None, True)
    assert (users["other-officer"]["role"], users["other-officer"]["active"]) == (None, False)


def test_a_position_the_accounts_log_has_not_reached_answers_503_at_once(
    live_world: World,
) -> None:
    started = monotonic()
    response = live_world.get("admin", "/users", params={"after": 10**12})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert monotonic() - started < 1.0


def test_only_signed_in_users_may_list_users(live_world: World) -> None:
    assert live_world.get(None, "/users").status_code == 401


def test_the_users_view_follows_the_accounts_log_apart_from_the_petitions_views(
    store_settings: Settings, live_world: World
) -> None:
    w = live_world
    position = described(w)
    assert listed(w, "admin", position)  # the live view has caught up with the accounts log
    assert "users" not in PROJECTIONS  # `Views.wait_for` waits on the petitions log only
    views = open_views(store_settings)
    try:
        assert all(v.name != "users" for v in views.all())
    finally:
        views.close()
    assert verify(store_settings, UsersProjection) == []  # live equals a rebuild from zero


def test_a_replay_of_the_users_view_rebuilds_it_from_the_accounts_log(
    store_settings: Settings, live_world: World
) -> None:
    w = live_world
    position = described(w)
    before = listed(w, "admin", position)
    progress = replay(store_settings, "users")
    assert progress.position == w.client.app.state.stores.accounts.recorder.max_notification_id()
    assert listed(w, "admin", position) == before
