"""A snapshot edited, forged or copied into place in the store is not trusted by the running service.

Snapshots are outside the hash-chained log: each is sealed with a MAC under a key
derived from the identity master key, and one whose MAC does not check is ignored,
the case rebuilt from its events, and a command decided from that true state.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Snapshot as LibrarySnapshot
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresDatastore

from domain.act import Act
from domain.agency import Agency
from domain.application import Accept, Classify, PersonalData, Petitions
from domain.case import Case, Petition
from domain.errors import InvalidTransitionError
from domain.identity import Identity
from domain.kinds import Channel, Complexity, EffectOnContested, Kind
from domain.snapshots import unsealable
from ops.settings import Settings
from tests.api.conftest import World, make_world

FOUNDED = date(2025, 1, 2)
RECEIVED = date(2025, 5, 26)
KNOWN = date(2025, 5, 1)
ACCEPTED = date(2025, 6, 2)
CONCLUDED = date(2025, 6, 20)
SUMMARY = "Land recovery contested at plot 17"
NAME = "Nguyễn Văn A"


@pytest.fixture
def app(store_settings: Settings) -> Iterator[Petitions]:
    app = Petitions(store_settings.eventsourcing_env())
    yield app
    app.close()


@pytest.fixture
def province(app: Petitions) -> UUID:
    act = Act("admin", uuid4(), FOUNDED, "establishment")
    return app.register_agency("UBND tỉnh Bắc Kạn", "BK", "province", None, act).id


def act(agency: UUID, on: date) -> Act:
    return Act("officer-1", agency, on, "", "Law on Complaints 02/2011/QH13")


def received(app: Petitions, province: UUID) -> UUID:
    petition = Petition("", Channel.POST, SUMMARY)
    personal = PersonalData(NAME, "Bắc Kạn", "0912000000", "001")
    return app.record_petition(petition, act(province, RECEIVED), personal).id


def accepted(app: Petitions, province: UUID) -> UUID:
    case_id = received(app, province)
    classify = Classify(Kind.COMPLAINT, "land", province, KNOWN)
    app.classify(case_id, classify, act(province, RECEIVED))
    app.accept(case_id, Accept(Complexity.ORDINARY), act(province, ACCEPTED))
    return case_id


def conclude(app: Petitions, province: UUID, case_id: UUID) -> None:
    app.conclude(case_id, "right", "QD-1", act(province, CONCLUDED), EffectOnContested.ANNULLED)


def concluded(app: Petitions, province: UUID) -> UUID:
    case_id = accepted(app, province)
    conclude(app, province, case_id)
    return case_id


# ----- the snapshots table, edited by hand ----------------------------------------------------


def _table(app: Petitions) -> tuple[Any, str, str]:
    assert app.snapshots is not None
    recorder: Any = app.snapshots.recorder
    store = recorder.datastore
    table = recorder.events_table_name
    if isinstance(store, PostgresDatastore):
        return store, f'"{store.schema}"."{table}"', "%s"
    return store, f'"{table}"', "?"


def _key(app: Petitions, aggregate_id: UUID) -> object:
    store, _, _ = _table(app)
    return aggregate_id if isinstance(store, PostgresDatastore) else aggregate_id.hex


def stored_state(app: Petitions, aggregate_id: UUID, version: int) -> bytes:
    store, table, mark = _table(app)
    with store.transaction(commit=False) as c:
        c.execute(
            f"SELECT state FROM {table} WHERE originator_id = {mark} "  # noqa: S608
            f"AND originator_version = {mark}",
            (_key(app, aggregate_id), version),
        )
        return bytes(c.fetchone()["state"])


def overwrite_state(app: Petitions, aggregate_id: UUID, version: int, state: bytes) -> None:
    store, table, mark = _table(app)
    with store.transaction(commit=True) as c:
        c.execute(
            f"UPDATE {table} SET state = {mark} WHERE originator_id = {mark} "  # noqa: S608
            f"AND originator_version = {mark}",
            (state, _key(app, aggregate_id), version),
        )


def edited(state: bytes, **changes: Any) -> bytes:
    """The stored snapshot JSON with fields of the aggregate's state changed."""
    document = json.loads(state)
    document["state"].update(changes)
    return json.dumps(document).encode()


def snapshot_versions(app: Petitions, aggregate_id: UUID) -> list[int]:
    assert app.snapshots is not None
    return [s.originator_version for s in app.snapshots.get(aggregate_id)]


# ----- tests ----------------------------------------------------------------------------------


