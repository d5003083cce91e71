"""Idempotency-Key: a retried POST returns the first answer and records nothing twice."""

from __future__ import annotations

from tests.api.conftest import World, days_ago


def store_position(w: World) -> tuple[int | None, int | None]:
    stores = w.client.app.state.stores
    return (
        stores.petitions.recorder.max_notification_id(),
        stores.accounts.recorder.max_notification_id(),
    )


def test_a_retried_petition_is_recorded_once(world: World) -> None:
    w = world
    body = {"channel": "online", "summary": "Đường hỏng", "legal_date": days_ago(3)}
    key = {"Idempotency-Key": "receipt-0001"}
    first = w.post("officer", "/cases", body, headers=key)
    assert first.status_code == 201
    after_first = store_position(w)
    retry = w.post("officer", "/cases", body, headers=key)
    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"
    assert store_position(w) == after_first


def test_a_key_reused_for_another_request_is_refused(world: World) -> None:
    w = world
    key = {"Idempotency-Key": "receipt-0002"}
    assert (
        w.post(
            "officer",
            "/cases",
            {"channel": "post", "summary": "a", "legal_date": days_ago(3)},
            headers=key,
        ).status_code
        == 201
    )
    before = store_position(w)
    other = w.post(
        "officer",
        "/cases",
        {"channel": "post", "summary": "b", "legal_date": days_ago(3)},
        headers=key,
    )
    assert other.status_code == 422
    assert other.json()["title"] == "idempotency-key-reused"
    assert store_position(w) == before


def test_keys_belong_to_one_user_and_failed_commands_can_be_retried(world: World) -> None:
    w = world
    key = {"Idempotency-Key": "same-key"}
    body = {"channel": "post", "summary": "c", "legal_date": days_ago(3)}
    mine = w.post("officer", "/cases", body, headers=key).json()
    theirs = w.post("officer2", "/cases", body, headers=key).json()
    assert mine["id"] != theirs["id"]
    # A refused command records no key: once fixed, the same key goes through.
    future = w.post(
        "officer", "/cases", {**body, "legal_date": "2999-01-01"}, headers={"Idempotency-Key": "k3"}
    )
    assert future.status_code == 422
    assert (
        w.post(
            "officer",
            "/cases",
            {**body, "legal_date": "2999-01-01"},
            headers={"Idempotency-Key": "k3"},
        ).status_code
        == 422
    )


def test_a_retried_user_grant_is_recorded_once(world: World) -> None:
    w = world
    key = {"Idempotency-Key": "grant-1"}
    target = w.user_ids["officer2"]
    body = {"role": "leader", "agency_id": str(w.commune)}
    first = w.post("admin", f"/users/{target}/grants", body, headers=key)
    assert first.status_code == 200
    before = store_position(w)
    assert w.post("admin", f"/users/{target}/grants", body, headers=key).json() == first.json()
    assert store_position(w) == before
    assert w.get("admin", f"/users/{target}").json()["role"] == "leader"
