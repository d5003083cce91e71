"""Settlement of an accepted case: officers, verification, outcomes, notice and closure."""

from datetime import date

import pytest

from domain.errors import InvalidOutcomeError, InvalidTransitionError, RuleViolationError
from domain.kinds import OUTCOMES, EffectOnContested, Kind, Status, TerminationGrounds
from tests.domain.builders import (
    ACCEPTED_ON,
    CALENDAR,
    CONCLUDED_ON,
    accepted_case,
    act,
    classified_case,
    concluded_complaint,
    received_case,
)

LATER = date(2025, 6, 25)


EFFECT_OF = {
    "right": EffectOnContested.ANNULLED,
    "partly_right": EffectOnContested.AMENDED,
    "wrong": EffectOnContested.UPHELD,
}


def effect_for(kind: Kind, outcome: str = "partly_right") -> EffectOnContested | None:
    return EFFECT_OF.get(outcome, EffectOnContested.AMENDED) if kind == Kind.COMPLAINT else None


def test_an_officer_is_put_in_charge_of_an_accepted_case() -> None:
    case = accepted_case()
    case.assign("officer-7", act(ACCEPTED_ON))
    assert case.officer_id == "officer-7"


def test_an_officer_cannot_be_assigned_before_acceptance() -> None:
    with pytest.raises(InvalidTransitionError):
        classified_case().assign("officer-7", act(ACCEPTED_ON))


def test_an_assignment_must_name_the_officer() -> None:
    with pytest.raises(RuleViolationError):
        accepted_case().assign("  ", act(ACCEPTED_ON))


def test_verification_steps_are_counted() -> None:
    case = accepted_case()
    case.record_verification("site visit", "the fence is 2 m inside the plot", act(LATER))
    case.record_verification("dialogue", "parties heard", act(LATER))
    assert case.verification_steps == 2


def test_a_verification_must_name_its_step() -> None:
    with pytest.raises(RuleViolationError):
        accepted_case().record_verification("", "findings", act(LATER))


def test_overlong_findings_are_refused() -> None:
    with pytest.raises(RuleViolationError):
        accepted_case().record_verification("site visit", "x" * 20_001, act(LATER))


def test_a_petition_not_yet_accepted_cannot_be_verified() -> None:
    with pytest.raises(InvalidTransitionError):
        classified_case().record_verification("site visit", "", act(LATER))


@pytest.mark.parametrize(
    ("kind", "outcome"), [(kind, outcome) for kind in Kind for outcome in sorted(OUTCOMES[kind])]
)
def test_a_case_ends_with_an_outcome_of_its_kind(kind: Kind, outcome: str) -> None:
    case = accepted_case(kind)
    case.conclude(outcome, "KL-5/2025", act(CONCLUDED_ON), effect_for(kind, outcome))
    assert (case.status, case.outcome, case.concluded_on) == (
        Status.CONCLUDED,
        outcome,
        CONCLUDED_ON,
    )


@pytest.mark.parametrize(
    ("kind", "outcome"),
    [
        (Kind.COMPLAINT, "true"),
        (Kind.DENUNCIATION, "right"),
        (Kind.RECOMMENDATION, "partly_true"),
        (Kind.REFLECTION, "wrong"),
    ],
)
def test_an_outcome_of_another_kind_is_refused(kind: Kind, outcome: str) -> None:
    with pytest.raises(InvalidOutcomeError):
        accepted_case(kind).conclude(outcome, "KL-5/2025", act(CONCLUDED_ON), effect_for(kind))


def test_a_complaint_decision_says_what_it_does_to_the_contested_decision() -> None:
    with pytest.raises(InvalidOutcomeError):
        accepted_case(Kind.COMPLAINT).conclude("right", "QD-1", act(CONCLUDED_ON))


def test_a_complaint_decision_keeps_its_effect_on_the_contested_decision() -> None:
    case = accepted_case(Kind.COMPLAINT)
    case.conclude("partly_right", "QD-1", act(CONCLUDED_ON), EffectOnContested.AMENDED)
    assert case.effect_on_contested == "amended"


def test_a_denunciation_conclusion_has_no_effect_on_a_contested_decision() -> None:
    case = accepted_case(Kind.DENUNCIATION)
    with pytest.raises(InvalidOutcomeError):
        case.conclude("true", "KL-1", act(CONCLUDED_ON), EffectOnContested.ANNULLED)


def test_a_conclusion_must_cite_its_decision() -> None:
    with pytest.raises(RuleViolationError):
        accepted_case().conclude("right", " ", act(CONCLUDED_ON), EffectOnContested.UPHELD)


def test_an_unclassified_petition_cannot_be_concluded() -> None:
    with pytest.raises(InvalidTransitionError):
        received_case().conclude("right", "QD-1", act(CONCLUDED_ON), EffectOnContested.UPHELD)


