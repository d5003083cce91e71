"""A COMMIT that succeeds but whose acknowledgement is lost, reproduced deterministically.

The recorder's connection fails right after the insert's COMMIT; the recorder
retries the insert, which meets the unique constraint. The petition must be
stored once and answered with the reference code it was first given.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError

from ops.settings import Settings
from tests.api.conftest import World, days_ago, make_world
from tests.faults.audit import Figures


@pytest.fixture
def pg_world(postgres_settings: Settings) -> Iterator[World]:
    yield from make_world(postgres_settings)


def _cut_after_commit(world: World, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The next insert's connection drops just after its COMMIT succeeded."""
    recorder = world.client.app.state.stores.petitions.recorder
    datastore = recorder.datastore
    real_connection, real_insert = datastore.get_connection, recorder._insert_stored_events
    log: list[str] = []

    def insert(*args: Any, **kwargs: Any) -> Any:
        log.append("insert")
        return real_insert(*args, **kwargs)

    @contextmanager
    def connection() -> Iterator[Any]:
        before = len(log)
        with real_connection() as conn:
            yield conn
        if len(log) == 1 and before == 0:  # the first insert has just committed
            log.append("acknowledgement lost")
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(recorder, "_insert_stored_events", insert)
    monkeypatch.setattr(datastore, "get_connection", connection)
    return log


def test_a_lost_acknowledgement_stores_the_petition_once_with_its_first_code(
    pg_world: World, monkeypatch: pytest.MonkeyPatch, figures: list[Figures]
) -> None:
    w = pg_world
    petitions = w.client.app.state.stores.petitions
    before = petitions.recorder.max_notification_id()
    log = _cut_after_commit(w, monkeypatch)
    body = {"channel": "post", "summary": "Xác nhận bị mất", "legal_date": days_ago(2)}
    answer = w.post("officer", "/cases", body)
    monkeypatch.undo()
    assert log == ["insert", "acknowledgement lost", "insert"]  # the library-style retry ran
    assert answer.status_code == 201, answer.text
    received = [
        n
        for n in petitions.recorder.select_notifications(start=(before or 0) + 1, limit=100)
        if n.topic == "domain.case:Case.Received"
    ]
    figures.append(
        Figures(
            "lost acknowledgement (COMMIT ok, connection dropped, insert retried)",
            tried=1,
            answered=int(answer.status_code == 201),
            stored_once=int(len(received) == 1),
            lost=int(not received),
            doubled=int(len(received) > 1),
            statuses={str(answer.status_code): 1},
        )
    )
    assert len(received) == 1
    case = petitions.get_case(received[0].originator_id)
    assert answer.json()["id"] == str(case.id)
    assert answer.json()["reference_code"] == case.reference_code
    assert answer.json()["position"] == petitions.recorder.max_notification_id()
    # A retry with the key the answer carries replays the same answer.
    retry = w.post(
        "officer", "/cases", body, headers={"Idempotency-Key": answer.headers["idempotency-key"]}
    )
    assert retry.json() == answer.json()


def test_data_keys_whose_acknowledgement_was_lost_do_not_wedge_later_saves(
    pg_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The keys are inserted in the events' transaction: it commits, then the connection
    # drops. The recorder's retry meets the keys already stored (left as they are) and
    # the events' unique constraint; the petition is answered from its record, and the
    # keys, stored, neither wedge later saves nor are lost.
    w = pg_world
    petitions = w.client.app.state.stores.petitions
    key_store = petitions.vault.store
    real_put = key_store.put_with
    puts: list[int] = []

    def put(cursor: Any, keys: Any) -> None:
        puts.append(len(keys))
        real_put(cursor, keys)

    monkeypatch.setattr(key_store, "put_with", put)
    log = _cut_after_commit(w, monkeypatch)
    body = {
        "channel": "post",
        "summary": "Khóa mất xác nhận",
        "legal_date": days_ago(2),
        "petitioner": {"full_name": "Lê Văn Khóa"},
    }
    first = w.post("officer", "/cases", body, headers={"Idempotency-Key": "keys-ack-lost"})
    monkeypatch.undo()
    assert log == ["insert", "acknowledgement lost", "insert"]
    assert puts == [1, 1]  # the same key, put again by the retried insert
    assert first.status_code == 201, first.text
    retry = w.post("officer", "/cases", body, headers={"Idempotency-Key": "keys-ack-lost"})
    assert retry.status_code == 201, retry.text
    assert retry.json() == first.json()
    another = w.post("officer", "/cases", {**body, "summary": "Đơn sau"})
    assert another.status_code == 201, another.text
    case_id = first.json()["id"]
    shown = w.get("officer", f"/cases/{case_id}/petitioner", params={"purpose": "xử lý đơn"})
    assert shown.status_code == 200, shown.text
    assert shown.json()["full_name"] == "Lê Văn Khóa"
    summary = w.get("officer", f"/cases/{case_id}")
    assert summary.json()["summary"] == "Khóa mất xác nhận", summary.text
