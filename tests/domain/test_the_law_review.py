"""The legal review of issue 8's model (D1-D14 and the doubtful points), in the pure domain.

Each test names its legal source; "(verify)" marks a point kept as configuration.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from uuid import UUID

import pytest

from domain.calendar import DayType
from domain.case import AgencyRef, Case
from domain.errors import (
    ChronologyError,
    ExtensionNotAllowedError,
    InvalidTransitionError,
    RuleViolationError,
    TimeLimitExpiredError,
)
from domain.kinds import (
    ArchiveGrounds,
    Complexity,
    DueDateClock,
    EffectOnContested,
    Kind,
    Procedure,
    ReexaminationGrounds,
    Status,
)
from domain.rules import RULEBOOK_2020, RULEBOOK_2020_1, ResolutionKey, RuleBooks, TimeLimit
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
    classified_case,
    concluded_complaint,
    petition,
    received_case,
)

GROUNDS = ReexaminationGrounds.VIOLATION_OF_LAW
MINISTRY = AgencyRef(UUID(int=40), [UUID(int=40)], "central", "ministry", "BNNMT")
TRANSPORT_MINISTRY = AgencyRef(UUID(int=41), [UUID(int=41)], "central", "ministry", "BXD")
HOME_AFFAIRS = AgencyRef(UUID(int=42), [UUID(int=42)], "central", "ministry", "BNV")
OLD_RESOURCES_MINISTRY = AgencyRef(UUID(int=43), [UUID(int=43)], "central", "ministry", "BTNMT")
GOVERNMENT_INSPECTORATE = AgencyRef(UUID(int=44), [UUID(int=44)], "central", "inspectorate")
DISTRICT = AgencyRef(UUID(int=5), [PROVINCE.id, UUID(int=5)], "district")
DISTRICT_COMMUNE = AgencyRef(UUID(int=6), [PROVINCE.id, DISTRICT.id, UUID(int=6)], "commune")
RECEPTION_OFFICE = AgencyRef(
    UUID(int=7), [PROVINCE.id, UUID(int=7)], "province", "reception_office"
)


def decided(
    agency: AgencyRef = COMMUNE,
    field: str = "land",
    procedure: Procedure = Procedure.ADMINISTRATIVE,
    notified_on: date | None = CONCLUDED_ON,
) -> Case:
    """A first-instance complaint decided by `agency` on 20 June 2025."""
    case = Case.receive(petition(), agency, act(RECEIVED_ON, agency=agency), CALENDAR)
    case.classify(
        Kind.COMPLAINT,
        field,
        agency,
        act(RECEIVED_ON, agency=agency),
        CALENDAR,
        RECEIVED_ON - timedelta(days=5),
        procedure,
    )
    case.accept(agency, act(ACCEPTED_ON, agency=agency), CALENDAR)
    case.conclude("wrong", "QD-1", act(CONCLUDED_ON, agency=agency), EffectOnContested.UPHELD)
    if notified_on:
        case.notify_citizen("post", act(notified_on, agency=agency))
    return case


def decided_in_2024(agency: AgencyRef) -> Case:
    """A land complaint decided by `agency` on 20 May 2024 and notified that day."""
    case = Case.receive(petition(), agency, act(date(2024, 5, 2), agency=agency), CALENDAR)
    on = act(date(2024, 5, 2), agency=agency)
    case.classify(Kind.COMPLAINT, "land", agency, on, CALENDAR, date(2024, 5, 1))
    case.accept(agency, act(date(2024, 5, 3), agency=agency), CALENDAR)
    decided_on = act(date(2024, 5, 20), agency=agency)
    case.conclude("wrong", "QD", decided_on, EffectOnContested.UPHELD)
    case.notify_citizen("post", decided_on)
    return case


def second_to(first: Case, body: AgencyRef, chain: list[AgencyRef], on: date) -> Case:
    return Case.file_second_instance(
        first,
        petition(reference_code="PA-2025-TEST-CODE-02"),
        body,
        act(on, agency=body),
        CALENDAR,
        chain,
    )


def competence_rule(case: Case) -> str:
    """The rule the received complaint recorded (read once: it drains the pending events)."""
    return str(case.collect_events()[0].competence_rule)  # type: ignore[attr-defined]


# ----- D1: a disciplinary second instance keeps chapter IV ---------------------------------


def test_a_disciplinary_second_instance_keeps_the_first_cases_procedure() -> None:
    """Law on Complaints ch. IV (art. 48, verify): the second complaint follows the chapter."""
    first = decided(procedure=Procedure.DISCIPLINARY)
    second = second_to(first, PROVINCE, [PROVINCE, COMMUNE], date(2025, 6, 25))
    classify = act(date(2025, 6, 25))
    with pytest.raises(RuleViolationError, match="disciplinary"):
        second.classify(
            Kind.COMPLAINT,
            "home affairs",
            PROVINCE,
            classify,
            CALENDAR,
            procedure=Procedure.ADMINISTRATIVE,
            first_procedure=first.procedure,
        )
    second.classify(
        Kind.COMPLAINT,
        "home affairs",
        PROVINCE,
        classify,
        CALENDAR,
        first_procedure=first.procedure,
    )
    assert second.procedure == Procedure.DISCIPLINARY


def test_a_disciplinary_second_instance_is_filed_within_10_days_and_settled_in_30() -> None:
    """Law on Complaints art. 48 (10 days) and art. 50 (30 days at both instances), verify."""
    for filed, in_time in ((date(2025, 6, 30), True), (date(2025, 7, 1), False)):
        first = decided(procedure=Procedure.DISCIPLINARY)
        second = second_to(first, PROVINCE, [PROVINCE, COMMUNE], filed)
        second.classify(
            Kind.COMPLAINT, "x", PROVINCE, act(filed), CALENDAR, first_procedure=first.procedure
        )
        if in_time:
            second.accept(PROVINCE, act(filed), CALENDAR)
            assert (second.limit_days, second.due_confirmed) == (30, False)
        else:
            with pytest.raises(TimeLimitExpiredError, match=r"art\. 48"):
                second.accept(PROVINCE, act(filed), CALENDAR)


def test_a_dismissal_is_complained_of_again_within_30_days() -> None:
    """Law on Complaints art. 48 (verify): 30 days against a dismissal (buộc thôi việc)."""
    first = decided(procedure=Procedure.DISCIPLINARY_DISMISSAL)
    filed = date(2025, 7, 18)  # 28 days after the decision was received
    second = second_to(first, PROVINCE, [PROVINCE, COMMUNE], filed)
    second.classify(
        Kind.COMPLAINT, "x", PROVINCE, act(filed), CALENDAR, first_procedure=first.procedure
    )
    second.accept(PROVINCE, act(filed), CALENDAR)
    assert second.procedure == Procedure.DISCIPLINARY_DISMISSAL


def test_chapter_iv_names_the_minister_of_home_affairs_for_a_provincial_chairman() -> None:
    """Law on Complaints ch. IV art. 51 (verify): its own competence rules, as data."""
    first = decided(PROVINCE, "land", Procedure.DISCIPLINARY)
    with pytest.raises(RuleViolationError, match="home_affairs"):
        second_to(first, MINISTRY, [PROVINCE], date(2025, 6, 25))
    second = second_to(first, HOME_AFFAIRS, [PROVINCE], date(2025, 6, 25))
    assert "ch. IV" in competence_rule(second)


# ----- D2: every field goes to the ministry that manages it --------------------------------


@pytest.mark.parametrize(
    ("field", "ministry"),
    [
        ("transport", TRANSPORT_MINISTRY),
        ("Land", MINISTRY),
        ("đất đai", MINISTRY),
        ("Dat dai", MINISTRY),
        ("xây dựng", TRANSPORT_MINISTRY),
    ],
)
def test_a_provincial_decision_goes_to_the_ministry_managing_its_field(
    field: str, ministry: AgencyRef
) -> None:
    """Law on Complaints art. 23(3): every field, to the ministry managing it (2025 map)."""
    second = second_to(decided(PROVINCE, field), ministry, [PROVINCE], date(2025, 7, 1))
    assert competence_rule(second).endswith("art. 23(3)")


def test_the_ministry_map_follows_the_reorganisation_of_march_2025() -> None:
    """Resolution 176/2025/QH15: land passed from BTNMT to the Ministry of Agriculture."""
    first = decided_in_2024(PROVINCE)
    with pytest.raises(RuleViolationError, match="BTNMT"):
        second_to(first, MINISTRY, [PROVINCE], date(2024, 6, 1))
    second = second_to(first, OLD_RESOURCES_MINISTRY, [PROVINCE], date(2024, 6, 1))
    assert competence_rule(second).startswith("VN-2011.1: ")


def test_an_unknown_field_falls_back_to_an_unconfirmed_rule() -> None:
    """Law on Complaints art. 23(3): a field the map does not know is no refusal (verify)."""
    second = second_to(
        decided(PROVINCE, "hải quan cảng biển"), MINISTRY, [PROVINCE], date(2025, 7, 1)
    )
    assert "(verify)" in competence_rule(second)
    with pytest.raises(RuleViolationError, match="ministry"):
        second_to(decided(PROVINCE, "hải quan cảng biển"), COMMUNE, [PROVINCE], date(2025, 7, 1))


def test_a_classification_stores_the_fields_code() -> None:
    case = received_case()
    case.classify(Kind.COMPLAINT, " Đất đai ", PROVINCE, act(RECEIVED_ON), CALENDAR, RECEIVED_ON)
    assert case.field == "land"


# ----- D3: "limitation expired" judged as acceptance judges it ----------------------------


def test_limitation_expired_counts_the_days_lost_to_illness() -> None:
    """Law on Complaints art. 9: time lost to illness or disaster is not counted."""
    case = classified_case(Kind.COMPLAINT, decision_known_on=RECEIVED_ON - timedelta(days=95))
    with pytest.raises(RuleViolationError, match="within"):
        case.archive(
            ArchiveGrounds.LIMITATION_EXPIRED,
            act(ACCEPTED_ON, "late"),
            calendar=CALENDAR,
            filing_days_excluded=10,
        )
    case.archive(ArchiveGrounds.LIMITATION_EXPIRED, act(ACCEPTED_ON, "late"), calendar=CALENDAR)
    assert case.status == Status.ARCHIVED


def test_limitation_expired_uses_the_remote_areas_second_instance_limit() -> None:
    """Law on Complaints art. 33: 45 days in a remote area, so 40 days are within it."""
    filed = CONCLUDED_ON + timedelta(days=40)
    for remote, refused in ((True, True), (False, False)):
        second = second_to(decided(), PROVINCE, [PROVINCE, COMMUNE], filed)
        second.classify(Kind.COMPLAINT, "land", PROVINCE, act(filed), CALENDAR)
        archive = act(filed, "late")
        if refused:
            with pytest.raises(RuleViolationError, match="within"):
                second.archive(ArchiveGrounds.LIMITATION_EXPIRED, archive, remote=remote)
        else:
            second.archive(ArchiveGrounds.LIMITATION_EXPIRED, archive, remote=remote)


# ----- D4 and (f): a corrected kind charges the days already used --------------------------


def test_a_corrected_kind_is_charged_with_the_days_used_before_a_suspension() -> None:
    """Circular 05/2021/TT-TTCP; Law on Complaints art. 28: the remote 45 days, 13 used."""
    case = accepted_case(Kind.RECOMMENDATION, remote=True)  # accepted Monday 2 June
    case.suspend(act(date(2025, 6, 12), "expert opinion"), CALENDAR)  # 10 days used
    case.resume(act(date(2025, 6, 22)), CALENDAR)
    corrected_on = date(2025, 6, 25)  # 3 more
    case.correct_kind(
        Kind.COMPLAINT,
        act(corrected_on, "contests a decision"),
        CALENDAR,
        decision_known_on=DECISION_KNOWN_ON,
    )
    (*_, event) = case.collect_events()
    assert event.days_used == 13  # type: ignore[attr-defined]
    assert case.due_date == date(2025, 7, 28)  # 25 June + 32 = Sun 27 July, rolled to Monday


def test_a_kind_corrected_to_a_complaint_needs_the_decision_and_its_filing_limit() -> None:
    """Law on Complaints art. 9: corrected to a complaint, it is judged as at acceptance."""
    case = accepted_case(Kind.RECOMMENDATION)
    on = act(date(2025, 6, 5), "contests a decision")
    with pytest.raises(RuleViolationError, match="decision_known_on"):
        case.correct_kind(Kind.COMPLAINT, on, CALENDAR)
    with pytest.raises(TimeLimitExpiredError):
        case.correct_kind(
            Kind.COMPLAINT, on, CALENDAR, decision_known_on=RECEIVED_ON - timedelta(days=120)
        )
    case.correct_kind(Kind.COMPLAINT, on, CALENDAR, decision_known_on=DECISION_KNOWN_ON)
    assert (case.kind, case.decision_known_on) == (Kind.COMPLAINT, DECISION_KNOWN_ON)


# ----- D5: every due date says whether its limit is confirmed ------------------------------


def test_a_resumption_records_whether_its_limit_is_confirmed() -> None:
    """DOMAIN.md: a recommendation's 30 days are a default, so its due date is unconfirmed."""
    case = accepted_case(Kind.RECOMMENDATION)
    case.suspend(act(date(2025, 6, 5), "awaiting a reply"), CALENDAR)
    case.resume(act(date(2025, 6, 9)), CALENDAR)
    (*_, resumed) = case.collect_events()
    assert resumed.limit_confirmed is False  # type: ignore[attr-defined]


