"""Reception sessions (tiếp công dân) and leaders' dialogues: their visits, refusals and petitions.

A session's persons received are counted from its visits (lượt), never typed once:
a petition signed by 40 people taken at a session is a visit of 40 persons. Sessions
recorded before visits existed keep the count typed then, as legacy data.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.act import Act
from domain.errors import RuleViolationError
from domain.reception_register import (
    DELEGATION_RULES,
    MAX_PERSONS,
    DelegationRule,
    Matter,
    MeetingKind,
    RefusalGrounds,
    Visit,
    delegation_rule_in_force,
)
from domain.text import clean_label

__all__ = ["MeetingKind", "ReceptionMeeting"]


class ReceptionMeeting(Aggregate):
    """One reception session: counted in sessions, its citizens in visits and persons."""

    class Held(Aggregate.Created):
        """Version 2: persons come from visits; a v1 typed count is kept as legacy data."""

        class_version = 2

        host_id: str
        agency_id: UUID
        agency_path: list[UUID]
        kind: str
        legacy_citizens_received: int
        dialogue_group: str
        actor_id: str
        actor_agency_id: UUID
        legal_date: date
        reason: str
        legal_basis: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["legacy_citizens_received"] = state.pop("citizens_received")

    class VisitRecorded(Aggregate.Event):
        """A visit (lượt tiếp) of one or more persons, a mass delegation from the rule's size."""

        visit_id: UUID
        persons: int
        delegation: bool
        representatives: int
        matter: str
        earlier_case_id: UUID | None
        field: str
        delegation_rule_version: str
        actor_id: str
        legal_date: date

    class ReceptionRefused(Aggregate.Event):
        """Reception refused on a ground of art. 9, notified in writing (the reason)."""

        persons: int
        grounds: str
        actor_id: str
        legal_date: date
        reason: str
        legal_basis: str

    class PetitionTaken(Aggregate.Event):
        """Version 2 names the visit the petition came with (none for older meetings)."""

        class_version = 2

        case_id: UUID
        visit_id: UUID | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["visit_id"] = None

    @classmethod
    def hold(
        cls,
        host_id: str,
        agency_id: UUID,
        agency_path: list[UUID],
        kind: MeetingKind,
        act: Act,
        dialogue_group: str = "",
    ) -> ReceptionMeeting:
        """Record a session held by `host_id` for `agency_id` on the act's legal date."""
        host_id = clean_label(host_id, "host_id", required=True)
        dialogue_group = clean_label(dialogue_group, "dialogue_group")
        if kind != MeetingKind.DIALOGUE and dialogue_group:
            raise RuleViolationError("only a dialogue has a dialogue group")
        return cls(
            host_id=host_id.strip(),
            agency_id=agency_id,
            agency_path=list(agency_path),
            kind=kind.value,
            legacy_citizens_received=0,
            dialogue_group=dialogue_group.strip(),
            **act.fields(),
        )

    @event(Held)
    def __init__(
        self,
        host_id: str,
        agency_id: UUID,
        agency_path: list[UUID],
        kind: str,
        legacy_citizens_received: int,
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
        self.legacy_citizens_received = legacy_citizens_received
        self.dialogue_group = dialogue_group
        self.held_on = legal_date
        self.case_ids: list[UUID] = []
        self.visit_persons: dict[UUID, int] = {}
        self.delegations = 0
        self.repeated_matters = 0
        self.refused_persons = 0
        self.refusals = 0

    # ----- figures ------------------------------------------------------------------------

    @property
    def citizens_received(self) -> int:
        """Persons received: the sum of the visits, plus a legacy typed count."""
        return self.legacy_citizens_received + sum(self.visit_persons.values())

    @property
    def visits(self) -> int:
        return len(self.visit_persons)

    # ----- commands -----------------------------------------------------------------------

    def record_visit(
        self, visit: Visit, act: Act, rules: tuple[DelegationRule, ...] = DELEGATION_RULES
    ) -> UUID:
        """Record a visit received at this session; answers the visit's id."""
        self._require_same_day(act.legal_date)
        rule = delegation_rule_in_force(act.legal_date, rules)
        visit.check(rule)
        visit_id = uuid4()
        self._record_visit(
            visit_id=visit_id,
            persons=visit.persons,
            delegation=rule.is_delegation(visit.persons),
            representatives=visit.representatives,
            matter=visit.matter.value,
            earlier_case_id=visit.earlier_case_id,
            field=clean_label(visit.field, "field"),
            delegation_rule_version=rule.version,
            actor_id=act.actor_id,
            legal_date=act.legal_date,
        )
        return visit_id

    @event(VisitRecorded)
    def _record_visit(
        self,
        visit_id: UUID,
        persons: int,
        delegation: bool,
        representatives: int,
        matter: str,
        earlier_case_id: UUID | None,
        field: str,
        delegation_rule_version: str,
        actor_id: str,
        legal_date: date,
    ) -> None:
        self.visit_persons[visit_id] = persons
        self.delegations += int(delegation)
        self.repeated_matters += int(matter == Matter.REPEATED)

    def refuse(self, persons: int, grounds: RefusalGrounds, act: Act) -> None:
        """Record a refusal of reception on a ground of art. 9, with its written reason."""
        self._require_same_day(act.legal_date)
        act.require_reason()
        if not 1 <= persons <= MAX_PERSONS:
            raise RuleViolationError(f"a refusal concerns 1 to {MAX_PERSONS} persons")
        self._refuse(
            persons=persons,
            grounds=grounds.value,
            actor_id=act.actor_id,
            legal_date=act.legal_date,
            reason=act.reason,
            legal_basis=act.legal_basis,
        )

    @event(ReceptionRefused)
    def _refuse(
        self,
        persons: int,
        grounds: str,
        actor_id: str,
        legal_date: date,
        reason: str,
        legal_basis: str,
    ) -> None:
        self.refusals += 1
        self.refused_persons += persons

    def take_petition(
        self,
        case_id: UUID,
        agency_id: UUID,
        received_on: date,
        petitioner_count: int = 1,
        visit_id: UUID | None = None,
        actor_id: str = "",
        rules: tuple[DelegationRule, ...] = DELEGATION_RULES,
        representatives: int = 0,
    ) -> None:
        """Link a petition received at this session, by its agency, on its date.

        Without a visit, the petition's signers make a new visit of that many persons
        (a mass delegation with the `representatives` it chose); with one, the visit
        must have received at least as many persons as signed.
        """
        if agency_id != self.agency_id:
            raise RuleViolationError(
                "the petition was received by another agency than the meeting's"
            )
        self._require_same_day(received_on)
        if case_id in self.case_ids:
            raise RuleViolationError("the petition is already linked to this meeting")
        if visit_id is None:
            act = Act(actor_id or self.host_id, agency_id, received_on)
            visit = Visit(persons=petitioner_count, representatives=representatives)
            visit_id = self.record_visit(visit, act, rules)
        elif visit_id not in self.visit_persons:
            raise RuleViolationError("no such visit at this meeting")
        elif self.visit_persons[visit_id] < petitioner_count:
            raise RuleViolationError(
                f"the visit received {self.visit_persons[visit_id]} persons, "
                f"the petition has {petitioner_count} signatories"
            )
        self._take_petition(case_id=case_id, visit_id=visit_id)

    @event(PetitionTaken)
    def _take_petition(self, case_id: UUID, visit_id: UUID | None) -> None:
        self.case_ids.append(case_id)

    def _require_same_day(self, on: date) -> None:
        if on != self.held_on:
            raise RuleViolationError(f"the meeting was held on {self.held_on}, not {on}")
