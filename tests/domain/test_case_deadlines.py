"""Filing limits, due dates, extensions, suspension and overdue cases."""

from datetime import date, timedelta

import pytest

from domain.case import Case
from domain.errors import (
    ExtensionNotAllowedError,
    InvalidTransitionError,
    RuleViolationError,
    TimeLimitExpiredError,
)
from domain.kinds import Complexity, EffectOnContested, Kind, Status
from tests.domain.builders import (
    ACCEPTED_ON,
    CALENDAR,
    PROVINCE,
    accepted_case,
    act,
    classified_case,
    received_case,
)

ORD = Complexity.ORDINARY
CPX = Complexity.COMPLEX
PCX = Complexity.PARTICULARLY_COMPLEX


def complaint_known(days_before_receipt: int, received_on: date) -> Case:
    known = received_on - timedelta(days=days_before_receipt)
    return classified_case(Kind.COMPLAINT, received_on=received_on, decision_known_on=known)


# ----- filing limit (90 days) --------------------------------------------------------------


def test_a_complaint_filed_90_days_after_the_decision_is_accepted() -> None:
    case = complaint_known(90, date(2025, 5, 28))
    case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR)
    assert case.status == Status.IN_PROGRESS


def test_a_complaint_filed_after_90_days_is_refused() -> None:
    # Known on Wednesday 26 February 2025: the 90th day, Tuesday 27 May, is a working day.
    case = complaint_known(91, date(2025, 5, 28))
    with pytest.raises(TimeLimitExpiredError):
        case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR)


def test_days_lost_to_illness_or_disaster_are_excluded_from_the_filing_limit() -> None:
    case = complaint_known(95, date(2025, 5, 28))
    case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR, filing_days_excluded=5)
    assert case.status == Status.IN_PROGRESS


def test_excluded_days_extend_the_filing_limit_only_by_their_number() -> None:
    case = complaint_known(96, date(2025, 5, 28))
    with pytest.raises(TimeLimitExpiredError):
        case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR, filing_days_excluded=5)


def test_a_filing_limit_ending_on_a_sunday_runs_to_the_next_working_day() -> None:
    # Known on Monday 24 February 2025: the 90th day is Sunday 25 May, so a complaint
    # received on Monday 26 May is in time (Civil Code art. 148).
    case = complaint_known(91, date(2025, 5, 26))
    case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR)
    assert case.status == Status.IN_PROGRESS


def test_negative_excluded_days_are_refused() -> None:
    with pytest.raises(RuleViolationError):
        classified_case().accept(PROVINCE, act(ACCEPTED_ON), CALENDAR, filing_days_excluded=-1)


def test_a_complaint_cannot_be_accepted_without_the_date_the_decision_was_known() -> None:
    case = classified_case(Kind.COMPLAINT, decision_known_on=None)
    with pytest.raises(RuleViolationError):
        case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR)


@pytest.mark.parametrize("kind", [Kind.DENUNCIATION, Kind.RECOMMENDATION, Kind.REFLECTION])
def test_other_kinds_have_no_filing_limit(kind: Kind) -> None:
    case = classified_case(kind, received_on=date(2025, 5, 26))
    case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR)
    assert case.status == Status.IN_PROGRESS


# ----- due dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("complexity", "remote", "due"),
    [
        (ORD, False, date(2025, 7, 2)),  # 30 days
        (CPX, False, date(2025, 7, 17)),  # 45 days
        (ORD, True, date(2025, 7, 17)),  # 45 days, remote area
        (CPX, True, date(2025, 8, 1)),  # 60 days, remote area
    ],
)
def test_a_first_instance_complaint_is_due_by_the_statutory_limit(
    complexity: Complexity, remote: bool, due: date
) -> None:
    assert accepted_case(Kind.COMPLAINT, complexity, remote).due_date == due


@pytest.mark.parametrize("kind", [Kind.DENUNCIATION, Kind.RECOMMENDATION, Kind.REFLECTION])
def test_other_kinds_are_due_30_days_after_acceptance(kind: Kind) -> None:
    assert accepted_case(kind).due_date == date(2025, 7, 2)


def test_a_due_date_falling_on_a_weekend_moves_to_monday() -> None:
    # Friday 6 June + 30 days = Sunday 6 July 2025.
    case = accepted_case(on=date(2025, 6, 6))
    assert case.due_date == date(2025, 7, 7)


