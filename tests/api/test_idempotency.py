"""Idempotency-Key: a retried POST returns the first answer and records nothing twice."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from api.idempotency import fingerprint
from domain.idempotency import IdempotencyRecord
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
        {"channel": "post", "summary": "a", "legal_date": days_ago(2)},
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


def _lose_the_acknowledgement(w: World, monkeypatch: Any) -> list[int]:
    """The next insert commits, then its caller sees it fail and inserts again (a retry)."""
    recorder = w.client.app.state.stores.petitions.recorder
    real = recorder.insert_events
    calls: list[int] = []

    def committed_then_retried(events: Any, **kwargs: Any) -> Any:
        calls.append(len(events))
        if len(calls) == 1:
            real(events, **kwargs)  # committed; the acknowledgement is lost
        return real(events, **kwargs)  # the retry meets the unique constraint

    monkeypatch.setattr(recorder, "insert_events", committed_then_retried)
    return calls


def test_a_petition_whose_acknowledgement_was_lost_is_stored_once_with_its_first_code(
    world: World, monkeypatch: Any
) -> None:
    w = world
    body = {"channel": "post", "summary": "Mất xác nhận ghi", "legal_date": days_ago(2)}
    calls = _lose_the_acknowledgement(w, monkeypatch)
    answer = w.post("officer", "/cases", body)
    assert answer.status_code == 201, answer.text
    assert len(calls) == 1  # the refused retry was answered, not saved again with a new code
    monkeypatch.undo()
    stored = w.case("officer", answer.json()["id"])
    assert stored["reference_code"] == answer.json()["reference_code"]
    assert stored["version"] == answer.json()["version"] == 1
    public = w.get(None, f"/public/cases/{answer.json()['reference_code']}")
    assert public.status_code == 200
    # The answer's position is the save's last notification: nothing was stored after it.
    assert answer.json()["position"] == store_position(w)[0]


def test_a_change_whose_acknowledgement_was_lost_is_answered_not_refused(
    world: World, monkeypatch: Any
) -> None:
    w = world
    case = w.record()
    _lose_the_acknowledgement(w, monkeypatch)
    body = {
        "kind": "complaint",
        "field": "land",
        "competent_agency_id": str(w.commune),
        "legal_date": days_ago(1),
        "expected_version": 1,
    }
    answer = w.post("officer", f"/cases/{case['id']}/classification", body)
    monkeypatch.undo()
    assert answer.status_code == 200, answer.text
    assert answer.json()["version"] == 2
    assert w.case("officer", case["id"])["version"] == 2


def test_a_command_without_a_key_gets_one_to_retry_with(world: World) -> None:
    w = world
    body = {"channel": "online", "summary": "Không có khóa", "legal_date": days_ago(3)}
    first = w.post("officer", "/cases", body)
    assert first.status_code == 201
    key = first.headers["idempotency-key"]
    before = store_position(w)
    retry = w.post("officer", "/cases", body, headers={"Idempotency-Key": key})
    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"
    assert store_position(w) == before


def test_an_error_answer_carries_the_key_too(world: World) -> None:
    w = world
    refused = w.post(
        "officer", "/cases", {"channel": "post", "summary": "x", "legal_date": "2999-01-01"}
    )
    assert refused.status_code == 422
    assert refused.headers["idempotency-key"]


def test_concurrent_requests_with_one_key_all_get_the_first_answer(world: World) -> None:
    w = world
    body = {"channel": "post", "summary": "Cùng một khóa", "legal_date": days_ago(3)}
    key = {"Idempotency-Key": "concurrent-1"}
    gate = threading.Barrier(6)

    def send() -> Any:
        gate.wait()
        return w.post("officer", "/cases", body, headers=key)

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: send(), range(6)))
    assert {a.status_code for a in answers} == {201}, [a.text for a in answers]
    assert len({a.text for a in answers}) == 1
    found = w.get("officer", "/cases/" + answers[0].json()["id"])
    assert found.status_code == 200
    petitions = w.client.app.state.stores.petitions
    cases = [
        n
        for n in petitions.recorder.select_notifications(start=1, limit=10_000)
        if n.topic == "domain.case:Case.Received"
    ]
    assert len(cases) == 1


def _store_v1_record(w: World, user: str, key: str, body: bytes, path: str) -> Any:
    """Write an idempotency record as the previous version stored it (v1, no result)."""
    petitions = w.client.app.state.stores.petitions
    request = SimpleNamespace(method="POST", url=SimpleNamespace(path=path, query=""))
    secret = w.client.app.state.stores.fingerprint_key  # type: ignore[attr-defined]
    made = fingerprint(secret, request, body)  # type: ignore[arg-type]
    record = IdempotencyRecord(str(w.user_ids[user]), key, made)
    stored = petitions.mapper.to_stored_event(record.collect_events()[0])
    state = json.loads(stored.state)
    for name in (
        "class_version",
        "status_code",
        "aggregate_id",
        "aggregate_version",
        "reference_code",
    ):
        state.pop(name, None)
    return record, stored, state


def test_a_record_answered_by_the_previous_version_still_replays(world: World) -> None:
    w = world
    w.user_ids["officer"] = UUID(w.get("officer", "/users/me").json()["id"])
    body = {"channel": "post", "summary": "Cũ", "legal_date": days_ago(3)}
    raw = json.dumps(body).encode()
    petitions = w.client.app.state.stores.petitions
    record, stored, state = _store_v1_record(w, "officer", "old-key", raw, "/cases")
    old_answer = '{"id":"00000000-0000-0000-0000-000000000001","version":1,"position":7}'
    answered = IdempotencyRecord.Answered(  # type: ignore[attr-defined]
        originator_id=record.id,
        originator_version=2,
        timestamp=record.created_on,
        status_code=201,
        body=old_answer,
    )
    petitions.recorder.insert_events(
        [
            StoredEvent(stored.originator_id, 1, stored.topic, json.dumps(state).encode()),
            petitions.mapper.to_stored_event(answered),
        ]
    )
    loaded = petitions.command_record(record.id)
    assert loaded is not None
    assert not loaded.has_result
    assert loaded.status_code == 201
    retry = w.client.post(
        "/cases",
        content=raw,
        headers={
            **w.as_("officer"),
            "Idempotency-Key": "old-key",
            "Content-Type": "application/json",
        },
    )
    assert retry.status_code == 201
    assert retry.text == old_answer


def test_a_record_the_previous_version_left_unanswered_resolves_from_the_store(
    world: World,
) -> None:
    w = world
    w.user_ids["officer"] = UUID(w.get("officer", "/users/me").json()["id"])
    body = {"channel": "post", "summary": "Bị ngắt", "legal_date": days_ago(3)}
    raw = json.dumps(body).encode()
    petitions = w.client.app.state.stores.petitions
    # The old version saved the case, its index and identity, then the record, and crashed.
    case = w.record()
    _record, stored, state = _store_v1_record(w, "officer", "stuck-key", raw, "/cases")
    petitions.recorder.insert_events(
        [StoredEvent(stored.originator_id, 1, stored.topic, json.dumps(state).encode())]
    )
    retry = w.client.post(
        "/cases",
        content=raw,
        headers={
            **w.as_("officer"),
            "Idempotency-Key": "stuck-key",
            "Content-Type": "application/json",
        },
    )
    assert retry.status_code == 201, retry.text
    assert retry.json()["id"] == case["id"]
    assert retry.json()["version"] == 1
    assert retry.json()["position"] == store_position(w)[0]