def test_publication_and_notice_items_follow_the_rule_books_confirmation() -> None:
    """Decree 124/2020/ND-CP art. 31; Law on Denunciations art. 29: from the book, not fixed."""
    steps = RULEBOOK_2020.deadlines
    notice = {
        Kind.DENUNCIATION: replace(steps.acceptance_notice[Kind.DENUNCIATION], confirmed=False)
    }
    book = replace(
        RULEBOOK_2020,
        version="TEST",
        publication=replace(RULEBOOK_2020.publication, confirmed=False),
        deadlines=replace(steps, acceptance_notice=notice),
    )
    rules = RuleBooks((book,))
    denunciation = classified_case(Kind.DENUNCIATION)
    denunciation.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR, rules=rules)
    complaint = classified_case(Kind.COMPLAINT)
    complaint.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR, rules=rules)
    effect = EffectOnContested.UPHELD
    complaint.conclude("wrong", "QD", act(CONCLUDED_ON), effect, CALENDAR, rules=rules)
    items = {i.name: i.confirmed for c in (denunciation, complaint) for i in c.deadline_items()}
    assert (items["acceptance_notice"], items["publication"]) == (False, False)


# ----- D9: enforcement counts from the day the decision takes effect -----------------------


def test_enforcement_before_the_decision_takes_effect_is_refused() -> None:
    """Law on Complaints art. 44 (verify): in force 30 days after the decision of 20 June."""
    case = concluded_complaint()
    assert case.in_force_on == date(2025, 7, 20)
    with pytest.raises(ChronologyError, match="takes effect"):
        case.start_enforcement(act(date(2025, 7, 19)))
    case.start_enforcement(act(date(2025, 7, 21)))
    assert case.enforcement_started_on == date(2025, 7, 21)


