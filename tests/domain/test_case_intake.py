"""Receipt, classification, archiving, guidance, referral and acceptance of a petition."""

from datetime import date
from uuid import uuid4

import pytest

from domain.act import Act
from domain.case import Case
from domain.errors import ChronologyError, InvalidTransitionError, RuleViolationError
from domain.kinds import ArchiveGrounds, Channel, Kind, Status
from tests.domain.builders import (
    ACCEPTED_ON,
    CALENDAR,
    CLASSIFIED_ON,
    COMMUNE,
    OTHER_COMMUNE,
    PROVINCE,
    RECEIVED_ON,
    accepted_case,
    act,
    classified_case,
    petition,
    received_case,
)


def test_a_received_petition_is_not_yet_classified() -> None:
    case = received_case()
    assert (case.status, case.kind, case.received_on) == (Status.RECEIVED, None, RECEIVED_ON)


def test_a_received_petition_is_handled_within_10_working_days() -> None:
    # Monday 26 May 2025 + 10 working days = Monday 9 June.
    assert received_case().handling_due_date == date(2025, 6, 9)


def test_a_petition_without_a_summary_is_refused() -> None:
    with pytest.raises(RuleViolationError):
        Case.receive(petition(summary="   "), PROVINCE, act(RECEIVED_ON), CALENDAR)


def test_a_petition_with_an_overlong_summary_is_refused() -> None:
    with pytest.raises(RuleViolationError):
        Case.receive(petition(summary="x" * 20_001), PROVINCE, act(RECEIVED_ON), CALENDAR)


def test_a_petition_needs_at_least_one_petitioner() -> None:
    with pytest.raises(RuleViolationError):
        Case.receive(petition(petitioner_count=0), PROVINCE, act(RECEIVED_ON), CALENDAR)


def test_a_petition_needs_a_reference_code() -> None:
    with pytest.raises(RuleViolationError):
        Case.receive(petition(reference_code=""), PROVINCE, act(RECEIVED_ON), CALENDAR)


def test_only_a_petition_received_at_a_reception_meeting_has_a_meeting() -> None:
    with pytest.raises(RuleViolationError):
        Case.receive(petition(meeting_id=uuid4()), PROVINCE, act(RECEIVED_ON), CALENDAR)


def test_a_petition_received_at_a_reception_meeting_keeps_the_meeting() -> None:
    meeting_id = uuid4()
    received = petition(channel=Channel.RECEPTION, meeting_id=meeting_id)
    case = Case.receive(received, PROVINCE, act(RECEIVED_ON), CALENDAR)
    assert case.meeting_id == meeting_id


def test_a_petition_without_an_identity_is_anonymous() -> None:
    assert received_case(anonymous=True).anonymous


def test_classification_decides_the_kind_and_the_competent_agency() -> None:
    case = classified_case(Kind.DENUNCIATION, competent=COMMUNE)
    assert (case.status, case.kind, case.competent_agency_id) == (
        Status.CLASSIFIED,
        Kind.DENUNCIATION,
        COMMUNE.id,
    )


def test_a_classified_complaint_is_accepted_or_refused_within_10_days_of_receipt() -> None:
    # 26 May + 10 calendar days = Thursday 5 June 2025.
    assert classified_case(Kind.COMPLAINT).handling_due_date == date(2025, 6, 5)


def test_a_classified_denunciation_is_checked_within_7_working_days_of_receipt() -> None:
    # Monday 26 May + 7 working days = Wednesday 4 June 2025.
    assert classified_case(Kind.DENUNCIATION).handling_due_date == date(2025, 6, 4)


@pytest.mark.parametrize("kind", [Kind.RECOMMENDATION, Kind.REFLECTION])
def test_a_classified_recommendation_is_handled_within_10_working_days(kind: Kind) -> None:
    assert classified_case(kind).handling_due_date == date(2025, 6, 9)


def test_a_petition_received_above_the_competent_level_is_beyond_competence() -> None:
    case = classified_case(Kind.COMPLAINT, competent=COMMUNE)
    (event,) = [e for e in case.collect_events() if isinstance(e, Case.Classified)]
    assert event.beyond_competence


