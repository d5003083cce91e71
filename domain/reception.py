"""Reception meetings (tiếp công dân) and leaders' dialogues, with the petitions they took in."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.act import Act
from domain.errors import RuleViolationError
from domain.text import clean_label

MAX_CITIZENS = 100_000


class MeetingKind(StrEnum):
    REGULAR = "regular"
    AD_HOC = "ad_hoc"
    DIALOGUE = "dialogue"


class ReceptionMeeting(Aggregate):
    """One reception session: counted in sessions, its citizens in visits."""

    @classmethod
    def hold(
        cls,
        host_id: str,
        agency_id: UUID,
        agency_path: list[UUID],
        kind: MeetingKind,
        citizens_received: int,
        act: Act,
        dialogue_group: str = "",
    ) -> ReceptionMeeting:
        """Record a meeting held by `host_id` for `agency_id` on the act's legal date."""
        host_id = clean_label(host_id, "host_id", required=True)
        dialogue_group = clean_label(dialogue_group, "dialogue_group")
        if not 0 <= citizens_received <= MAX_CITIZENS:
            raise RuleViolationError(f"citizens_received must be 0 to {MAX_CITIZENS}")
        if kind != MeetingKind.DIALOGUE and dialogue_group:
            raise RuleViolationError("only a dialogue has a dialogue group")
        return cls(
            host_id=host_id.strip(),
            agency_id=agency_id,
            agency_path=list(agency_path),
            kind=kind.value,
            citizens_received=citizens_received,
            dialogue_group=dialogue_group.strip(),
            **act.fields(),
        )

    @event("Held")
    def __init__(
        self,
        host_id: str,
        agency_id: UUID,
        agency_path: list[UUID],
        kind: str,
        citizens_received: int,
        dialogue_group: str,
        actor_id: str,
        actor_agency_id: UUID,
        legal_date: date,
        reason: str,
        legal_basis: str,
    ) -> None:
        self.host_id = host_id
        self.agency_id = agency_id
        self.agency_path = agency_path
        self.kind = MeetingKind(kind)
        self.citizens_received = citizens_received
        self.dialogue_group = dialogue_group
        self.held_on = legal_date
        self.case_ids: list[UUID] = []

    def take_petition(self, case_id: UUID, agency_id: UUID, received_on: date) -> None:
        """Link a petition received at this meeting, by its agency, on its date."""
        if agency_id != self.agency_id:
            raise RuleViolationError(
                "the petition was received by another agency than the meeting's"
            )
        if received_on != self.held_on:
            raise RuleViolationError(f"the meeting was held on {self.held_on}, not {received_on}")
        if case_id in self.case_ids:
            raise RuleViolationError("the petition is already linked to this meeting")
        self._take_petition(case_id)

    @event("PetitionTaken")
    def _take_petition(self, case_id: UUID) -> None:
        self.case_ids.append(case_id)
