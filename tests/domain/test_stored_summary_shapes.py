"""Summaries stored before sealing (`Received` v3, `PartSplitOff` v1, older snapshots) still load.

They load as plain text (no `summary_key_id`) and read as they were; a summary sealed
since (docs/summary-sealing.md) is ciphertext in its event and snapshot, opened by
`summary_of` until its data key is erased.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from uuid import uuid4

import pytest

from domain.application import Petitions
from domain.case import Case
from domain.kinds import Kind
from domain.sealing import SummarySeal
from tests.domain.builders import CALENDAR, PROVINCE, accepted_case, act, petition, replay
from tests.domain.stored_shapes import as_stored_before, reloaded, snapshot_stored_before

SUMMARY = "Land recovery decision contested"


@pytest.fixture
def app() -> Iterator[Petitions]:
    app = Petitions({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield app
    app.close()


def test_a_version_3_receipt_loads_as_a_plain_summary(app: Petitions) -> None:
    received = Case.receive(petition(), PROVINCE, act(date(2025, 5, 26)), CALENDAR)
    (event,) = received.collect_events()
    old = reloaded(app, as_stored_before(app, event, ("summary_key_id",), class_version=3))
    assert (old.summary, old.summary_key_id) == (SUMMARY, None)
    case = replay([old])
    assert case.summary_key_id is None
    assert app.summary_of(case) == SUMMARY


def test_a_version_1_split_loads_as_a_plain_summary(app: Petitions) -> None:
    case = accepted_case(Kind.DENUNCIATION)
    case.collect_events()
    case.record_split(uuid4(), Kind.REFLECTION, "Road repair", act(date(2025, 6, 10), "mixed"))
    (split,) = case.collect_events()
    old = reloaded(app, as_stored_before(app, split, ("summary_key_id",)))
    assert (old.summary, old.summary_key_id) == ("Road repair", None)


def test_a_case_snapshot_taken_before_sealing_loads_with_its_plain_summary(app: Petitions) -> None:
    case = accepted_case(Kind.DENUNCIATION)
    snapshot = Case.Snapshot.take(case)
    stored = snapshot_stored_before(app, snapshot, drop=("summary_key_id",))
    outer = app.mapper.transcoder.decode(stored.state)
    outer["state"]["class_version"] = 2  # the case's own version, unchanged by sealing
    stored = replace(stored, state=app.mapper.transcoder.encode(outer))
    loaded = reloaded(app, stored).mutate(None)
    assert isinstance(loaded, Case)
    assert loaded.summary_key_id is None
    assert app.summary_of(loaded) == SUMMARY


def test_a_sealed_summary_is_ciphertext_in_its_event_and_snapshot_until_shredded(
    app: Petitions,
) -> None:
    seal = SummarySeal(app.vault)
    case = Case.receive(petition(), PROVINCE, act(date(2025, 5, 26)), CALENDAR, seal=seal)
    assert case.summary_key_id is not None
    (event,) = case.collect_events()
    stored = (
        app.mapper.to_stored_event(event).state
        + app.mapper.to_stored_event(Case.Snapshot.take(case)).state
    )
    assert SUMMARY.encode() not in stored
    assert app.summary_of(case) == SUMMARY
    app.vault.erase(case.summary_key_id)
    assert app.summary_of(case) is None