def test_a_petition_received_at_the_competent_level_is_not_beyond_competence() -> None:
    case = classified_case(Kind.COMPLAINT, competent=PROVINCE)
    (event,) = [e for e in case.collect_events() if isinstance(e, Case.Classified)]
    assert not event.beyond_competence


def test_a_classification_may_be_corrected_before_acceptance() -> None:
    case = classified_case(Kind.RECOMMENDATION)
    case.classify(Kind.REFLECTION, "land", PROVINCE, act(CLASSIFIED_ON), CALENDAR)
    assert case.kind == Kind.REFLECTION


def test_an_accepted_case_cannot_be_classified_again() -> None:
    case = accepted_case()
    with pytest.raises(InvalidTransitionError):
        case.classify(Kind.REFLECTION, "land", PROVINCE, act(ACCEPTED_ON), CALENDAR)


def test_a_decision_known_after_the_petition_was_received_is_refused() -> None:
    case = received_case()
    with pytest.raises(RuleViolationError):
        case.classify(
            Kind.COMPLAINT, "land", PROVINCE, act(CLASSIFIED_ON), CALENDAR, date(2025, 5, 27)
        )


def test_an_act_dated_before_the_previous_act_is_refused() -> None:
    case = received_case()
    with pytest.raises(ChronologyError):
        case.classify(Kind.REFLECTION, "land", PROVINCE, act(date(2025, 5, 25)), CALENDAR)


def test_an_act_dated_on_the_day_of_the_previous_act_is_allowed() -> None:
    case = received_case()
    case.classify(Kind.REFLECTION, "land", PROVINCE, act(RECEIVED_ON), CALENDAR)
    assert case.last_act_on == RECEIVED_ON


def test_an_act_requiring_a_reason_refuses_a_blank_reason() -> None:
    with pytest.raises(RuleViolationError):
        Act("officer-1", PROVINCE.id, RECEIVED_ON, reason="  ").require_reason()


def test_an_overlong_field_label_is_refused() -> None:
    case = received_case()
    with pytest.raises(RuleViolationError):
        case.classify(Kind.REFLECTION, "x" * 501, PROVINCE, act(CLASSIFIED_ON), CALENDAR)


def test_an_ineligible_petition_is_archived_with_a_reason() -> None:
    case = received_case()
    case.archive(ArchiveGrounds.INELIGIBLE, act(CLASSIFIED_ON, "no signature"))
    assert case.status == Status.ARCHIVED


def test_archiving_without_a_reason_is_refused() -> None:
    with pytest.raises(RuleViolationError):
        received_case().archive(ArchiveGrounds.INELIGIBLE, act(CLASSIFIED_ON))


def test_a_duplicate_is_archived_with_the_petition_it_duplicates() -> None:
    case = received_case()
    original = uuid4()
    case.archive(ArchiveGrounds.DUPLICATE, act(CLASSIFIED_ON, "sent twice"), duplicate_of=original)
    (event,) = [e for e in case.collect_events() if isinstance(e, Case.Archived)]
    assert event.duplicate_of == original


def test_a_duplicate_without_the_petition_it_duplicates_is_refused() -> None:
    with pytest.raises(RuleViolationError):
        received_case().archive(ArchiveGrounds.DUPLICATE, act(CLASSIFIED_ON, "sent twice"))


def test_a_petition_archived_on_other_grounds_cannot_name_a_duplicate() -> None:
    with pytest.raises(RuleViolationError):
        received_case().archive(
            ArchiveGrounds.ANONYMOUS, act(CLASSIFIED_ON, "unsigned"), duplicate_of=uuid4()
        )


def test_a_petition_cannot_duplicate_itself() -> None:
    case = received_case()
    with pytest.raises(RuleViolationError):
        case.archive(ArchiveGrounds.DUPLICATE, act(CLASSIFIED_ON, "same"), duplicate_of=case.id)


def test_an_accepted_case_cannot_be_archived() -> None:
    with pytest.raises(InvalidTransitionError):
        accepted_case().archive(ArchiveGrounds.INELIGIBLE, act(ACCEPTED_ON, "late"))


