"""Steps the law forbids, refused (issue 8, point 6), and the lawful step beside each."""

from datetime import date, timedelta

import pytest

from domain.case import Case
from domain.errors import (
    InvalidOutcomeError,
    InvalidTransitionError,
    RuleViolationError,
    TimeLimitExpiredError,
)
from domain.kinds import (
    ArchiveGrounds,
    Complexity,
    EffectOnContested,
    Kind,
    Procedure,
    ReexaminationGrounds,
    Status,
    TerminationGrounds,
)
from domain.rules import RULEBOOK_2020
from tests.domain.builders import (
    ACCEPTED_ON,
    CALENDAR,
    COMMUNE,
    CONCLUDED_ON,
    PROVINCE,
    RECEIVED_ON,
    accepted_case,
    act,
    classified_case,
    concluded_complaint,
    filed_second_instance,
    received_case,
)

LATER = date(2025, 7, 1)  # Tuesday
GROUNDS = ReexaminationGrounds.VIOLATION_OF_LAW

# ----- re-examination by a higher authority, not re-opening at will ------------------------


def test_the_agency_that_settled_a_case_cannot_reopen_it() -> None:
    """Law on Complaints arts. 18-25: a decision in force is re-examined above, on grounds."""
    case = concluded_complaint()  # decided by the commune
    with pytest.raises(RuleViolationError):
        case.reexamine(COMMUNE, GROUNDS, act(LATER, "second thoughts", agency=COMMUNE), CALENDAR)


def test_a_higher_authority_reexamines_a_settled_case_on_legal_grounds() -> None:
    """Law on Complaints arts. 18-25; Decree 124/2020: re-examination by the higher authority."""
    case = concluded_complaint()
    case.reexamine(PROVINCE, GROUNDS, act(LATER, "the decision misread the land law"), CALENDAR)
    # Tuesday 1 July + 30 days = Thursday 31 July 2025, a limit awaiting confirmation.
    assert (case.status, case.due_date, case.due_confirmed) == (
        Status.IN_PROGRESS,
        date(2025, 7, 31),
        False,
    )
    assert (case.handling_agency_id, case.outcome, case.reexaminations) == (PROVINCE.id, "", 1)


def test_a_reexamination_states_its_reason() -> None:
    with pytest.raises(RuleViolationError):
        concluded_complaint().reexamine(PROVINCE, GROUNDS, act(LATER), CALENDAR)


def test_the_reexamining_authority_acts_for_itself() -> None:
    with pytest.raises(RuleViolationError):
        concluded_complaint().reexamine(
            PROVINCE, GROUNDS, act(LATER, "why", agency=COMMUNE), CALENDAR
        )


def test_a_case_in_progress_is_not_reexamined() -> None:
    case = accepted_case(Kind.COMPLAINT, agency=COMMUNE)
    with pytest.raises(InvalidTransitionError):
        case.reexamine(PROVINCE, GROUNDS, act(LATER, "why"), CALENDAR)


def test_a_denunciation_terminated_by_the_death_of_the_denounced_stays_closed() -> None:
    """Law on Denunciations art. 34: termination on the denounced's death is final."""
    case = accepted_case(Kind.DENUNCIATION, agency=COMMUNE)
    case.terminate(TerminationGrounds.DENOUNCED_DIED, act(LATER, "death certificate"))
    with pytest.raises(RuleViolationError):
        case.reexamine(PROVINCE, GROUNDS, act(LATER, "new evidence"), CALENDAR)


def test_a_denunciation_terminated_on_another_ground_may_be_reexamined() -> None:
    case = accepted_case(Kind.DENUNCIATION, agency=COMMUNE)
    case.terminate(TerminationGrounds.OTHER_LEGAL_GROUND, act(LATER, "ground"))
    case.reexamine(PROVINCE, GROUNDS, act(LATER, "the ground was wrong"), CALENDAR)
    assert case.status == Status.IN_PROGRESS


