"""Reception meetings (tiếp công dân): sessions held, visits entered, receptions refused.

Mixed into `Petitions`. An officer enters visits and refusals only in the register of
a session of the officer's own agency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.act import Act
from domain.case import AgencyRef
from domain.errors import NotFoundError
from domain.reception import MeetingKind, ReceptionMeeting
from domain.reception_register import DelegationRule, RefusalGrounds, Visit
from domain.typed_store import TypedStore
from domain.views import Written


@dataclass(frozen=True)
class MeetingHeld:
    host_id: str
    kind: MeetingKind
    dialogue_group: str = ""


class ReceptionMeetings(TypedStore):
    """The reception use cases; the plumbing they use is `Petitions`'."""

    delegation_rules: tuple[DelegationRule, ...]

    if TYPE_CHECKING:

        def _active_agency_ref(self, agency_id: UUID, on: date) -> AgencyRef: ...
        def _checked(self, act: Act) -> Act: ...

    def hold_meeting(self, meeting: MeetingHeld, act: Act) -> Written:
        act = self._checked(act)
        agency = self._active_agency_ref(act.agency_id, act.legal_date)
        held = ReceptionMeeting.hold(
            meeting.host_id, agency.id, agency.path, meeting.kind, act, meeting.dialogue_group
        )
        return self._save(held)

    def record_visit(self, meeting_id: UUID, visit: Visit, act: Act) -> Written:
        """Enter a visit (lượt tiếp) in the register of a session of the officer's agency."""
        meeting = self._own_meeting(meeting_id, act)
        meeting.record_visit(visit, self._checked(act), self.delegation_rules)
        return self._save(meeting)

    def refuse_reception(
        self, meeting_id: UUID, persons: int, grounds: RefusalGrounds, act: Act
    ) -> Written:
        """Enter a refusal of reception, with its ground and written reason (art. 9)."""
        meeting = self._own_meeting(meeting_id, act)
        meeting.refuse(persons, grounds, self._checked(act))
        return self._save(meeting)

    def _own_meeting(self, meeting_id: UUID, act: Act) -> ReceptionMeeting:
        meeting = self.get_meeting(meeting_id)
        if meeting.agency_id != act.agency_id:
            raise NotFoundError(f"no reception meeting {meeting_id} at the officer's agency")
        return meeting

    def get_meeting(self, meeting_id: UUID) -> ReceptionMeeting:
        return self._get(meeting_id, ReceptionMeeting, "reception meeting")

    def _meeting_for(self, meeting_id: UUID | None) -> ReceptionMeeting | None:
        return self.get_meeting(meeting_id) if meeting_id else None
