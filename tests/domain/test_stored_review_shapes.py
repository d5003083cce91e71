"""Events stored by issue 8's first build (the shapes before the legal review) still load.

Classified, Referred, Accepted, Concluded, Resumed and Reopened went from version 2 to 3,
KindCorrected from 1 to 2; each upcast says what the older event did not record, and a
history of such events replays as it did.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import StoredEvent

from domain.application import Petitions
from domain.case import Case
from domain.case_events import UNRECORDED
from domain.errors import ChronologyError
from domain.kinds import Complexity, EffectOnContested, Kind, ReexaminationGrounds, Status
from tests.domain.builders import (
    CALENDAR,
    COMMUNE,
    DECISION_KNOWN_ON,
    PROVINCE,
    accepted_case,
    act,
    classified_case,
    replay,
)
from tests.domain.stored_shapes import reloaded

NEW_FIELDS = {
    "Classified": (3, ("rulebook_version",)),
    "Referred": (3, ("rulebook_version", "clock_from_receipt")),
    "Accepted": (3, ("acceptance_notice_confirmed",)),
    "Concluded": (3, ("publication_confirmed", "in_force_on", "rulebook_version")),
    "Resumed": (3, ("limit_confirmed",)),
    "Reopened": (3, ("rulebook_version", "competence_rule")),
    "KindCorrected": (2, ("days_used", "decision_known_on", "rulebook_version")),
}


@pytest.fixture
def app() -> Iterator[Petitions]:
    app = Petitions({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield app
    app.close()


def stored_as_before(app: Petitions, event: DomainEventProtocol[Any], **old: Any) -> StoredEvent:
    """`event` as the build before the review stored it: one class version less, fewer fields."""
    stored = app.mapper.to_stored_event(event)
    version, new = NEW_FIELDS[type(event).__name__]
    state = app.mapper.transcoder.decode(stored.state)
    for name in new:
        state.pop(name)
    state["class_version"] = version - 1
    if version - 1 == 1:
        state.pop("class_version")
    state.update(old)
    return StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=app.mapper.transcoder.encode(state),
    )


def as_before(app: Petitions, events: list[Any], **old: Any) -> list[Any]:
    return [
        reloaded(app, stored_as_before(app, e, **old)) if type(e).__name__ in NEW_FIELDS else e
        for e in events
    ]


def test_every_event_the_review_evolved_loads_from_its_previous_shape(app: Petitions) -> None:
    case = accepted_case(Kind.RECOMMENDATION, agency=COMMUNE)
    case.suspend(act(date(2025, 6, 4), "expertise", COMMUNE), CALENDAR)
    case.resume(act(date(2025, 6, 6), agency=COMMUNE), CALENDAR)
    known = DECISION_KNOWN_ON
    on = act(date(2025, 6, 9), "contests a decision", COMMUNE)
    case.correct_kind(Kind.COMPLAINT, on, CALENDAR, decision_known_on=known)
    effect = EffectOnContested.UPHELD
    case.conclude("wrong", "QD-1", act(date(2025, 6, 20), agency=COMMUNE), effect, CALENDAR)
    case.reexamine(
        PROVINCE, ReexaminationGrounds.NEW_EVIDENCE, act(date(2025, 7, 1), "unlawful"), CALENDAR
    )
    events = case.collect_events()
    old = as_before(app, events)
    by_name = {type(e).__name__: e for e in old}
    assert by_name["Classified"].rulebook_version == UNRECORDED
    assert by_name["Accepted"].acceptance_notice_confirmed is None
    assert by_name["Resumed"].limit_confirmed is None
    corrected = by_name["KindCorrected"]
    assert (corrected.days_used, corrected.decision_known_on) == (None, None)
    concluded = by_name["Concluded"]
    assert (concluded.publication_confirmed, concluded.in_force_on) == (None, None)
    reopened = by_name["Reopened"]
    assert (reopened.rulebook_version, reopened.competence_rule) == (UNRECORDED, "")
    replayed = replay(old)
    assert isinstance(replayed, Case)
    assert (replayed.status, replayed.due_date) == (Status.IN_PROGRESS, case.due_date)
    # The v1 kind correction restarted the limit from acceptance, and replays so.
    midway = replay(old[: [type(e).__name__ for e in old].index("KindCorrected") + 1])
    assert isinstance(midway, Case)
    assert (midway.clock_start, midway.clock_days) == (date(2025, 6, 2), 30)


def test_a_referral_stored_before_the_receipt_step_keeps_its_clock(app: Petitions) -> None:
    """Version 2 referrals started the receiver's clock on the referral: they still do."""
    case = classified_case(Kind.COMPLAINT, competent=COMMUNE)
    case.refer(COMMUNE, act(date(2025, 6, 4)), CALENDAR)
    (received, classified, referred) = case.collect_events()
    (old,) = as_before(app, [referred], handling_due_date=date(2025, 6, 16))
    assert (old.clock_from_receipt, old.rulebook_version) == (False, UNRECORDED)
    replayed = replay([received, classified, old])
    assert isinstance(replayed, Case)
    assert (replayed.handling_due_date, replayed.awaiting_referral_receipt) == (
        date(2025, 6, 16),
        False,
    )
    replayed.classify(Kind.COMPLAINT, "land", COMMUNE, act(date(2025, 6, 5)), CALENDAR)


def test_a_decision_stored_before_its_effective_date_was_recorded_is_enforced_from_it(
    app: Petitions,
) -> None:
    """Law on Complaints art. 44 (verify): the effective date is computed for older decisions."""
    case = accepted_case(Kind.COMPLAINT)
    case.conclude("wrong", "QD-1", act(date(2025, 6, 20)), EffectOnContested.UPHELD, CALENDAR)
    old = replay(as_before(app, case.collect_events()))
    assert isinstance(old, Case)
    assert old.in_force_on is None
    with pytest.raises(ChronologyError, match="takes effect on 2025-07-20"):
        old.start_enforcement(act(date(2025, 7, 19)), CALENDAR)
    old.start_enforcement(act(date(2025, 7, 20)), CALENDAR)


def test_a_case_snapshot_taken_before_the_review_loads_with_the_defaults(app: Petitions) -> None:
    case = accepted_case(Kind.DENUNCIATION, complexity=Complexity.COMPLEX)
    snapshot = Case.Snapshot.take(case)
    stored = app.mapper.to_stored_event(snapshot)
    outer = app.mapper.transcoder.decode(stored.state)
    for name in ("awaiting_referral_receipt", "notice_confirmed", "publication_confirmed"):
        outer["state"].pop(name)
    outer["state"].pop("in_force_on")
    older = StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=app.mapper.transcoder.encode(outer),
    )
    loaded = reloaded(app, older).mutate(None)
    assert isinstance(loaded, Case)
    assert (loaded.awaiting_referral_receipt, loaded.notice_confirmed) == (False, True)
    assert [i.name for i in loaded.deadline_items()] == ["settlement", "acceptance_notice"]