def test_a_recommendation_is_not_reexamined() -> None:
    case = accepted_case(Kind.RECOMMENDATION, agency=COMMUNE)
    case.conclude("answered", "CV-1", act(CONCLUDED_ON))
    with pytest.raises(RuleViolationError):
        case.reexamine(PROVINCE, GROUNDS, act(LATER, "why"), CALENDAR)


def test_a_decision_under_second_instance_is_not_reexamined() -> None:
    first = concluded_complaint()
    filed_second_instance(first, LATER)
    with pytest.raises(InvalidTransitionError):
        first.reexamine(PROVINCE, GROUNDS, act(LATER, "why"), CALENDAR)


# ----- no "particularly complex" complaint -------------------------------------------------


def test_a_particularly_complex_complaint_is_refused_not_given_30_days() -> None:
    """Law on Complaints art. 28: complaints are ordinary or complex, nothing else."""
    with pytest.raises(RuleViolationError):
        RULEBOOK_2020.resolution_limit(
            Kind.COMPLAINT, 1, Complexity.PARTICULARLY_COMPLEX, remote=False
        )
    case = classified_case(Kind.COMPLAINT)
    with pytest.raises(RuleViolationError):
        case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR, Complexity.PARTICULARLY_COMPLEX)
    assert case.status == Status.CLASSIFIED


def test_a_particularly_complex_denunciation_is_accepted() -> None:
    """Law on Denunciations art. 30: the category exists for denunciations."""
    case = accepted_case(Kind.DENUNCIATION, Complexity.PARTICULARLY_COMPLEX)
    assert case.due_date == date(2025, 7, 2)


# ----- "limitation expired" only where a limitation exists and has passed ------------------


def test_a_denunciation_is_never_archived_as_limitation_expired() -> None:
    """Law on Denunciations: a denunciation has no filing limitation."""
    case = classified_case(Kind.DENUNCIATION)
    with pytest.raises(RuleViolationError):
        case.archive(ArchiveGrounds.LIMITATION_EXPIRED, act(ACCEPTED_ON, "too old"), None, CALENDAR)


def test_a_complaint_within_its_90_days_is_not_archived_as_expired() -> None:
    """Law on Complaints art. 9: known 25 days before receipt, well within 90 days."""
    case = classified_case(Kind.COMPLAINT)
    with pytest.raises(RuleViolationError):
        case.archive(ArchiveGrounds.LIMITATION_EXPIRED, act(ACCEPTED_ON, "late"), None, CALENDAR)


def test_a_complaint_past_its_90_days_is_archived_as_expired() -> None:
    """Law on Complaints art. 9: known 120 days before receipt."""
    known = RECEIVED_ON - timedelta(days=120)
    case = classified_case(Kind.COMPLAINT, decision_known_on=known)
    case.archive(ArchiveGrounds.LIMITATION_EXPIRED, act(ACCEPTED_ON, "120 days"), None, CALENDAR)
    assert case.status == Status.ARCHIVED


def test_an_unclassified_petition_is_not_archived_as_expired() -> None:
    with pytest.raises(InvalidTransitionError):
        received_case().archive(ArchiveGrounds.LIMITATION_EXPIRED, act(ACCEPTED_ON, "x"))


def test_a_second_instance_complaint_not_yet_running_is_not_expired() -> None:
    """Law on Complaints art. 33: no receipt of the first decision recorded, no limit running."""
    second = filed_second_instance(concluded_complaint(notified_on=None), date(2025, 10, 1))
    with pytest.raises(RuleViolationError):
        second.archive(ArchiveGrounds.LIMITATION_EXPIRED, act(date(2025, 10, 1), "x"))


# ----- a complaint found right does not uphold the decision --------------------------------


def test_a_complaint_found_right_cannot_uphold_the_contested_decision() -> None:
    """Law on Complaints art. 31(2): a complaint found right annuls or amends the decision."""
    case = accepted_case(Kind.COMPLAINT)
    with pytest.raises(InvalidOutcomeError):
        case.conclude("right", "QD-1", act(CONCLUDED_ON), EffectOnContested.UPHELD)
    assert case.status == Status.IN_PROGRESS


