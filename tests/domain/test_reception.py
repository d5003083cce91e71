"""The reception register (sổ tiếp công dân): sessions, visits, delegations, refusals, petitions.

Law on Citizen Reception 42/2013/QH13 (art. 9 refusals, art. 30 representatives),
Decree 64/2014/ND-CP art. 6, Circular 04/2021/TT-TTCP (the register).
"""

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.act import Act
from domain.errors import RuleViolationError
from domain.reception import MeetingKind, ReceptionMeeting
from domain.reception_register import (
    DELEGATION_RULES,
    Matter,
    RefusalGrounds,
    Visit,
    delegation_rule_in_force,
)

AGENCY = UUID(int=1)
MEETING_DAY = date(2025, 6, 5)


def day(reason: str = "") -> Act:
    return Act("secretary-1", AGENCY, MEETING_DAY, reason)


def hold(
    kind: MeetingKind = MeetingKind.REGULAR, host: str = "chair-1", group: str = ""
) -> ReceptionMeeting:
    return ReceptionMeeting.hold(host, AGENCY, [AGENCY], kind, day(), group)


def events(meeting: ReceptionMeeting, cls: type) -> list[object]:
    return [e for e in meeting.collect_events() if isinstance(e, cls)]


def test_a_meeting_records_its_host_agency_date_and_kind() -> None:
    meeting = hold()
    assert (meeting.host_id, meeting.agency_id, meeting.held_on, meeting.kind) == (
        "chair-1",
        AGENCY,
        date(2025, 6, 5),
        MeetingKind.REGULAR,
    )


@pytest.mark.parametrize("kind", list(MeetingKind))
def test_each_kind_of_reception_is_a_session_kind(kind: MeetingKind) -> None:
    """Regular, the head's periodic day (art. 12-18), ad hoc, dialogue."""
    group = "farmers" if kind == MeetingKind.DIALOGUE else ""
    assert hold(kind, group=group).kind == kind


def test_a_meetings_persons_are_counted_from_its_visits_not_typed() -> None:
    meeting = hold()
    meeting.record_visit(Visit(3), day())
    meeting.record_visit(Visit(1, Matter.REPEATED), day())
    assert (meeting.visits, meeting.citizens_received, meeting.repeated_matters) == (2, 4, 1)


def test_a_meeting_where_nobody_came_received_nobody() -> None:
    assert (hold().visits, hold().citizens_received) == (0, 0)


def test_a_visit_of_five_persons_is_a_mass_delegation() -> None:
    """Đoàn đông người: 5 or more persons (the delegation rule in force, data)."""
    meeting = hold()
    meeting.record_visit(Visit(5, representatives=2), day())
    meeting.record_visit(Visit(4), day())
    recorded = events(meeting, ReceptionMeeting.VisitRecorded)
    assert [e.delegation for e in recorded] == [True, False]  # type: ignore[attr-defined]
    assert {e.delegation_rule_version for e in recorded} == {"delegation/v2"}  # type: ignore[attr-defined]
    assert meeting.delegations == 1


def test_the_delegation_threshold_is_dated_data_flagged_unconfirmed() -> None:
    rule = delegation_rule_in_force(MEETING_DAY)
    assert (rule.min_persons, rule.max_representatives, rule.confirmed) == (5, 5, False)
    assert rule in DELEGATION_RULES


def test_a_delegation_has_at_most_five_representatives() -> None:
    """Decree 64/2014/ND-CP art. 6: several persons appoint at most five representatives."""
    with pytest.raises(RuleViolationError, match="representatives"):
        hold().record_visit(Visit(40, representatives=6), day())


def test_a_visit_receives_at_least_one_person() -> None:
    with pytest.raises(RuleViolationError):
        hold().record_visit(Visit(0), day())


def test_only_a_repeated_matter_names_the_earlier_case() -> None:
    with pytest.raises(RuleViolationError):
        hold().record_visit(Visit(1, Matter.NEW, earlier_case_id=uuid4()), day())


def test_a_visit_is_entered_on_the_meetings_day() -> None:
    with pytest.raises(RuleViolationError):
        hold().record_visit(Visit(1), Act("s", AGENCY, date(2025, 6, 6)))