# ----- D10: every dated duty can be corrected ----------------------------------------------


@pytest.mark.parametrize(
    ("clock", "day_off", "corrected"),
    [
        (DueDateClock.PUBLICATION, date(2025, 7, 7), date(2025, 7, 8)),
        (DueDateClock.ENFORCEMENT, date(2025, 7, 23), date(2025, 7, 28)),
    ],
)
def test_a_decisions_dated_duties_are_corrected_for_a_day_off_declared_late(
    clock: DueDateClock, day_off: date, corrected: date
) -> None:
    """Civil Code art. 148; Decree 124/2020/ND-CP: a day off declared late moves the duty."""
    case = concluded_complaint()
    late = CALENDAR.with_days_off([day_off])
    case.correct_due_date(act(date(2025, 6, 23), "Decision 1/QĐ-TTg"), late, clock.value)
    items = {i.name: i.due_date for i in case.deadline_items()}
    assert items[clock.value] == corrected


def test_an_acceptance_notice_is_corrected_for_a_day_off_declared_late() -> None:
    """Law on Denunciations art. 29: 5 working days, 9 June declared off after acceptance."""
    case = accepted_case(Kind.DENUNCIATION)
    assert case.acceptance_notice_due_date == date(2025, 6, 9)
    late = CALENDAR.with_days_off([date(2025, 6, 9)])
    case.correct_due_date(act(date(2025, 6, 3), "declared"), late, "acceptance_notice")
    assert case.acceptance_notice_due_date == date(2025, 6, 10)


