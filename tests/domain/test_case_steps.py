"""The steps issue 8 adds: notices, the extended check, transfer and enforcement limits,
further denunciations, inspection of anonymous denunciations, kind correction and splits."""

from datetime import date

import pytest

from domain.case import Case
from domain.errors import InvalidTransitionError, RuleViolationError
from domain.kinds import ArchiveGrounds, Kind, Status
from tests.domain.builders import (
    ACCEPTED_ON,
    CALENDAR,
    COMMUNE,
    CONCLUDED_ON,
    OTHER_COMMUNE,
    PROVINCE,
    RECEIVED_ON,
    accepted_case,
    act,
    classified_case,
    concluded_complaint,
    filed_second_instance,
    petition,
)


def items(case: Case) -> dict[str, tuple[date, bool, date | None]]:
    return {i.name: (i.due_date, i.confirmed, i.done_on) for i in case.deadline_items()}


# ----- notices of acceptance and of refusal ------------------------------------------------


def test_a_denunciation_acceptance_is_notified_within_5_working_days() -> None:
    """Law on Denunciations art. 29: notice within 5 working days of the acceptance decision."""
    case = accepted_case(Kind.DENUNCIATION)  # accepted Monday 2 June 2025
    assert items(case)["acceptance_notice"] == (date(2025, 6, 9), True, None)
    case.notify_acceptance("registered post", act(date(2025, 6, 4)))
    assert items(case)["acceptance_notice"][2] == date(2025, 6, 4)
    assert not any(i.overdue(date(2025, 7, 1)) for i in case.deadline_items()[1:])


def test_a_complaint_acceptance_is_notified_once() -> None:
    """Law on Complaints art. 27: the acceptance is notified in writing."""
    case = accepted_case(Kind.COMPLAINT)
    case.notify_acceptance("registered post", act(ACCEPTED_ON))
    assert case.acceptance_notified_on == ACCEPTED_ON
    with pytest.raises(InvalidTransitionError):
        case.notify_acceptance("e-mail", act(ACCEPTED_ON))


def test_an_acceptance_is_not_notified_before_it_happens() -> None:
    with pytest.raises(InvalidTransitionError):
        classified_case().notify_acceptance("registered post", act(ACCEPTED_ON))


def test_a_refusal_to_accept_is_notified_with_its_reasons() -> None:
    """Law on Complaints art. 27: a petition not accepted is answered with the reasons."""
    case = classified_case()
    case.archive(ArchiveGrounds.INELIGIBLE, act(ACCEPTED_ON, "not signed"))
    case.notify_refusal("registered post", act(ACCEPTED_ON, "the letter is not signed"))
    assert (case.status, case.refusal_notified_on) == (Status.ARCHIVED, ACCEPTED_ON)


def test_a_refusal_notice_needs_its_reasons_and_an_archived_petition() -> None:
    case = classified_case()
    with pytest.raises(InvalidTransitionError):
        case.notify_refusal("post", act(ACCEPTED_ON, "why"))
    case.archive(ArchiveGrounds.INELIGIBLE, act(ACCEPTED_ON, "not signed"))
    with pytest.raises(RuleViolationError):
        case.notify_refusal("post", act(ACCEPTED_ON))


def test_an_anonymous_petitioner_gets_no_refusal_notice() -> None:
    case = classified_case(anonymous=True)
    case.archive(ArchiveGrounds.ANONYMOUS, act(ACCEPTED_ON, "no name"))
    with pytest.raises(RuleViolationError):
        case.notify_refusal("post", act(ACCEPTED_ON, "no name"))


# ----- the check of a denunciation, and its transfer ---------------------------------------


def test_a_denunciation_check_is_extended_from_7_to_10_working_days() -> None:
    """Law on Denunciations art. 24(1): up to 10 working days for checks at several places."""
    case = classified_case(Kind.DENUNCIATION)  # received Monday 26 May 2025
    assert case.handling_due_date == date(2025, 6, 4)
    case.extend_check(act(date(2025, 5, 30), "witnesses in three communes"), CALENDAR)
    assert (case.handling_due_date, case.handling_limit_days) == (date(2025, 6, 9), 10)
    with pytest.raises(InvalidTransitionError):
        case.extend_check(act(date(2025, 6, 2), "once more"), CALENDAR)


@pytest.mark.parametrize("kind", [Kind.COMPLAINT, Kind.RECOMMENDATION])
def test_only_a_denunciation_check_is_extended(kind: Kind) -> None:
    with pytest.raises(RuleViolationError):
        classified_case(kind).extend_check(act(date(2025, 5, 30), "why"), CALENDAR)


def test_a_check_extension_needs_a_reason() -> None:
    with pytest.raises(RuleViolationError):
        classified_case(Kind.DENUNCIATION).extend_check(act(date(2025, 5, 30)), CALENDAR)