def test_a_refusal_of_reception_records_its_ground_and_persons() -> None:
    """Art. 9 Law 42/2013/QH13: refusal on a listed ground, by written notice."""
    meeting = hold()
    meeting.refuse(2, RefusalGrounds.THREATENING_OR_DISORDERLY, day("notice no. 3"))
    (refused,) = events(meeting, ReceptionMeeting.ReceptionRefused)
    assert (refused.grounds, refused.persons, refused.reason) == (  # type: ignore[attr-defined]
        "threatening_or_disorderly",
        2,
        "notice no. 3",
    )
    assert (meeting.refusals, meeting.refused_persons, meeting.citizens_received) == (1, 2, 0)


def test_a_refusal_needs_its_written_reason() -> None:
    with pytest.raises(RuleViolationError):
        hold().refuse(1, RefusalGrounds.INCAPACITATED, day())


def test_a_petition_signed_by_40_people_counts_40_persons() -> None:
    meeting = hold()
    meeting.take_petition(uuid4(), AGENCY, MEETING_DAY, petitioner_count=40, representatives=5)
    assert (meeting.visits, meeting.citizens_received, meeting.delegations) == (1, 40, 1)


@pytest.mark.parametrize(
    ("persons", "fewest", "most"), [(5, 1, 2), (10, 1, 2), (11, 1, 5), (40, 1, 5), (4, 0, 4)]
)
def test_a_delegation_chooses_its_representatives_by_its_size(
    persons: int, fewest: int, most: int
) -> None:
    """Law 42/2013/QH13 art. 30: 5-10 persons choose 1 or 2 representatives, more up to 5."""
    meeting = hold()
    for representatives in (fewest, most):
        meeting.record_visit(Visit(persons, representatives=representatives), day())
    for refused in (fewest - 1, most + 1):
        if refused >= 0:
            with pytest.raises(RuleViolationError, match="representatives"):
                meeting.record_visit(Visit(persons, representatives=refused), day())


def test_a_delegation_without_representatives_is_refused() -> None:
    """Law 42/2013/QH13 art. 30; Decree 124/2020/ND-CP art. 7: a delegation is represented."""
    meeting = hold()
    with pytest.raises(RuleViolationError, match="mass delegation"):
        meeting.take_petition(uuid4(), AGENCY, MEETING_DAY, petitioner_count=40)
    assert meeting.visits == 0


def test_a_petition_brought_by_a_visit_already_entered_adds_no_persons() -> None:
    meeting = hold()
    visit = meeting.record_visit(Visit(40, representatives=5), day())
    meeting.take_petition(uuid4(), AGENCY, MEETING_DAY, 40, visit)
    assert (meeting.visits, meeting.citizens_received) == (1, 40)


def test_a_visit_smaller_than_the_petitions_signatories_is_refused() -> None:
    meeting = hold()
    visit = meeting.record_visit(Visit(2), day())
    with pytest.raises(RuleViolationError, match="signatories"):
        meeting.take_petition(uuid4(), AGENCY, MEETING_DAY, 40, visit)


def test_a_petition_cannot_name_a_visit_of_another_meeting() -> None:
    with pytest.raises(RuleViolationError, match="no such visit"):
        hold().take_petition(uuid4(), AGENCY, MEETING_DAY, 1, uuid4())


def test_a_meeting_needs_a_host() -> None:
    with pytest.raises(RuleViolationError):
        hold(host=" ")


def test_a_dialogue_names_its_group() -> None:
    assert hold(MeetingKind.DIALOGUE, group=" youth union ").dialogue_group == "youth union"


def test_only_a_dialogue_has_a_dialogue_group() -> None:
    with pytest.raises(RuleViolationError):
        hold(MeetingKind.AD_HOC, group="farmers")


def test_petitions_received_at_a_meeting_are_linked_to_it() -> None:
    meeting = hold()
    first, second = uuid4(), uuid4()
    meeting.take_petition(first, AGENCY, MEETING_DAY)
    meeting.take_petition(second, AGENCY, MEETING_DAY)
    assert meeting.case_ids == [first, second]


def test_a_petition_is_linked_to_a_meeting_only_once() -> None:
    meeting = hold()
    case_id = uuid4()
    meeting.take_petition(case_id, AGENCY, MEETING_DAY)
    with pytest.raises(RuleViolationError):
        meeting.take_petition(case_id, AGENCY, MEETING_DAY)


def test_a_petition_of_another_agency_is_not_linked_to_the_meeting() -> None:
    with pytest.raises(RuleViolationError):
        hold().take_petition(uuid4(), uuid4(), MEETING_DAY)


def test_a_petition_received_on_another_day_is_not_linked_to_the_meeting() -> None:
    with pytest.raises(RuleViolationError):
        hold().take_petition(uuid4(), AGENCY, date(2025, 6, 6))