def test_a_working_day_limit_corrected_moves_its_end_too() -> None:
    """Civil Code art. 148: a working-day limit ends on its due date, corrected or not."""
    limit = TimeLimit(20, DayType.WORKING, "configured", confirmed=False)
    resolution = {
        **RULEBOOK_2020.resolution,
        ResolutionKey(Kind.RECOMMENDATION, 1, Complexity.ORDINARY, remote=False): limit,
    }
    rules = RuleBooks((replace(RULEBOOK_2020, version="TEST", resolution=resolution),))
    case = classified_case(Kind.RECOMMENDATION)
    case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR, rules=rules)
    old_due = case.due_date
    assert old_due == date(2025, 6, 30)
    late = CALENDAR.with_days_off([date(2025, 6, 20)])
    case.correct_due_date(act(date(2025, 6, 3), "declared"), late, rules=rules)
    assert case.limit_end == case.due_date == date(2025, 7, 1)
    case.suspend(act(old_due, "expertise"), late, rules=rules)
    assert case.remaining_days == 1  # one working day of the limit was left


def test_a_duty_already_done_is_not_corrected() -> None:
    case = concluded_complaint()
    case.publish_decision("portal", act(date(2025, 6, 23)))
    late = CALENDAR.with_days_off([date(2025, 7, 7)])
    with pytest.raises(InvalidTransitionError, match="publication"):
        case.correct_due_date(act(date(2025, 6, 24), "declared"), late, "publication")