def test_a_denunciation_for_another_agency_is_transferred_within_5_working_days() -> None:
    """Law on Denunciations art. 24(2): transfer to the competent body in 5 working days."""
    case = classified_case(Kind.DENUNCIATION, competent=COMMUNE)  # received Monday 26 May
    assert items(case)["transfer"] == (date(2025, 6, 2), True, None)
    with pytest.raises(RuleViolationError):
        case.extend_check(act(date(2025, 5, 30), "several places"), CALENDAR)
    case.refer(COMMUNE, act(date(2025, 5, 30)), CALENDAR)
    assert "transfer" not in items(case)


# ----- enforcement and publication (a deadline item each) ----------------------------------


def test_a_complaint_decision_is_due_for_publication_within_15_days() -> None:
    """Decree 124/2020/ND-CP art. 31: publication within 15 days of the decision."""
    case = concluded_complaint()  # decided Friday 20 June; 5 July is a Saturday
    assert items(case)["publication"] == (date(2025, 7, 7), True, None)
    case.publish_decision("provincial portal", act(date(2025, 7, 1)))
    assert items(case)["publication"][2] == date(2025, 7, 1)


def test_enforcement_is_due_5_working_days_after_the_decision_takes_effect() -> None:
    """Enforcement within 5 working days of the decision in force (art. 44: 30 days on)."""
    # Decided 20 June; in force Sunday 20 July (art. 148 moves a limit's end, not the day a
    # decision takes effect); 5 working days: 21-25 July.
    case = concluded_complaint()
    assert items(case)["enforcement"] == (date(2025, 7, 25), False, None)
    case.start_enforcement(act(date(2025, 7, 22)))
    assert items(case)["enforcement"][2] == date(2025, 7, 22)
    with pytest.raises(InvalidTransitionError):
        case.start_enforcement(act(date(2025, 7, 23)))


def test_a_decision_complained_of_again_is_not_enforced() -> None:
    first = concluded_complaint()
    filed_second_instance(first, date(2025, 7, 1))
    assert "enforcement" not in items(first)
    with pytest.raises(InvalidTransitionError):
        first.start_enforcement(act(date(2025, 7, 2)))


def test_a_denunciation_conclusion_has_no_enforcement_item() -> None:
    case = accepted_case(Kind.DENUNCIATION)
    case.conclude("false", "KL-1", act(CONCLUDED_ON))
    with pytest.raises(RuleViolationError):
        case.start_enforcement(act(CONCLUDED_ON))


# ----- further denunciation to the superior (Law on Denunciations art. 37) -----------------


def overdue_denunciation() -> Case:
    """Accepted by the commune on Monday 2 June 2025, due Wednesday 2 July, never settled."""
    return accepted_case(Kind.DENUNCIATION, agency=COMMUNE)


def further(first: Case, on: date, superior: object = PROVINCE) -> Case:
    return Case.file_further_denunciation(
        first,
        petition(reference_code="PA-2025-TEST-CODE-03"),
        superior,  # type: ignore[arg-type]
        act(on),
        CALENDAR,
    )


def test_an_overdue_denunciation_is_taken_further_to_the_superior_who_settles_it() -> None:
    """Law on Denunciations art. 37: the superior settles a denunciation left overdue."""
    first = overdue_denunciation()
    second = further(first, date(2025, 7, 10))  # Thursday
    first.record_further_denunciation(second.id, act(date(2025, 7, 10)))
    assert (second.further_of_case_id, first.further_case_id) == (first.id, second.id)
    # The superior demands a report within 5 working days, then settles it itself.
    assert second.handling_due_date == date(2025, 7, 17)
    with pytest.raises(RuleViolationError):
        second.classify(Kind.COMPLAINT, "land", PROVINCE, act(date(2025, 7, 11)), CALENDAR)
    second.classify(Kind.DENUNCIATION, "land", PROVINCE, act(date(2025, 7, 11)), CALENDAR)
    assert second.handling_due_date == date(2025, 7, 17)
    second.accept(PROVINCE, act(date(2025, 7, 14)), CALENDAR)
    second.conclude("true", "KL-7", act(date(2025, 8, 1)))
    assert second.status == Status.CONCLUDED


def test_a_wrongly_settled_denunciation_is_taken_further() -> None:
    """Law on Denunciations art. 37: or when the denouncer holds the settlement unlawful."""
    first = overdue_denunciation()
    first.conclude("false", "KL-1", act(CONCLUDED_ON, agency=COMMUNE))
    assert further(first, date(2025, 6, 25)).further_of_case_id == first.id


def test_a_denunciation_within_its_limit_is_not_taken_further() -> None:
    with pytest.raises(InvalidTransitionError):
        further(overdue_denunciation(), date(2025, 7, 1))


def test_a_further_denunciation_goes_to_the_direct_superior_only() -> None:
    with pytest.raises(RuleViolationError):
        further(overdue_denunciation(), date(2025, 7, 10), OTHER_COMMUNE)


def test_a_complaint_is_not_taken_further_as_a_denunciation() -> None:
    with pytest.raises(RuleViolationError):
        further(accepted_case(Kind.COMPLAINT, agency=COMMUNE), date(2025, 7, 10))


