"""Reception meetings (tiếp công dân) and dialogues, and the petitions taken there."""

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.act import Act
from domain.errors import RuleViolationError
from domain.reception import MeetingKind, ReceptionMeeting

AGENCY = UUID(int=1)


MEETING_DAY = date(2025, 6, 5)


def hold(
    kind: MeetingKind = MeetingKind.REGULAR,
    citizens: int = 12,
    host: str = "chair-1",
    group: str = "",
) -> ReceptionMeeting:
    act = Act("secretary-1", AGENCY, MEETING_DAY)
    return ReceptionMeeting.hold(host, AGENCY, [AGENCY], kind, citizens, act, group)


def test_a_meeting_records_its_host_agency_date_kind_and_visits() -> None:
    meeting = hold()
    assert (meeting.host_id, meeting.agency_id, meeting.held_on, meeting.kind) == (
        "chair-1",
        AGENCY,
        date(2025, 6, 5),
        MeetingKind.REGULAR,
    )
    assert meeting.citizens_received == 12


def test_a_meeting_needs_a_host() -> None:
    with pytest.raises(RuleViolationError):
        hold(host=" ")


def test_a_meeting_cannot_receive_a_negative_number_of_citizens() -> None:
    with pytest.raises(RuleViolationError):
        hold(citizens=-1)


def test_a_meeting_cannot_receive_an_absurd_number_of_citizens() -> None:
    with pytest.raises(RuleViolationError):
        hold(citizens=100_001)


def test_a_meeting_where_nobody_came_is_recorded() -> None:
    assert hold(citizens=0).citizens_received == 0


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
