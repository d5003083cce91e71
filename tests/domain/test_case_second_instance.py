"""Second-instance complaints: who may file, when, and how the two cases are linked."""

from datetime import date
from uuid import UUID

import pytest

from domain.case import AgencyRef, Case
from domain.errors import (
    ChronologyError,
    InvalidTransitionError,
    RuleViolationError,
    TimeLimitExpiredError,
)
from domain.kinds import Complexity, EffectOnContested, Kind, Status
from tests.domain.builders import (
    ACCEPTED_ON,
    CALENDAR,
    COMMUNE,
    CONCLUDED_ON,
    DECISION_KNOWN_ON,
    PROVINCE,
    RECEIVED_ON,
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
RECEIVED, KNOWN = RECEIVED_ON, DECISION_KNOWN_ON


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
        Case.file_second_instance(
            second, petition(), PROVINCE, act(date(2025, 9, 1)), CALENDAR, [PROVINCE]
        )


def test_a_denunciation_has_no_second_instance() -> None:
    first = accepted_case(Kind.DENUNCIATION)
    with pytest.raises(RuleViolationError):
        first.record_appeal(first.id, act(date(2025, 8, 1)))


def test_a_second_instance_petition_is_always_a_complaint() -> None:
    first = concluded_complaint()
    second = Case.file_second_instance(
        first, petition(), PROVINCE, act(date(2025, 7, 1)), CALENDAR, [PROVINCE, COMMUNE]
    )
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
            concluded_complaint(),
            petition(),
            COMMUNE,
            act(IN_TIME, agency=COMMUNE),
            CALENDAR,
            [PROVINCE, COMMUNE],
        )


# ----- the filing limit runs from the complainant's receipt (Law on Complaints art. 33) ----


def test_the_second_instance_limit_runs_from_the_notified_receipt_not_the_decision_date() -> None:
    """Law on Complaints art. 33: 30 days from the day the complainant received the decision."""
    # Decided Friday 20 June, received by post on Monday 30 June: 30 days run to 30 July.
    first = concluded_complaint(notified_on=date(2025, 6, 30))
    second = filed_second_instance(first, date(2025, 7, 30))
    accept(second, date(2025, 7, 30))
    assert (second.first_decision_on, second.status) == (date(2025, 6, 30), Status.IN_PROGRESS)


def test_a_second_instance_complaint_30_days_after_the_notified_receipt_is_late() -> None:
    """Law on Complaints art. 33: the 31st day after receipt is too late."""
    first = concluded_complaint(notified_on=date(2025, 6, 30))
    second = filed_second_instance(first, date(2025, 7, 31))
    with pytest.raises(TimeLimitExpiredError):
        accept(second, date(2025, 7, 31))


def test_the_limit_does_not_run_while_no_receipt_of_the_decision_is_recorded() -> None:
    """Law on Complaints art. 33: without a recorded notification the limit has not started."""
    first = concluded_complaint(notified_on=None)
    second = filed_second_instance(first, date(2025, 9, 30))  # 102 days after the decision
    accept(second, date(2025, 9, 30))
    assert (second.first_decision_on, second.status) == (None, Status.IN_PROGRESS)


def test_the_second_instance_records_what_its_limit_runs_from() -> None:
    notified = filed_second_instance(concluded_complaint(), date(2025, 7, 1))
    silent = filed_second_instance(accepted_case(Kind.COMPLAINT, agency=COMMUNE), date(2025, 7, 3))
    (received,) = notified.collect_events()[:1]
    assert received.second_instance_basis == "notified"  # type: ignore[attr-defined]
    assert silent.collect_events()[0].second_instance_basis == "unanswered"  # type: ignore[attr-defined]


# ----- the competent second-instance body is a rule on agency data (arts. 18-25) -----------

DEPARTMENT = AgencyRef(UUID(int=20), [PROVINCE.id, UUID(int=20)], "province", "department")
OTHER_PROVINCE = AgencyRef(UUID(int=30), [UUID(int=30)], "province")
MINISTRY = AgencyRef(UUID(int=40), [UUID(int=40)], "central", "ministry", "BNNMT")
OTHER_MINISTRY = AgencyRef(UUID(int=41), [UUID(int=41)], "central", "ministry", "BYT")


def decided_by(agency: AgencyRef, field: str = "land") -> Case:
    case = Case.receive(petition(), agency, act(RECEIVED, agency=agency), CALENDAR)
    case.classify(Kind.COMPLAINT, field, agency, act(RECEIVED, agency=agency), CALENDAR, KNOWN)
    case.accept(agency, act(ACCEPTED_ON, agency=agency), CALENDAR)
    case.conclude("wrong", "QD-1", act(CONCLUDED_ON, agency=agency), EffectOnContested.UPHELD)
    case.notify_citizen("post", act(CONCLUDED_ON, agency=agency))
    return case


def file_with(first: Case, body: AgencyRef, chain: list[AgencyRef]) -> Case:
    return Case.file_second_instance(
        first, petition(), body, act(date(2025, 7, 1), agency=body), CALENDAR, chain
    )


def test_a_department_directors_decision_goes_to_the_provincial_chairman() -> None:
    """Law on Complaints art. 21(2): the provincial People's Committee chairman decides."""
    second = file_with(decided_by(DEPARTMENT), PROVINCE, [PROVINCE, DEPARTMENT])
    assert second.instance == 2


def test_a_provincial_chairmans_land_decision_goes_to_the_minister_of_the_field() -> None:
    """Law on Complaints art. 23(2): the minister, though no ancestor of the province."""
    second = file_with(decided_by(PROVINCE), MINISTRY, [PROVINCE])
    assert second.first_instance_case_id is not None


def test_a_provincial_decision_is_not_heard_by_a_minister_of_another_field() -> None:
    """Law on Complaints art. 23(2): only the ministry managing the field."""
    with pytest.raises(RuleViolationError):
        file_with(decided_by(PROVINCE), OTHER_MINISTRY, [PROVINCE])


def test_a_communes_decision_is_not_heard_by_another_province() -> None:
    """Law on Complaints art. 18(2): the People's Committee above the commune, not a stranger."""
    with pytest.raises(RuleViolationError):
        file_with(concluded_complaint(), OTHER_PROVINCE, [PROVINCE, COMMUNE])


def test_a_body_under_a_department_is_heard_by_its_director() -> None:
    """Law on Complaints art. 20(2): the director hears a sub-department head's decision."""
    sub = AgencyRef(UUID(int=21), [*DEPARTMENT.path, UUID(int=21)], "province", "department")
    with pytest.raises(RuleViolationError):
        file_with(decided_by(sub), PROVINCE, [PROVINCE, DEPARTMENT, sub])
    second = file_with(decided_by(sub), DEPARTMENT, [PROVINCE, DEPARTMENT, sub])
    assert "art. 20(2)" in second.collect_events()[0].competence_rule  # type: ignore[attr-defined]


def test_the_book_and_the_rule_that_named_the_body_are_recorded() -> None:
    """Law on Complaints art. 23(3): the book's version tells apart books of equal text."""
    second = file_with(decided_by(PROVINCE), MINISTRY, [PROVINCE])
    rule = second.collect_events()[0].competence_rule  # type: ignore[attr-defined]
    assert rule == "VN-2025.2: Law on Complaints 02/2011/QH13 art. 23(3)"