def test_a_sealed_snapshot_is_trusted_and_loads_the_case(
    app: Petitions, province: UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = concluded(app, province)
    app.take_snapshot(case_id)
    version = app.get_case(case_id).version
    assert snapshot_versions(app, case_id) == [version]
    replayed_after: list[int | None] = []
    get = app.events.get

    def spy(originator_id: UUID, **kwargs: Any) -> Any:
        replayed_after.append(kwargs.get("gt"))
        return get(originator_id, **kwargs)

    monkeypatch.setattr(app.events, "get", spy)
    case = app.get_case(case_id)
    assert replayed_after == [version]  # only events after the snapshot were read
    assert (case.status.value, case.concluded_on, case.version) == ("concluded", CONCLUDED, version)


def test_a_tampered_snapshot_state_is_ignored(
    app: Petitions, province: UUID, caplog: pytest.LogCaptureFixture
) -> None:
    case_id = concluded(app, province)
    app.take_snapshot(case_id)
    version = app.get_case(case_id).version
    forged = edited(stored_state(app, case_id, version), status="received", concluded_on=None)
    overwrite_state(app, case_id, version, forged)
    with caplog.at_level(logging.WARNING):
        details = app.case_details(case_id)
    assert (details.status, details.version) == ("concluded", version)
    with pytest.raises(InvalidTransitionError):  # decided from the events: already concluded
        app.classify(
            case_id, Classify(Kind.COMPLAINT, "land", province, KNOWN), act(province, CONCLUDED)
        )
    warnings = [
        r for r in caplog.records if r.levelno == logging.WARNING and "snapshot" in r.getMessage()
    ]
    assert len(warnings) == 1
    message = warnings[0].getMessage()
    assert str(case_id) in message
    assert "MAC does not check" in message
    assert SUMMARY not in message
    assert NAME not in message
    assert "received" not in message


def test_a_snapshot_copied_from_another_case_is_ignored(app: Petitions, province: UUID) -> None:
    case_id = concluded(app, province)
    other = received(app, province)
    app.take_snapshot(case_id)
    app.take_snapshot(other)
    version = app.get_case(case_id).version
    overwrite_state(app, case_id, version, stored_state(app, other, 1))
    case = app.get_case(case_id)
    assert (case.status.value, case.concluded_on, case.version) == ("concluded", CONCLUDED, version)
    assert app.case_details(other).status == "received"  # the other's own snapshot still serves
    assert snapshot_versions(app, other) == [1]
    with pytest.raises(InvalidTransitionError):
        app.classify(
            case_id, Classify(Kind.COMPLAINT, "land", province, KNOWN), act(province, CONCLUDED)
        )


def test_an_older_snapshot_copied_over_a_newer_one_is_ignored(
    app: Petitions, province: UUID
) -> None:
    case_id = accepted(app, province)
    app.take_snapshot(case_id)
    older = app.get_case(case_id).version
    conclude(app, province, case_id)
    app.take_snapshot(case_id)
    newer = app.get_case(case_id).version
    overwrite_state(app, case_id, newer, stored_state(app, case_id, older))
    assert snapshot_versions(app, case_id) == [older]  # the genuine older one is still trusted
    case = app.get_case(case_id)
    assert (case.status.value, case.concluded_on, case.version) == ("concluded", CONCLUDED, newer)
    with pytest.raises(InvalidTransitionError):  # the forged state would have let it conclude again
        conclude(app, province, case_id)


def test_a_snapshot_stored_before_sealing_is_ignored_and_replaced_later(
    app: Petitions, province: UUID, caplog: pytest.LogCaptureFixture
) -> None:
    case_id = accepted(app, province)
    for n in range(8):
        app.record_verification(case_id, f"step {n}", "findings", act(province, ACCEPTED))
    app.take_snapshot(case_id)
    version = app.get_case(case_id).version
    earlier = snapshot_versions(app, case_id)[:-1]  # taken on loads past a long tail
    assert snapshot_versions(app, case_id) == [*earlier, version]
    document = json.loads(stored_state(app, case_id, version))
    del document["mac"], document["class_version"]  # the shape stored before sealing
    overwrite_state(app, case_id, version, json.dumps(document).encode())
    with caplog.at_level(logging.WARNING):
        assert snapshot_versions(app, case_id) == earlier
    assert "carries no MAC" in caplog.text
    assert app.get_case(case_id).verification_steps == 8
    app.record_verification(case_id, "step 8", "findings", act(province, ACCEPTED))
    assert app.get_case(case_id).version == version + 1  # replays every event: takes a snapshot
    assert snapshot_versions(app, case_id) == [*earlier, version + 1]


def test_every_snapshotted_aggregate_is_sealed() -> None:
    assert unsealable(Petitions.snapshotting_intervals) == []
    assert unsealable([Case, Agency, Identity]) == ["Identity"]


def test_an_agency_snapshot_stored_with_the_library_class_is_ignored(
    app: Petitions, province: UUID
) -> None:
    """Agency snapshots were the library's `Snapshot` (topic and shape): never trusted now."""
    app.rename_agency(province, "UBND tỉnh Thái Nguyên", act(province, FOUNDED))
    assert app.snapshots is not None
    legacy = LibrarySnapshot.take(app.get_agency(province))
    assert legacy.originator_version == 2
    stored = app.mapper.to_stored_event(legacy)
    app.snapshots.recorder.insert_events([edited_stored(stored, name="UBND tỉnh giả")])
    assert snapshot_versions(app, province) == []
    assert app.get_agency(province).name == "UBND tỉnh Thái Nguyên"
    app.take_snapshot(province, 1)  # a sealed one of the same agency is trusted
    assert snapshot_versions(app, province) == [1]
    assert app.get_agency(province).name == "UBND tỉnh Thái Nguyên"


def edited_stored(stored: StoredEvent, **changes: Any) -> StoredEvent:
    return StoredEvent(
        stored.originator_id,
        stored.originator_version,
        stored.topic,
        edited(stored.state, **changes),
    )


@pytest.fixture
def world(store_settings: Settings) -> Iterator[World]:
    yield from make_world(store_settings)


def test_the_api_serves_a_case_as_its_events_say(world: World) -> None:
    case_id = UUID(world.record()["id"])
    served: Petitions = world.client.app.state.stores.petitions  # type: ignore[attr-defined]
    served.take_snapshot(case_id)
    assert world.case("officer", case_id)["status"] == "received"
    forged = edited(stored_state(served, case_id, 1), status="archived")
    overwrite_state(served, case_id, 1, forged)
    assert (
        served.mapper.to_domain_event(  # the row decodes: it would be served as archived
            StoredEvent(case_id, 1, "domain.case:Case.Snapshot", forged)
        )
        .mutate(None)
        .status.value
        == "archived"
    )  # type: ignore[attr-defined]
    assert world.case("officer", case_id)["status"] == "received"