def test_a_classified_petition_cannot_be_concluded_before_acceptance() -> None:
    with pytest.raises(InvalidTransitionError):
        classified_case().conclude("right", "QD-1", act(CONCLUDED_ON), EffectOnContested.UPHELD)


def test_a_concluded_case_cannot_be_concluded_again() -> None:
    with pytest.raises(InvalidTransitionError):
        concluded_complaint().conclude("right", "QD-2", act(LATER), EffectOnContested.UPHELD)


def test_the_citizen_is_notified_of_the_result() -> None:
    case = concluded_complaint(notified_on=None)
    case.notify_citizen("registered post", act(LATER))
    assert case.notified_on == LATER


def test_the_citizen_is_notified_only_once() -> None:
    case = concluded_complaint(notified_on=None)
    case.notify_citizen("registered post", act(LATER))
    with pytest.raises(InvalidTransitionError):
        case.notify_citizen("e-mail", act(LATER))


def test_a_notice_must_say_how_it_was_given() -> None:
    with pytest.raises(RuleViolationError):
        concluded_complaint(notified_on=None).notify_citizen("", act(LATER))


def test_the_citizen_is_not_notified_before_the_conclusion() -> None:
    with pytest.raises(InvalidTransitionError):
        accepted_case().notify_citizen("registered post", act(LATER))


def test_a_decision_is_published() -> None:
    case = concluded_complaint()
    case.publish_decision("provincial portal", act(LATER))
    assert case.published_on == LATER


def test_a_decision_is_published_only_once() -> None:
    case = concluded_complaint()
    case.publish_decision("provincial portal", act(LATER))
    with pytest.raises(InvalidTransitionError):
        case.publish_decision("notice board", act(LATER))


def test_a_decision_is_not_published_before_the_conclusion() -> None:
    with pytest.raises(InvalidTransitionError):
        accepted_case().publish_decision("provincial portal", act(LATER))


# ----- withdrawal and termination ----------------------------------------------------------


def test_a_withdrawn_complaint_is_closed() -> None:
    case = accepted_case(Kind.COMPLAINT)
    case.withdraw(act(LATER, "letter of withdrawal"))
    assert (case.status, case.is_final) == (Status.WITHDRAWN, True)


def test_a_partial_withdrawal_leaves_the_case_open() -> None:
    case = accepted_case(Kind.COMPLAINT)
    case.withdraw(act(LATER), partial=True)
    assert case.status == Status.IN_PROGRESS


def test_a_withdrawn_denunciation_may_proceed_when_violation_is_suspected() -> None:
    case = accepted_case(Kind.DENUNCIATION)
    case.withdraw(act(LATER), proceeds=True)
    assert case.status == Status.IN_PROGRESS


def test_a_withdrawn_complaint_cannot_proceed() -> None:
    with pytest.raises(RuleViolationError):
        accepted_case(Kind.COMPLAINT).withdraw(act(LATER), proceeds=True)


def test_a_petition_may_be_withdrawn_before_classification() -> None:
    case = received_case()
    case.withdraw(act(LATER))
    assert case.status == Status.WITHDRAWN


def test_a_concluded_case_cannot_be_withdrawn() -> None:
    with pytest.raises(InvalidTransitionError):
        concluded_complaint().withdraw(act(LATER))


def test_a_withdrawn_case_cannot_be_withdrawn_again() -> None:
    case = accepted_case()
    case.withdraw(act(LATER))
    with pytest.raises(InvalidTransitionError):
        case.withdraw(act(LATER))


def test_a_case_is_terminated_on_a_legal_ground() -> None:
    case = accepted_case(Kind.DENUNCIATION)
    case.terminate(TerminationGrounds.DENOUNCED_DIED, act(LATER, "death certificate 12/2025"))
    assert (case.status, case.is_final) == (Status.TERMINATED, True)


def test_a_suspended_case_can_be_terminated() -> None:
    case = accepted_case()
    case.suspend(act(LATER, "awaiting court"), CALENDAR)
    case.terminate(TerminationGrounds.SETTLED_BY_JUDGMENT, act(LATER, "judgment 3/2025"))
    assert case.status == Status.TERMINATED


def test_a_termination_needs_a_reason() -> None:
    with pytest.raises(RuleViolationError):
        accepted_case().terminate(TerminationGrounds.COMPLAINANT_DIED, act(LATER))


def test_a_petition_not_yet_accepted_cannot_be_terminated() -> None:
    with pytest.raises(InvalidTransitionError):
        classified_case().terminate(TerminationGrounds.OTHER_LEGAL_GROUND, act(LATER, "x"))


def test_a_failed_command_triggers_no_event() -> None:
    case = accepted_case()
    version = case.version
    with pytest.raises(InvalidTransitionError):
        case.notify_citizen("post", act(LATER))
    assert (case.version, len(case.collect_events())) == (version, version)


def test_an_open_case_is_not_final() -> None:
    assert not accepted_case().is_final