# ----- D11: re-examination competence is a book, not ancestry ------------------------------


def test_the_provincial_chairman_re_examines_a_communes_complaint_a_district_does_not() -> None:
    """Law on Complaints art. 21; Decree 124/2020/ND-CP (verify): the provincial chairman."""
    case = decided(DISTRICT_COMMUNE, notified_on=None)
    with pytest.raises(RuleViolationError, match="competent higher authority"):
        case.reexamine(DISTRICT, GROUNDS, act(date(2025, 7, 1), "why", DISTRICT), CALENDAR)
    case.reexamine(PROVINCE, GROUNDS, act(date(2025, 7, 1), "unlawful"), CALENDAR)
    (*_, reopened) = case.collect_events()
    assert reopened.competence_rule.startswith("reexamination/VN-2020.1: ")  # type: ignore[attr-defined]
    assert reopened.rulebook_version == "VN-2020.2"  # type: ignore[attr-defined]


def test_the_minister_of_the_field_and_the_government_inspectorate_re_examine() -> None:
    """Law on Complaints arts. 23, 24 (verify): no ancestors of the province, yet competent."""
    for authority, allowed in (
        (MINISTRY, True),
        (TRANSPORT_MINISTRY, False),
        (GOVERNMENT_INSPECTORATE, True),
    ):
        case = decided(PROVINCE, "land", notified_on=None)
        on = act(date(2025, 7, 1), "new evidence", authority)
        if allowed:
            case.reexamine(authority, GROUNDS, on, CALENDAR)
            assert case.handling_agency_id == authority.id
        else:
            with pytest.raises(RuleViolationError):
                case.reexamine(authority, GROUNDS, on, CALENDAR)


# ----- D12: the book's version is on the received complaint --------------------------------


def test_books_of_equal_text_are_told_apart_by_their_version() -> None:
    """Law on Complaints art. 18(2): same source in VN-2011.1 and VN-2025.1, versions apart."""
    early = competence_rule(
        second_to(decided_in_2024(COMMUNE), PROVINCE, [PROVINCE, COMMUNE], date(2024, 6, 1))
    )
    late = competence_rule(second_to(decided(), PROVINCE, [PROVINCE, COMMUNE], date(2025, 6, 25)))
    assert early.split(": ", 1)[1] == late.split(": ", 1)[1]
    assert (early.split(": ")[0], late.split(": ")[0]) == ("VN-2011.1", "VN-2025.1")


# ----- D13: a general department's decision goes to the minister ---------------------------


def test_a_general_departments_decision_goes_to_the_minister() -> None:
    """Law on Complaints art. 23(2): the minister hears a body under the ministry."""
    general = AgencyRef(UUID(int=45), [MINISTRY.id, UUID(int=45)], "central", "department")
    second = second_to(decided(general), MINISTRY, [MINISTRY, general], date(2025, 6, 25))
    assert competence_rule(second).endswith("art. 23(2)")


# ----- (j): a reception office receives for its People's Committee -------------------------


def test_a_petition_received_by_a_reception_office_is_the_peoples_committees() -> None:
    """Law 42/2013/QH13: the Ban tiếp công dân receives for its People's Committee."""
    for competent, beyond in ((COMMUNE, True), (PROVINCE, False)):
        case = Case.receive(petition(), RECEPTION_OFFICE, act(RECEIVED_ON), CALENDAR)
        case.classify(
            Kind.REFLECTION,
            "land",
            competent,
            act(RECEIVED_ON),
            CALENDAR,
            receiver=RECEPTION_OFFICE,
        )
        assert case.received_beyond_level is beyond