def test_a_complaint_found_wrong_cannot_change_the_contested_decision() -> None:
    """Law on Complaints art. 31(2): a complaint found wrong leaves the decision in force."""
    case = accepted_case(Kind.COMPLAINT)
    with pytest.raises(InvalidOutcomeError):
        case.conclude("wrong", "QD-1", act(CONCLUDED_ON), EffectOnContested.ANNULLED)


@pytest.mark.parametrize("effect", [e for e in EffectOnContested if e != EffectOnContested.UPHELD])
def test_a_complaint_found_partly_right_changes_the_contested_decision_or_act(
    effect: EffectOnContested,
) -> None:
    """Law on Complaints art. 31(2): what is found right is annulled, amended or ended."""
    case = accepted_case(Kind.COMPLAINT)
    case.conclude("partly_right", "QD-1", act(CONCLUDED_ON), effect)
    assert case.effect_on_contested == effect.value


def test_a_complaint_found_partly_right_cannot_leave_the_decision_upheld() -> None:
    """Law on Complaints art. 31(2): a complaint right in part changes what it is right about."""
    case = accepted_case(Kind.COMPLAINT)
    with pytest.raises(InvalidOutcomeError, match="partly_right"):
        case.conclude("partly_right", "QD-1", act(CONCLUDED_ON), EffectOnContested.UPHELD)


def test_an_unlawful_act_complained_of_is_ordered_to_end() -> None:
    """Law on Complaints art. 31(2): a complaint about an act found right ends the act."""
    case = accepted_case(Kind.COMPLAINT)
    case.conclude("right", "QD-1", act(CONCLUDED_ON), EffectOnContested.ACT_ENDED)
    assert case.effect_on_contested == "act_ended"


# ----- complaints about disciplinary decisions on officials (ch. IV) -----------------------


def disciplinary(days_before_receipt: int) -> Case:
    case = received_case()
    known = RECEIVED_ON - timedelta(days=days_before_receipt)
    case.classify(
        Kind.COMPLAINT,
        "discipline",
        PROVINCE,
        act(RECEIVED_ON),
        CALENDAR,
        known,
        Procedure.DISCIPLINARY,
    )
    return case


def test_a_disciplinary_complaint_is_filed_within_15_days() -> None:
    """Law on Complaints ch. IV: 15 days from receiving the disciplinary decision (verify)."""
    case = disciplinary(15)
    case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR)
    assert (case.procedure, case.due_confirmed) == (Procedure.DISCIPLINARY, False)
    # Known Thursday 8 May: the 15th day, Friday 23 May, passed before the Monday receipt.
    late = disciplinary(18)
    with pytest.raises(TimeLimitExpiredError):
        late.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR)


def test_a_second_disciplinary_complaint_is_filed_within_10_days_of_the_first_decision() -> None:
    """Law on Complaints ch. IV: 10 days from receiving the first decision (verify)."""
    for filed, allowed in ((date(2025, 6, 30), True), (date(2025, 7, 1), False)):
        first = accepted_case(Kind.COMPLAINT, agency=COMMUNE)
        first.conclude("wrong", "QD-9", act(CONCLUDED_ON, agency=COMMUNE), EffectOnContested.UPHELD)
        first.notify_citizen("hand delivery", act(CONCLUDED_ON, agency=COMMUNE))
        second = filed_second_instance(first, filed)
        second.classify(
            Kind.COMPLAINT,
            "discipline",
            PROVINCE,
            act(filed),
            CALENDAR,
            None,
            Procedure.DISCIPLINARY,
        )
        if allowed:  # Friday 20 June + 10 days = Monday 30 June
            second.accept(PROVINCE, act(filed), CALENDAR)
        else:
            with pytest.raises(TimeLimitExpiredError):
                second.accept(PROVINCE, act(filed), CALENDAR)


def test_only_a_complaint_follows_the_disciplinary_procedure() -> None:
    with pytest.raises(RuleViolationError):
        received_case().classify(
            Kind.DENUNCIATION,
            "x",
            PROVINCE,
            act(RECEIVED_ON),
            CALENDAR,
            None,
            Procedure.DISCIPLINARY,
        )
