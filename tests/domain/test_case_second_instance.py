"""Second-instance complaints: who may file, when, and how the two cases are linked."""

from datetime import date

import pytest

from domain.case import Case
from domain.errors import (
    ChronologyError,
    InvalidTransitionError,
    RuleViolationError,
    TimeLimitExpiredError,
)
from domain.kinds import Complexity, EffectOnContested, Kind, Status
from tests.domain.builders import (
    CALENDAR,
    COMMUNE,
    CONCLUDED_ON,
    PROVINCE,
    accepted_case,
    act,
    concluded_complaint,
    filed_second_instance,
    petition,
)

# The first decision is dated Friday 20 June 2025.
IN_TIME = date(2025, 7, 21)  # 31 days, but the 30th (20 July) is a Sunday
LATE = date(2025, 7, 22)
REMOTE_LAST_DAY = date(2025, 8, 4)  # 45 days
REMOTE_LATE = date(2025, 8, 5)


def accept(case: Case, on: date, remote: bool = False) -> None:
    case.accept(PROVINCE, act(on), CALENDAR, Complexity.ORDINARY, remote)


def test_a_second_instance_complaint_is_linked_to_the_first() -> None:
    first = concluded_complaint()
    second = filed_second_instance(first, date(2025, 7, 1))
    assert (second.instance, second.first_instance_case_id, first.second_instance_case_id) == (
        2,
        first.id,
        second.id,
    )


def test_a_second_instance_complaint_runs_from_the_first_decision() -> None:
    second = filed_second_instance(concluded_complaint(), date(2025, 7, 1))
    assert second.first_decision_on == CONCLUDED_ON


def test_a_second_instance_complaint_filed_within_30_days_is_accepted() -> None:
    second = filed_second_instance(concluded_complaint(), IN_TIME)
    accept(second, IN_TIME)
    assert second.status == Status.IN_PROGRESS


def test_a_second_instance_complaint_filed_after_30_days_is_refused() -> None:
    second = filed_second_instance(concluded_complaint(), LATE)
    with pytest.raises(TimeLimitExpiredError):
        accept(second, LATE)


def test_a_remote_second_instance_complaint_may_be_filed_within_45_days() -> None:
    second = filed_second_instance(concluded_complaint(), REMOTE_LAST_DAY)
    accept(second, REMOTE_LAST_DAY, remote=True)
    assert second.status == Status.IN_PROGRESS


def test_a_remote_second_instance_complaint_filed_after_45_days_is_refused() -> None:
    second = filed_second_instance(concluded_complaint(), REMOTE_LATE)
    with pytest.raises(TimeLimitExpiredError):
        accept(second, REMOTE_LATE, remote=True)


def test_a_second_instance_decision_is_due_within_45_days() -> None:
    second = filed_second_instance(concluded_complaint(), date(2025, 7, 1))
    accept(second, date(2025, 7, 1))
    # Tuesday 1 July + 45 days = Friday 15 August 2025.
    assert second.due_date == date(2025, 8, 15)


def test_a_second_instance_complaint_may_follow_an_unanswered_first_complaint() -> None:
    first = accepted_case(
        Kind.COMPLAINT, agency=COMMUNE
    )  # due Wednesday 2 July 2025, never answered
    second = filed_second_instance(first, date(2025, 7, 10))
    assert second.first_decision_on == date(2025, 7, 2)


def test_silence_gives_30_days_from_the_first_deadline() -> None:
    first = accepted_case(Kind.COMPLAINT, agency=COMMUNE)
    second = filed_second_instance(first, date(2025, 8, 1))  # 2 July + 30 days
    accept(second, date(2025, 8, 1))
    assert second.status == Status.IN_PROGRESS


def test_silence_for_more_than_30_days_after_the_first_deadline_is_too_late() -> None:
    first = accepted_case(Kind.COMPLAINT, agency=COMMUNE)
    second = filed_second_instance(first, date(2025, 8, 4))
    with pytest.raises(TimeLimitExpiredError):
        accept(second, date(2025, 8, 4))


def test_no_second_instance_before_the_first_decision_or_its_deadline() -> None:
    first = accepted_case(Kind.COMPLAINT, agency=COMMUNE)
    with pytest.raises(InvalidTransitionError):
        filed_second_instance(first, date(2025, 7, 2))


def test_a_second_instance_complaint_dated_before_the_first_decision_is_refused() -> None:
    first = concluded_complaint()
    with pytest.raises(ChronologyError):
        filed_second_instance(first, date(2025, 6, 10))


def test_a_first_complaint_can_be_appealed_only_once() -> None:
    first = concluded_complaint()
    filed_second_instance(first, date(2025, 7, 1))
    with pytest.raises(InvalidTransitionError):
        filed_second_instance(first, date(2025, 7, 2))


def test_a_second_instance_complaint_cannot_be_appealed_again() -> None:
    second = filed_second_instance(concluded_complaint(), date(2025, 7, 1))
    accept(second, date(2025, 7, 1))
    second.conclude("right", "QD-2", act(date(2025, 7, 20)), EffectOnContested.ANNULLED)
    with pytest.raises(RuleViolationError):
        Case.file_second_instance(second, petition(), PROVINCE, act(date(2025, 9, 1)), CALENDAR)


def test_a_denunciation_has_no_second_instance() -> None:
    first = accepted_case(Kind.DENUNCIATION)
    with pytest.raises(RuleViolationError):
        first.record_appeal(first.id, act(date(2025, 8, 1)))


def test_a_second_instance_petition_is_always_a_complaint() -> None:
    first = concluded_complaint()
    second = Case.file_second_instance(first, petition(), PROVINCE, act(date(2025, 7, 1)), CALENDAR)
    with pytest.raises(RuleViolationError):
        second.classify(Kind.DENUNCIATION, "land", PROVINCE, act(date(2025, 7, 1)), CALENDAR)


def test_an_appeal_dated_before_the_last_act_does_not_rewind_the_chronology() -> None:
    first = concluded_complaint(notified_on=date(2025, 6, 21))
    first.publish_decision("portal", act(date(2025, 6, 30)))
    filed_second_instance(first, date(2025, 6, 25))
    with pytest.raises(ChronologyError):
        first.start_enforcement(act(date(2025, 6, 26)))


def test_an_appeal_dated_after_the_last_act_moves_the_chronology_on() -> None:
    first = concluded_complaint()
    filed_second_instance(first, date(2025, 7, 1))
    assert first.last_act_on == date(2025, 7, 1)


def test_a_second_instance_complaint_filed_with_the_deciding_agency_is_refused() -> None:
    with pytest.raises(RuleViolationError):
        Case.file_second_instance(
            concluded_complaint(), petition(), COMMUNE, act(IN_TIME, agency=COMMUNE), CALENDAR
        )