def test_an_archived_petition_cannot_be_classified() -> None:
    case = received_case()
    case.archive(ArchiveGrounds.NOT_A_PETITION, act(CLASSIFIED_ON, "a greeting card"))
    with pytest.raises(InvalidTransitionError):
        case.classify(Kind.REFLECTION, "land", PROVINCE, act(CLASSIFIED_ON), CALENDAR)


def test_a_guided_citizen_is_told_which_body_to_address() -> None:
    case = classified_case(Kind.RECOMMENDATION)
    case.guide("Provincial Court", act(CLASSIFIED_ON))
    assert case.status == Status.GUIDED


def test_guidance_must_name_a_body() -> None:
    with pytest.raises(RuleViolationError):
        classified_case(Kind.RECOMMENDATION).guide(" ", act(CLASSIFIED_ON))


def test_an_unclassified_petition_cannot_be_guided() -> None:
    with pytest.raises(InvalidTransitionError):
        received_case().guide("Provincial Court", act(CLASSIFIED_ON))


def test_a_referred_petition_moves_to_the_other_agency() -> None:
    case = classified_case(Kind.COMPLAINT, competent=COMMUNE)
    case.refer(COMMUNE, act(CLASSIFIED_ON))
    assert (case.status, case.handling_agency_id, case.handling_level) == (
        Status.REFERRED,
        COMMUNE.id,
        "commune",
    )


def test_a_referral_above_the_competent_agency_is_beyond_competence() -> None:
    case = Case.receive(petition(), COMMUNE, act(RECEIVED_ON, agency=COMMUNE), CALENDAR)
    case.classify(Kind.COMPLAINT, "land", OTHER_COMMUNE, act(CLASSIFIED_ON), CALENDAR)
    case.refer(PROVINCE, act(CLASSIFIED_ON))
    (event,) = [e for e in case.collect_events() if isinstance(e, Case.Referred)]
    assert event.beyond_competence


def test_a_petition_cannot_be_referred_to_the_agency_holding_it() -> None:
    with pytest.raises(RuleViolationError):
        classified_case().refer(PROVINCE, act(CLASSIFIED_ON))


def test_an_unclassified_petition_cannot_be_referred() -> None:
    with pytest.raises(InvalidTransitionError):
        received_case().refer(COMMUNE, act(CLASSIFIED_ON))


def test_a_referred_petition_is_accepted_by_the_agency_it_was_referred_to() -> None:
    case = classified_case(Kind.COMPLAINT, competent=COMMUNE)
    case.refer(COMMUNE, act(CLASSIFIED_ON))
    case.accept(COMMUNE, act(ACCEPTED_ON, agency=COMMUNE), CALENDAR)
    assert (case.status, case.handling_agency_id) == (Status.IN_PROGRESS, COMMUNE.id)


def test_only_the_agency_holding_the_petition_can_accept_it() -> None:
    with pytest.raises(RuleViolationError):
        classified_case().accept(COMMUNE, act(ACCEPTED_ON, agency=COMMUNE), CALENDAR)


def test_an_unclassified_petition_cannot_be_accepted() -> None:
    with pytest.raises(InvalidTransitionError):
        received_case().accept(PROVINCE, act(ACCEPTED_ON), CALENDAR)


def test_an_accepted_case_cannot_be_accepted_again() -> None:
    with pytest.raises(InvalidTransitionError):
        accepted_case().accept(PROVINCE, act(ACCEPTED_ON), CALENDAR)


def test_an_anonymous_denunciation_cannot_be_accepted() -> None:
    case = classified_case(Kind.DENUNCIATION, anonymous=True)
    with pytest.raises(RuleViolationError, match="anonymous"):
        case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR)


def test_a_signed_denunciation_can_be_accepted() -> None:
    assert accepted_case(Kind.DENUNCIATION).status == Status.IN_PROGRESS


def test_an_acceptance_records_the_rule_book_in_force() -> None:
    assert accepted_case().rulebook_version == "VN-2020.2"
