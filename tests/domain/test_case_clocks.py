"""Clocks of a case (issue 8, points 7, 9 and 10): the referred agency's own clock, the
calendar each due date was computed with, late corrections, and unconfirmed limits."""

from datetime import date, timedelta

import pytest

from domain.calendar import WorkingCalendar
from domain.case import Case
from domain.errors import InvalidTransitionError, RuleViolationError
from domain.kinds import Complexity, Kind
from domain.rules import DECREE_124_IN_FORCE, RULEBOOK_2020
from tests.domain.builders import (
    CALENDAR,
    COMMUNE,
    PROVINCE,
    accepted_case,
    act,
    classified_case,
    concluded_complaint,
    received_case,
)

# ----- a referral starts the competent agency's own clock (point 7) ------------------------


def test_a_referred_complaint_gets_the_competent_agencys_own_10_days() -> None:
    """Law on Complaints art. 27: the 10 days run from the competent agency's receipt."""
    case = classified_case(Kind.COMPLAINT, competent=COMMUNE)  # received Monday 26 May
    assert case.handling_due_date == date(2025, 6, 5)
    case.refer(COMMUNE, act(date(2025, 6, 2)), CALENDAR)  # posted Monday 2 June
    # Until the commune records its receipt, its clock has not started: nothing is due.
    assert (case.handling_due_date, case.deadline_items()) == (None, [])
    case.receive_referral(act(date(2025, 6, 4), agency=COMMUNE), CALENDAR)  # Wednesday 4 June
    assert (case.handling_start, case.handling_due_date) == (date(2025, 6, 4), date(2025, 6, 16))
    assert not case.is_overdue(date(2025, 6, 10))


def test_a_referred_petition_reclassified_keeps_the_receivers_clock() -> None:
    """Law on Complaints art. 27: the receiver's re-classification counts from its receipt."""
    case = classified_case(Kind.RECOMMENDATION, competent=COMMUNE)
    case.refer(COMMUNE, act(date(2025, 6, 3)), CALENDAR)
    case.receive_referral(act(date(2025, 6, 4), agency=COMMUNE), CALENDAR)
    case.classify(Kind.DENUNCIATION, "land", COMMUNE, act(date(2025, 6, 5)), CALENDAR)
    assert case.handling_due_date == date(2025, 6, 13)  # 7 working days from 4 June


# ----- the calendar is versioned data (point 9) --------------------------------------------

LATE_DAY_OFF = WorkingCalendar.with_declarations(days_off=[date(2025, 7, 2)])


def test_every_event_that_stores_a_due_date_records_its_calendar() -> None:
    case = classified_case(Kind.DENUNCIATION, competent=COMMUNE)
    case.refer(COMMUNE, act(date(2025, 5, 28)), LATE_DAY_OFF)
    case.accept(COMMUNE, act(date(2025, 6, 2)), LATE_DAY_OFF, Complexity.COMPLEX)
    case.extend_deadline(Complexity.COMPLEX, 20, act(date(2025, 6, 3), "complex"), LATE_DAY_OFF)
    case.suspend(act(date(2025, 6, 4), "awaiting police"), LATE_DAY_OFF)
    case.resume(act(date(2025, 6, 5)), LATE_DAY_OFF)
    case.conclude("true", "KL-1", act(date(2025, 6, 6)), calendar=LATE_DAY_OFF)
    dated = [e for e in case.collect_events() if hasattr(e, "calendar_version")]
    names = [type(e).__name__ for e in dated]
    assert names == [
        "Received",
        "Classified",
        "Referred",
        "Accepted",
        "DeadlineExtended",
        "Suspended",
        "Resumed",
        "Concluded",
    ]
    stamped = [e for e in dated if e.calendar_version]  # type: ignore[attr-defined]
    assert all(e.calendar_version.startswith("holidays ") for e in stamped)  # type: ignore[attr-defined]
    accepted = dated[3]
    assert "declared off 2025-07-02" in accepted.calendar_version  # type: ignore[attr-defined]


def test_a_day_off_declared_late_corrects_the_due_date_by_a_dated_event() -> None:
    """Civil Code art. 148: a limit ending on a day off declared after it was set moves on."""
    case = accepted_case(Kind.COMPLAINT)  # due Wednesday 2 July, before any declaration
    declared_on = date(2025, 6, 20)
    case.correct_due_date(act(declared_on, "Decision 12/QĐ-TTg: 2 July off"), LATE_DAY_OFF)
    (*_, corrected) = case.collect_events()
    assert case.due_date == date(2025, 7, 3)
    assert (corrected.previous_due_date, corrected.legal_date, corrected.clock) == (  # type: ignore[attr-defined]
        date(2025, 7, 2),
        declared_on,
        "settlement",
    )
    assert "declared off 2025-07-02" in corrected.calendar_version  # type: ignore[attr-defined]


