"""Events and snapshots stored before the second legal re-read load with this build.

`Suspended` went from version 2 to 3 (its rule, the rule's confirmation, the book) and
`Concluded` from 5 to 6 (`effect_on_first`): an event stored at the previous version,
read through the application's mapper, upcasts and replays to the same case.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent

from domain.application import Petitions
from domain.case import Case
from domain.case_events import UNRECORDED
from domain.kinds import Complexity, EffectOnContested, Kind, Status
from tests.domain.builders import (
    CALENDAR,
    PROVINCE,
    accepted_case,
    act,
    concluded_complaint,
    filed_second_instance,
    replay,
)
from tests.domain.stored_shapes import reloaded

PREVIOUS = {
    "Suspended": (2, ("suspension_rule", "rule_confirmed", "rulebook_version")),
    "Concluded": (5, ("effect_on_first",)),
}


@pytest.fixture
def app() -> Iterator[Petitions]:
    app = Petitions({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield app
    app.close()


def stored_before(app: Petitions, event: Any) -> StoredEvent:
    stored = app.mapper.to_stored_event(event)
    version, new = PREVIOUS[type(event).__name__]
    state = app.mapper.transcoder.decode(stored.state)
    for name in new:
        state.pop(name)
    state["class_version"] = version
    return StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=app.mapper.transcoder.encode(state),
    )


def test_a_suspension_and_a_second_decision_stored_before_load_and_replay(
    app: Petitions,
) -> None:
    second = filed_second_instance(concluded_complaint(), date(2025, 7, 1))
    second.accept(PROVINCE, act(date(2025, 7, 1)), CALENDAR, Complexity.ORDINARY)
    second.suspend(act(date(2025, 7, 3), "awaiting an expert"), CALENDAR)
    second.resume(act(date(2025, 7, 10)), CALENDAR)
    second.conclude("partly_right", "9/QĐ", act(date(2025, 7, 20)), EffectOnContested.AMENDED)
    events = second.collect_events()
    old = [
        reloaded(app, stored_before(app, e)) if type(e).__name__ in PREVIOUS else e for e in events
    ]
    suspended = next(e for e in old if isinstance(e, Case.Suspended))
    concluded = old[-1]
    assert (suspended.suspension_rule, suspended.rule_confirmed) == ("", None)
    assert suspended.rulebook_version == UNRECORDED
    assert concluded.effect_on_first is None
    assert concluded.effect_on_contested == "amended"
    replayed = replay(old)
    assert isinstance(replayed, Case)
    assert (replayed.status, replayed.due_date, replayed.rulebook_version) == (
        Status.CONCLUDED,
        second.due_date,
        second.rulebook_version,
    )


def test_a_case_snapshot_taken_while_suspended_under_version_2_loads(app: Petitions) -> None:
    """The re-read added no case state: a snapshot taken before restores as taken."""
    case = accepted_case(Kind.COMPLAINT)
    case.suspend(act(date(2025, 6, 12), "awaiting an expert"), CALENDAR)
    events = case.collect_events()
    old = [
        reloaded(app, stored_before(app, e)) if type(e).__name__ in PREVIOUS else e for e in events
    ]
    before = replay(old)
    snapshot = Case.Snapshot.take(before)
    restored = reloaded(app, app.mapper.to_stored_event(snapshot)).mutate(None)
    assert isinstance(restored, Case)
    assert (restored.status, restored.remaining_days) == (Status.SUSPENDED, case.remaining_days)
    restored.resume(act(date(2025, 8, 1)), CALENDAR)
    assert restored.due_date == date(2025, 8, 21)