def test_a_due_date_falling_on_national_day_moves_past_it() -> None:
    # Saturday 2 August + 30 days = Monday 1 September 2025; 1-2 September are off.
    case = accepted_case(on=date(2025, 8, 2))
    assert case.due_date == date(2025, 9, 3)


def test_the_acceptance_date_is_the_legal_date_of_the_act() -> None:
    assert accepted_case(on=date(2025, 6, 3)).accepted_on == date(2025, 6, 3)


# ----- overdue -----------------------------------------------------------------------------


def test_a_case_is_not_overdue_on_its_due_date() -> None:
    assert not accepted_case().is_overdue(date(2025, 7, 2))


def test_a_case_is_overdue_the_day_after_its_due_date() -> None:
    assert accepted_case().is_overdue(date(2025, 7, 3))


def test_a_petition_not_yet_accepted_is_never_overdue() -> None:
    assert not received_case().is_overdue(date(2030, 1, 1))


def test_a_concluded_case_is_not_overdue() -> None:
    case = accepted_case()
    case.conclude("right", "QD-1", act(date(2025, 8, 1)), EffectOnContested.ANNULLED)
    assert not case.is_overdue(date(2025, 8, 2))


# ----- suspension --------------------------------------------------------------------------


def suspended_case(on: date = date(2025, 6, 12)) -> Case:
    case = accepted_case()
    case.suspend(act(on, "awaiting the land registry's expert opinion"), CALENDAR)
    return case


def test_a_suspension_keeps_the_days_left_until_the_due_date() -> None:
    # Due Wednesday 2 July; suspended on Thursday 12 June: 20 days remain.
    assert suspended_case().remaining_days == 20


def test_a_suspended_case_is_not_overdue() -> None:
    assert not suspended_case().is_overdue(date(2025, 7, 15))


def test_resumption_restarts_the_clock_with_the_remaining_days() -> None:
    case = suspended_case()
    case.resume(act(date(2025, 8, 1)), CALENDAR)
    # Friday 1 August + 20 days = Thursday 21 August.
    assert (case.status, case.due_date) == (Status.IN_PROGRESS, date(2025, 8, 21))


def test_a_resumed_case_is_overdue_after_its_new_due_date() -> None:
    case = suspended_case()
    case.resume(act(date(2025, 8, 1)), CALENDAR)
    assert not case.is_overdue(date(2025, 8, 21))
    assert case.is_overdue(date(2025, 8, 22))


def test_a_suspension_needs_a_reason() -> None:
    with pytest.raises(RuleViolationError):
        accepted_case().suspend(act(date(2025, 6, 12)), CALENDAR)


def test_a_petition_not_yet_accepted_cannot_be_suspended() -> None:
    with pytest.raises(InvalidTransitionError):
        classified_case().suspend(act(ACCEPTED_ON, "awaiting"), CALENDAR)


def test_a_suspended_case_cannot_be_suspended_again() -> None:
    with pytest.raises(InvalidTransitionError):
        suspended_case().suspend(act(date(2025, 6, 13), "again"), CALENDAR)


def test_a_case_in_progress_cannot_be_resumed() -> None:
    with pytest.raises(InvalidTransitionError):
        accepted_case().resume(act(date(2025, 6, 13)), CALENDAR)


def test_a_suspended_case_cannot_be_concluded() -> None:
    with pytest.raises(InvalidTransitionError):
        suspended_case().conclude("right", "QD-1", act(date(2025, 6, 13)), EffectOnContested.UPHELD)


# ----- extensions --------------------------------------------------------------------------


def extend(case: Case, complexity: Complexity, days: int, on: date = date(2025, 6, 20)) -> None:
    case.extend_deadline(complexity, days, act(on, "many parties to hear"), CALENDAR)


def test_a_complaint_found_complex_gets_the_45_day_limit() -> None:
    case = accepted_case(Kind.COMPLAINT)
    extend(case, CPX, 0)
    assert (case.due_date, case.limit_days, case.complexity) == (date(2025, 7, 17), 45, CPX)


def test_a_remote_complaint_found_complex_gets_the_60_day_limit() -> None:
    case = accepted_case(Kind.COMPLAINT, remote=True)
    extend(case, CPX, 0)
    assert (case.due_date, case.limit_days) == (date(2025, 8, 1), 60)


def test_a_complaint_can_be_extended_only_once() -> None:
    case = accepted_case(Kind.COMPLAINT)
    extend(case, CPX, 0)
    with pytest.raises(ExtensionNotAllowedError):
        extend(case, CPX, 0)