# ----- anonymous denunciations with concrete evidence (Law on Denunciations art. 25) -------


def test_an_anonymous_denunciation_with_evidence_is_forwarded_for_inspection() -> None:
    """Law on Denunciations art. 25: inspected, not only archived."""
    case = classified_case(Kind.DENUNCIATION, anonymous=True)
    case.forward_for_inspection(PROVINCE, act(ACCEPTED_ON, "names the official; invoices"))
    (*_, forwarded) = case.collect_events()
    assert case.status == Status.ARCHIVED
    assert (forwarded.grounds, forwarded.inspection_agency_id) == ("anonymous", PROVINCE.id)  # type: ignore[attr-defined]


def test_only_an_anonymous_denunciation_is_forwarded_for_inspection() -> None:
    with pytest.raises(RuleViolationError):
        classified_case(Kind.DENUNCIATION).forward_for_inspection(PROVINCE, act(ACCEPTED_ON, "x"))
    with pytest.raises(RuleViolationError):
        classified_case(Kind.COMPLAINT, anonymous=True).forward_for_inspection(
            PROVINCE, act(ACCEPTED_ON, "x")
        )


def test_forwarding_for_inspection_states_the_evidence() -> None:
    case = classified_case(Kind.DENUNCIATION, anonymous=True)
    with pytest.raises(RuleViolationError):
        case.forward_for_inspection(PROVINCE, act(ACCEPTED_ON))


# ----- correcting the kind, splitting a mixed petition -------------------------------------


def test_an_accepted_complaint_is_corrected_to_a_denunciation_with_a_reason() -> None:
    """Law on Denunciations art. 30: the corrected kind's 30 days run from acceptance."""
    case = accepted_case(Kind.COMPLAINT)
    case.correct_kind(Kind.DENUNCIATION, act(date(2025, 6, 10), "it accuses an official"), CALENDAR)
    assert (case.kind, case.due_date, case.due_confirmed) == (
        Kind.DENUNCIATION,
        date(2025, 7, 2),
        True,
    )
    case.conclude("true", "KL-2", act(CONCLUDED_ON))
    assert case.outcome == "true"


def test_a_corrected_kind_without_a_statutory_limit_says_so() -> None:
    case = accepted_case(Kind.COMPLAINT)
    case.correct_kind(Kind.RECOMMENDATION, act(date(2025, 6, 10), "a proposal"), CALENDAR)
    assert case.due_confirmed is False


def test_a_kind_correction_needs_a_reason_and_another_kind() -> None:
    case = accepted_case(Kind.COMPLAINT)
    with pytest.raises(RuleViolationError):
        case.correct_kind(Kind.DENUNCIATION, act(date(2025, 6, 10)), CALENDAR)
    with pytest.raises(RuleViolationError):
        case.correct_kind(Kind.COMPLAINT, act(date(2025, 6, 10), "same"), CALENDAR)


def test_a_second_instance_complaint_keeps_its_kind() -> None:
    second = filed_second_instance(concluded_complaint(), date(2025, 7, 1))
    second.accept(PROVINCE, act(date(2025, 7, 1)), CALENDAR)
    with pytest.raises(RuleViolationError):
        second.correct_kind(Kind.DENUNCIATION, act(date(2025, 7, 2), "why"), CALENDAR)


def test_a_mixed_petition_splits_off_a_part_of_another_kind() -> None:
    """Circular 05/2021/TT-TTCP: each content of a mixed letter follows its own procedure."""
    original = accepted_case(Kind.COMPLAINT)
    split_on = date(2025, 6, 10)  # Tuesday
    part = Case.split_part(
        original,
        petition(summary="The chairman took a bribe", reference_code="PA-2025-TEST-CODE-04"),
        PROVINCE,
        act(split_on, "the letter also denounces the chairman"),
        CALENDAR,
    )
    original.record_split(part.id, Kind.DENUNCIATION, "bribe", act(split_on, "mixed letter"))
    assert (part.received_on, part.handling_start, part.split_from_case_id) == (
        RECEIVED_ON,
        split_on,
        original.id,
    )
    assert part.handling_due_date == date(2025, 6, 24)  # 10 working days from the split
    assert original.part_case_ids == [part.id]
    part.classify(Kind.DENUNCIATION, "bribery", PROVINCE, act(split_on), CALENDAR)
    assert part.handling_due_date == date(2025, 6, 19)  # the 7-working-day check


def test_a_part_split_off_is_of_another_kind_and_has_a_reason() -> None:
    original = accepted_case(Kind.COMPLAINT)
    with pytest.raises(RuleViolationError):
        original.record_split(original.id, Kind.COMPLAINT, "x", act(date(2025, 6, 10), "why"))
    with pytest.raises(RuleViolationError):
        original.record_split(original.id, Kind.DENUNCIATION, "x", act(date(2025, 6, 10)))
