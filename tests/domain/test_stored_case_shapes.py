"""Case events stored before issue 8 (version 1) still load, upcast, and replay as before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from domain.application import Petitions
from domain.case import Case
from domain.case_events import UNRECORDED
from domain.kinds import (
    ArchiveGrounds,
    Complexity,
    EffectOnContested,
    Kind,
    Procedure,
    ReexaminationGrounds,
    Status,
)
from tests.domain.builders import (
    CALENDAR,
    COMMUNE,
    PROVINCE,
    accepted_case,
    act,
    classified_case,
    concluded_complaint,
    filed_second_instance,
    replay,
)
from tests.domain.stored_shapes import as_stored_before, reloaded, snapshot_stored_before

V2_FIELDS = {
    "Received": (
        "handling_limit_days",
        "handling_day_type",
        "limit_confirmed",
        "calendar_version",
        "second_instance_basis",
        "competence_rule",
        "further_of_case_id",
        "split_from_case_id",
        "handling_from",
    ),
    "Classified": (
        "procedure",
        "handling_limit_days",
        "handling_day_type",
        "limit_confirmed",
        "calendar_version",
    ),
    "Archived": ("inspection_agency_id", "inspection_agency_path"),
    "Referred": (
        "handling_due_date",
        "handling_limit_days",
        "handling_day_type",
        "limit_confirmed",
        "calendar_version",
    ),
    "Accepted": ("limit_confirmed", "calendar_version", "acceptance_notice_due_date"),
    "DeadlineExtended": ("limit_confirmed", "calendar_version"),
    "Concluded": (
        "publication_due_date",
        "enforcement_due_date",
        "enforcement_confirmed",
        "calendar_version",
    ),
    "Suspended": ("calendar_version",),
    "Resumed": ("calendar_version",),
    "Reopened": (
        "grounds",
        "authority_agency_id",
        "authority_agency_path",
        "authority_level",
        "limit_days",
        "limit_confirmed",
        "calendar_version",
    ),
}


@pytest.fixture
def app() -> Iterator[Petitions]:
    app = Petitions({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield app
    app.close()


def as_v1(app: Petitions, events: list[Any], **old: Any) -> list[Any]:
    """The events as a build before issue 8 stored them, read back by this build."""
    return [
        reloaded(app, as_stored_before(app, e, V2_FIELDS.get(type(e).__name__, ()), **old))
        if type(e).__name__ in V2_FIELDS
        else e
        for e in events
    ]


def test_every_evolved_event_loads_from_its_version_1_shape(app: Petitions) -> None:
    case = classified_case(Kind.DENUNCIATION, competent=COMMUNE)
    case.refer(COMMUNE, act(date(2025, 5, 28)), CALENDAR)
    case.accept(COMMUNE, act(date(2025, 6, 2)), CALENDAR, Complexity.COMPLEX)
    case.extend_deadline(Complexity.COMPLEX, 20, act(date(2025, 6, 3), "complex"), CALENDAR)
    case.suspend(act(date(2025, 6, 4), "police"), CALENDAR)
    case.resume(act(date(2025, 6, 5)), CALENDAR)
    case.conclude("true", "KL-1", act(date(2025, 6, 6)), calendar=CALENDAR)
    old = as_v1(app, case.collect_events())
    received, classified, referred, accepted, extended, suspended, resumed, concluded = old
    assert (received.handling_limit_days, received.handling_day_type) == (10, "working")
    assert (received.limit_confirmed, received.calendar_version) == (False, UNRECORDED)
    assert (received.further_of_case_id, received.second_instance_basis) == (None, "")
    assert (classified.handling_limit_days, classified.limit_confirmed) == (7, True)
    assert classified.procedure == Procedure.ADMINISTRATIVE.value
    assert (referred.handling_due_date, referred.limit_confirmed) == (None, None)
    assert (accepted.limit_confirmed, accepted.acceptance_notice_due_date) == (None, None)
    assert extended.limit_confirmed is None
    assert suspended.calendar_version == resumed.calendar_version == UNRECORDED
    assert (concluded.publication_due_date, concluded.enforcement_due_date) == (None, None)
    replayed = replay(old)
    assert isinstance(replayed, Case)
    # A v1 referral kept the first receiver's clock; a v1 acceptance of a denunciation
    # stood on a confirmed limit (rule book VN-2020.1).
    assert replayed.due_confirmed is True
    assert replayed.status == Status.CONCLUDED


def test_a_version_1_complaint_classification_is_unconfirmed_as_its_day_type_was(
    app: Petitions,
) -> None:
    (_, classified) = as_v1(app, classified_case(Kind.COMPLAINT).collect_events())
    assert (classified.handling_limit_days, classified.handling_day_type) == (10, "calendar")
    assert classified.limit_confirmed is False


def test_a_version_1_archival_has_no_inspection(app: Petitions) -> None:
    case = classified_case()
    case.archive(ArchiveGrounds.INELIGIBLE, act(date(2025, 6, 2), "unsigned"))
    (*_, archived) = as_v1(app, case.collect_events())
    assert (archived.inspection_agency_id, archived.inspection_agency_path) == (None, None)


def test_a_version_1_second_instance_filing_says_what_it_ran_from(app: Petitions) -> None:
    second = filed_second_instance(concluded_complaint(), date(2025, 7, 1))
    (received, _) = as_v1(app, second.collect_events())
    assert received.second_instance_basis == "decision_or_deadline"
    assert received.competence_rule.endswith("(v1)")


def test_a_reopening_stored_before_replays_exactly_as_before(app: Petitions) -> None:
    """A v1 `Reopened` (the agency re-opened its own case) replays as it always did."""
    case = accepted_case(Kind.COMPLAINT, agency=COMMUNE)
    amended = EffectOnContested.AMENDED
    case.conclude("partly_right", "QD-1", act(date(2025, 6, 20)), amended, CALENDAR)
    case.reexamine(
        PROVINCE, ReexaminationGrounds.NEW_EVIDENCE, act(date(2025, 7, 1), "x"), CALENDAR
    )
    events = case.collect_events()
    # As v1 stored it: the commune re-opened with a fresh limit of its own 30 days.
    old = as_v1(app, events[:-1]) + as_v1(app, events[-1:], due_date=date(2025, 7, 31))
    reopened = old[-1]
    assert (reopened.grounds, reopened.authority_agency_id, reopened.limit_days) == ("", None, None)
    replayed = replay(old)
    assert isinstance(replayed, Case)
    assert (replayed.status, replayed.due_date, replayed.limit_end) == (
        Status.IN_PROGRESS,
        date(2025, 7, 31),
        date(2025, 7, 31),
    )
    assert (replayed.handling_agency_id, replayed.limit_days) == (COMMUNE.id, 30)
    assert (replayed.outcome, replayed.concluded_on, replayed.reexaminations) == ("", None, 0)


def test_a_case_snapshot_taken_before_version_2_loads(app: Petitions) -> None:
    case = accepted_case(Kind.DENUNCIATION)
    snapshot = Case.Snapshot.take(case)
    new_state = (
        "handling_start",
        "handling_limit_days",
        "handling_day_type",
        "handling_confirmed",
        "procedure",
        "due_confirmed",
        "clock_start",
        "clock_days",
        "check_extended",
        "termination_grounds",
        "acceptance_notice_due_date",
        "acceptance_notified_on",
        "refusal_notified_on",
        "publication_due_date",
        "enforcement_due_date",
        "enforcement_confirmed",
        "enforcement_started_on",
        "further_of_case_id",
        "further_case_id",
        "split_from_case_id",
        "part_case_ids",
        "reexaminations",
    )
    loaded = reloaded(app, snapshot_stored_before(app, snapshot, drop=new_state)).mutate(None)
    assert isinstance(loaded, Case)
    assert (loaded.handling_limit_days, loaded.handling_confirmed) == (7, True)
    assert (loaded.procedure, loaded.due_confirmed) == (Procedure.ADMINISTRATIVE, True)
    assert loaded.clock_start == case.limit_end
    # The loaded case takes further commands: the clock anchor gives the same due date.
    loaded.suspend(act(date(2025, 6, 10), "police"), CALENDAR)
    loaded.resume(act(date(2025, 6, 12)), CALENDAR)
    assert loaded.due_date == date(2025, 7, 4)


def test_a_history_of_version_1_events_says_whether_each_due_date_was_confirmed(
    app: Petitions,
) -> None:
    """Issue 8, point 10: an old acceptance shows what its kind's rule made of its limit."""
    for kind, confirmed in ((Kind.COMPLAINT, True), (Kind.RECOMMENDATION, False)):
        case = accepted_case(kind)
        stored = [
            as_stored_before(app, e, V2_FIELDS.get(type(e).__name__, ()))
            for e in case.collect_events()
        ]
        app.recorder.insert_events(stored)
        accepted = app.case_history(case.id)[-1]
        assert (accepted.event, accepted.fields["limit_confirmed"]) == ("Accepted", confirmed)
        assert accepted.fields["calendar_version"] == UNRECORDED