# ----- (a): an extension is decided while the limit runs -----------------------------------


def test_an_extension_dated_after_the_limit_ran_out_is_refused() -> None:
    """Law on Denunciations art. 30(1): an extension extends a running limit (decided before)."""
    case = accepted_case(Kind.DENUNCIATION)  # due Wednesday 2 July
    with pytest.raises(RuleViolationError, match="ran out"):
        case.extend_deadline(Complexity.COMPLEX, 30, act(date(2025, 7, 3), "complex"), CALENDAR)
    assert case.is_overdue(date(2025, 7, 3))
    case.extend_deadline(Complexity.COMPLEX, 30, act(date(2025, 7, 2), "complex"), CALENDAR)


def test_a_check_extended_after_the_7_days_ran_out_is_refused() -> None:
    """Law on Denunciations art. 24(1): the check is extended while it runs."""
    case = classified_case(Kind.DENUNCIATION)  # 7 working days: due Wednesday 4 June
    with pytest.raises(RuleViolationError, match="ran out"):
        case.extend_check(act(date(2025, 6, 5), "several places"), CALENDAR)


# ----- (c): the referral's receipt -------------------------------------------------------


def test_only_the_agency_referred_to_records_its_receipt_not_before_the_referral() -> None:
    """Law on Complaints art. 27: the receiver's own receipt starts its limit."""
    case = classified_case(Kind.COMPLAINT, competent=COMMUNE)
    case.refer(COMMUNE, act(date(2025, 6, 2)), CALENDAR)
    with pytest.raises(RuleViolationError, match="referred to"):
        case.receive_referral(act(date(2025, 6, 3)), CALENDAR)
    with pytest.raises(ChronologyError):
        case.receive_referral(act(date(2025, 6, 1), agency=COMMUNE), CALENDAR)
    with pytest.raises(InvalidTransitionError, match="record the day"):
        case.classify(
            Kind.COMPLAINT, "land", COMMUNE, act(date(2025, 6, 3), agency=COMMUNE), CALENDAR
        )
    case.accept(COMMUNE, act(date(2025, 6, 3), agency=COMMUNE), CALENDAR)
    assert not case.awaiting_referral_receipt


# ----- (e): a re-examined complaint is extended by the re-examination rule -----------------


def test_a_re_examined_complaint_is_extended_to_the_re_examination_rules_limit() -> None:
    """Decree 124/2020/ND-CP (verify): 30 days, complex 45, not a first-instance figure."""
    first = decided(COMMUNE)
    second = second_to(first, PROVINCE, [PROVINCE, COMMUNE], date(2025, 6, 25))
    second.classify(Kind.COMPLAINT, "land", PROVINCE, act(date(2025, 6, 25)), CALENDAR)
    second.accept(PROVINCE, act(date(2025, 6, 26)), CALENDAR)
    second.conclude("wrong", "QD-2", act(date(2025, 7, 10)), EffectOnContested.UPHELD)
    government = act(date(2025, 7, 15), "violation", GOVERNMENT_INSPECTORATE)
    second.reexamine(GOVERNMENT_INSPECTORATE, GROUNDS, government, CALENDAR)
    extend = act(date(2025, 7, 16), "complex", GOVERNMENT_INSPECTORATE)
    second.extend_deadline(Complexity.COMPLEX, 0, extend, CALENDAR)
    (*_, extended) = second.collect_events()
    assert extended.days == 15  # type: ignore[attr-defined]  # 45 - 30, not 60 - 30


def test_a_case_under_the_first_encoding_is_not_extended_past_its_re_examination() -> None:
    rules = RuleBooks((RULEBOOK_2020_1,))
    case = accepted_case(Kind.COMPLAINT, agency=COMMUNE)
    case.conclude("wrong", "QD", act(CONCLUDED_ON, agency=COMMUNE), EffectOnContested.UPHELD)
    case.reexamine(PROVINCE, GROUNDS, act(date(2025, 7, 1), "unlawful"), CALENDAR, rules=rules)
    with pytest.raises(ExtensionNotAllowedError, match="re-examination"):
        case.extend_deadline(
            Complexity.COMPLEX, 0, act(date(2025, 7, 2), "complex"), CALENDAR, rules=rules
        )