def test_a_complaint_accepted_as_complex_cannot_be_extended() -> None:
    with pytest.raises(ExtensionNotAllowedError):
        extend(accepted_case(Kind.COMPLAINT, CPX), CPX, 0)


def test_a_complaint_cannot_be_extended_as_particularly_complex() -> None:
    with pytest.raises(ExtensionNotAllowedError):
        extend(accepted_case(Kind.COMPLAINT), PCX, 30)


def test_a_complex_denunciation_is_extended_by_the_days_decided() -> None:
    case = accepted_case(Kind.DENUNCIATION)
    extend(case, CPX, 20)
    # Wednesday 2 July + 20 days = Tuesday 22 July.
    assert (case.due_date, case.extensions) == (date(2025, 7, 22), 1)


def test_a_complex_denunciation_is_extended_only_once() -> None:
    case = accepted_case(Kind.DENUNCIATION)
    extend(case, CPX, 30)
    with pytest.raises(ExtensionNotAllowedError):
        extend(case, CPX, 30)


def test_a_particularly_complex_denunciation_is_extended_twice() -> None:
    case = accepted_case(Kind.DENUNCIATION)
    extend(case, PCX, 30)
    extend(case, PCX, 30)
    # 2 July + 30 = 1 August; + 30 = Sunday 31 August, then 1-2 September are off.
    assert (case.due_date, case.extensions) == (date(2025, 9, 3), 2)


def test_a_particularly_complex_denunciation_is_not_extended_a_third_time() -> None:
    case = accepted_case(Kind.DENUNCIATION)
    extend(case, PCX, 30)
    extend(case, PCX, 30)
    with pytest.raises(ExtensionNotAllowedError):
        extend(case, PCX, 30)


def test_a_denunciation_extension_longer_than_30_days_is_refused() -> None:
    with pytest.raises(ExtensionNotAllowedError):
        extend(accepted_case(Kind.DENUNCIATION), CPX, 31)


def test_a_denunciation_extension_of_no_days_is_refused() -> None:
    with pytest.raises(ExtensionNotAllowedError):
        extend(accepted_case(Kind.DENUNCIATION), CPX, 0)


def test_an_ordinary_denunciation_cannot_be_extended() -> None:
    with pytest.raises(ExtensionNotAllowedError):
        extend(accepted_case(Kind.DENUNCIATION), ORD, 10)


@pytest.mark.parametrize("kind", [Kind.RECOMMENDATION, Kind.REFLECTION])
def test_a_recommendation_or_reflection_cannot_be_extended(kind: Kind) -> None:
    with pytest.raises(ExtensionNotAllowedError):
        extend(accepted_case(kind), CPX, 10)


def test_an_extension_needs_a_reason() -> None:
    case = accepted_case(Kind.DENUNCIATION)
    with pytest.raises(RuleViolationError):
        case.extend_deadline(CPX, 10, act(date(2025, 6, 20)), CALENDAR)


def test_a_suspended_case_cannot_be_extended() -> None:
    case = accepted_case(Kind.DENUNCIATION)
    case.suspend(act(date(2025, 6, 12), "awaiting police"), CALENDAR)
    with pytest.raises(InvalidTransitionError):
        extend(case, CPX, 10)


def test_a_petition_not_yet_accepted_cannot_be_extended() -> None:
    with pytest.raises(InvalidTransitionError):
        extend(classified_case(Kind.DENUNCIATION), CPX, 10)


def test_a_complex_extension_counts_from_the_unrolled_limit_not_the_moved_due_date() -> None:
    # Accepted Friday 6 June 2025: day 30 is Sunday 6 July, so the case is due Monday 7 July.
    case = accepted_case(Kind.COMPLAINT, on=date(2025, 6, 6))
    assert case.due_date == date(2025, 7, 7)
    case.extend_deadline(Complexity.COMPLEX, 0, act(date(2025, 6, 20), "complex"), CALENDAR)
    # Made complex, it is due 45 days after acceptance: Monday 21 July, not Tuesday 22 July.
    assert case.due_date == date(2025, 7, 21)


def test_an_overdue_case_suspended_and_resumed_stays_overdue() -> None:
    case = accepted_case(Kind.DENUNCIATION)  # due Wednesday 2 July 2025
    case.suspend(act(date(2025, 7, 7), "awaiting expert opinion"), CALENDAR)
    assert case.remaining_days == -5
    case.resume(act(date(2025, 7, 21)), CALENDAR)
    assert case.due_date == date(2025, 7, 16)
    assert case.is_overdue(date(2025, 7, 21))