def test_an_intake_due_date_is_corrected_too() -> None:
    case = received_case()  # 10 working days from Monday 26 May: Monday 9 June
    off = WorkingCalendar.with_declarations(days_off=[date(2025, 6, 3)])
    case.correct_due_date(act(date(2025, 5, 27), "a day off declared"), off)
    assert case.handling_due_date == date(2025, 6, 10)


def test_a_correction_that_changes_nothing_is_refused() -> None:
    with pytest.raises(RuleViolationError):
        accepted_case().correct_due_date(act(date(2025, 6, 20), "no change"), CALENDAR)


def test_a_correction_states_the_declaration_and_needs_a_running_clock() -> None:
    with pytest.raises(RuleViolationError):
        accepted_case().correct_due_date(act(date(2025, 6, 20)), LATE_DAY_OFF)
    with pytest.raises(InvalidTransitionError):
        concluded_complaint().correct_due_date(act(date(2025, 6, 21), "late"), LATE_DAY_OFF)


def accepted_due_after_a_weekend() -> Case:
    """Accepted Thursday 5 June: 30 days end Saturday 5 July, moved to Monday 7 July."""
    case = classified_case(Kind.COMPLAINT)
    case.accept(PROVINCE, act(date(2025, 6, 5)), CALENDAR)
    assert (case.limit_end, case.due_date) == (date(2025, 7, 5), date(2025, 7, 7))
    return case


def test_a_suspension_during_the_roll_forward_days_keeps_no_days() -> None:
    """Civil Code art. 148 moves the end past the weekend; it adds no days to the limit."""
    case = accepted_due_after_a_weekend()
    case.suspend(act(date(2025, 7, 6), "awaiting the court"), CALENDAR)  # Sunday
    assert case.remaining_days == 0
    case.resume(act(date(2025, 8, 4)), CALENDAR)
    assert case.due_date == date(2025, 8, 4)


def test_a_suspension_before_the_limits_last_day_keeps_the_days_left() -> None:
    case = accepted_due_after_a_weekend()
    case.suspend(act(date(2025, 7, 3), "awaiting the court"), CALENDAR)  # Thursday
    assert case.remaining_days == 2
    case.resume(act(date(2025, 8, 4)), CALENDAR)
    assert case.due_date == date(2025, 8, 6)


def test_a_suspension_after_the_moved_due_date_keeps_the_days_overrun() -> None:
    case = accepted_due_after_a_weekend()
    case.suspend(act(date(2025, 7, 9), "awaiting the court"), CALENDAR)
    assert case.remaining_days == -2


# ----- limits, their effective date and their confirmation (point 10) ----------------------


def test_the_rule_book_is_in_force_from_decree_124_2020() -> None:
    """Decree 124/2020/ND-CP took effect on 10 December 2020."""
    assert date(2020, 12, 10) == DECREE_124_IN_FORCE
    assert RULEBOOK_2020.effective_from == DECREE_124_IN_FORCE


@pytest.mark.parametrize(
    ("kind", "confirmed"),
    [
        (Kind.COMPLAINT, True),
        (Kind.DENUNCIATION, True),
        (Kind.RECOMMENDATION, False),
        (Kind.REFLECTION, False),
    ],
)
def test_a_due_date_from_an_unconfirmed_limit_says_so(kind: Kind, confirmed: bool) -> None:
    case = accepted_case(kind)
    (*_, accepted) = case.collect_events()
    assert case.due_confirmed is confirmed
    assert accepted.limit_confirmed is confirmed  # type: ignore[attr-defined]
    settlement = next(i for i in case.deadline_items() if i.name == "settlement")
    assert settlement.confirmed is confirmed


def test_a_complaint_intake_due_date_is_unconfirmed_as_its_day_type_is() -> None:
    """Law on Complaints art. 27: 10 days, the day type unconfirmed (DOMAIN.md)."""
    case = classified_case(Kind.COMPLAINT)
    assert case.handling_confirmed is False
    assert classified_case(Kind.DENUNCIATION).handling_confirmed is True


def test_a_complaint_extended_as_complex_keeps_a_confirmed_limit() -> None:
    case = accepted_case(Kind.COMPLAINT)
    case.extend_deadline(Complexity.COMPLEX, 15, act(date(2025, 6, 3), "complex"), CALENDAR)
    assert (case.due_date, case.due_confirmed) == (date(2025, 7, 17), True)


def test_the_limits_of_the_new_steps_name_their_sources() -> None:
    steps = RULEBOOK_2020.deadlines
    limits = [
        *steps.disciplinary_filing.values(),
        *steps.check_extended.values(),
        *steps.transfer.values(),
        *steps.acceptance_notice.values(),
        steps.further_denunciation,
        *steps.reexamination.values(),
        *steps.in_force.values(),
        steps.enforcement,
    ]
    assert all(limit.source.strip() for limit in limits)
    assert steps.transfer[Kind.DENUNCIATION].days == 5
    assert steps.enforcement.days == 5
    assert steps.check_extended[Kind.DENUNCIATION].days == 10
    assert RULEBOOK_2020.publication.days == 15
    assert timedelta(days=RULEBOOK_2020.publication.days).days == 15
