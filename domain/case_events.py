"""The event catalogue of a case: what each fact records and how it changes the case.

Each event is subclassed inside `Case`, so its stored topic is
`domain.case:Case.<Name>`. Never rename one; evolve it with `class_version` and
`upcast_vN_vM`. Every event carries the attribution of `Acted`: the acting
officer, their agency, the legal date of the act, and the reason and legal basis
where the law asks for them; the time it was recorded is the event's `timestamp`.
`apply` only assigns state: every check happens in the command that triggers it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.calendar import DayType
from domain.kinds import Channel, Complexity, Kind, Status


class Acted(Aggregate.Event):
    """Base of every case event: who acted, for which agency, on what legal date, why."""

    actor_id: str
    actor_agency_id: UUID
    legal_date: date
    reason: str
    legal_basis: str

    def apply(self, aggregate: Any) -> None:
        aggregate.last_act_on = self.legal_date


class Received(Aggregate.Created, Acted):
    """A petition (đơn) arrived at an agency; the case starts here."""

    reference_code: str
    channel: str
    receiving_agency_id: UUID
    receiving_agency_path: list[UUID]
    receiving_level: str
    summary: str
    identity_id: UUID | None
    anonymous: bool
    petitioner_count: int
    meeting_id: UUID | None
    instance: int
    first_instance_case_id: UUID | None
    first_decision_on: date | None
    handling_due_date: date

    def apply(self, aggregate: Any) -> None:
        case = aggregate
        case.reference_code = self.reference_code
        case.received_by = self.actor_id
        case.channel = Channel(self.channel)
        case.receiving_agency_id = self.receiving_agency_id
        case.summary = self.summary
        case.identity_id = self.identity_id
        case.anonymous = self.anonymous
        case.petitioner_count = self.petitioner_count
        case.meeting_id = self.meeting_id
        case.instance = self.instance
        case.first_instance_case_id = self.first_instance_case_id
        case.first_decision_on = self.first_decision_on
        case.received_on = self.legal_date
        case.handling_due_date = self.handling_due_date
        case.handling_agency_id = self.receiving_agency_id
        case.handling_agency_path = list(self.receiving_agency_path)
        case.handling_level = self.receiving_level
        case.status = Status.RECEIVED
        case.kind = None
        case.field = ""
        case.competent_agency_id = None
        case.competent_level = ""
        case.decision_known_on = None
        case.accepted_on = None
        case.rulebook_version = ""
        case.complexity = Complexity.ORDINARY
        case.remote = False
        case.limit_days = 0
        case.day_type = DayType.CALENDAR
        case.due_date = None
        case.extensions = 0
        case.officer_id = ""
        case.remaining_days = 0
        case.limit_end = None
        case.suspended_on = None
        case.verification_steps = 0
        case.outcome = ""
        case.effect_on_contested = None
        case.concluded_on = None
        case.notified_on = None
        case.published_on = None
        case.second_instance_case_id = None
        case.receiving_agency_path = list(self.receiving_agency_path)
        case.competent_agency_path = []
        case.received_beyond_level = False
        case.left_receiver = False
        super().apply(case)


class Classified(Acted):
    """The petition was classified by kind and its competent agency determined."""

    kind: str
    field: str
    competent_agency_id: UUID
    competent_agency_path: list[UUID]
    competent_level: str
    beyond_competence: bool
    decision_known_on: date | None
    handling_due_date: date

    def apply(self, aggregate: Any) -> None:
        aggregate.kind = Kind(self.kind)
        aggregate.field = self.field
        aggregate.competent_agency_id = self.competent_agency_id
        aggregate.competent_level = self.competent_level
        aggregate.competent_agency_path = list(self.competent_agency_path)
        aggregate.received_beyond_level = self.beyond_competence
        aggregate.decision_known_on = self.decision_known_on
        aggregate.handling_due_date = self.handling_due_date
        aggregate.status = Status.CLASSIFIED
        super().apply(aggregate)


class Archived(Acted):
    """The petition was filed away without settlement (ineligible, duplicate, anonymous...)."""

    grounds: str
    duplicate_of: UUID | None

    def apply(self, aggregate: Any) -> None:
        aggregate.status = Status.ARCHIVED
        super().apply(aggregate)


class Guided(Acted):
    """The citizen was told in writing which body to address."""

    directed_to: str

    def apply(self, aggregate: Any) -> None:
        aggregate.status = Status.GUIDED
        super().apply(aggregate)


class Referred(Acted):
    """The petition was transferred to another agency, which now handles it."""

    to_agency_id: UUID
    to_agency_path: list[UUID]
    to_level: str
    beyond_competence: bool

    def apply(self, aggregate: Any) -> None:
        aggregate.handling_agency_id = self.to_agency_id
        aggregate.handling_agency_path = list(self.to_agency_path)
        aggregate.handling_level = self.to_level
        aggregate.left_receiver = True
        aggregate.status = Status.REFERRED
        super().apply(aggregate)


class Accepted(Acted):
    """The handling agency accepted the case for settlement (thụ lý); the clock starts."""

    agency_id: UUID
    agency_path: list[UUID]
    level: str
    rulebook_version: str
    complexity: str
    remote: bool
    limit_days: int
    day_type: str
    due_date: date
    filing_days_excluded: int

    def apply(self, aggregate: Any) -> None:
        aggregate.handling_agency_id = self.agency_id
        aggregate.handling_agency_path = list(self.agency_path)
        aggregate.handling_level = self.level
        aggregate.rulebook_version = self.rulebook_version
        aggregate.complexity = Complexity(self.complexity)
        aggregate.remote = self.remote
        aggregate.limit_days = self.limit_days
        aggregate.day_type = DayType(self.day_type)
        aggregate.due_date = self.due_date
        aggregate.limit_end = _limit_end(self.legal_date, self.limit_days, aggregate)
        aggregate.accepted_on = self.legal_date
        aggregate.status = Status.IN_PROGRESS
        super().apply(aggregate)


class OfficerAssigned(Acted):
    """An officer was put in charge of the case."""

    officer_id: str

    def apply(self, aggregate: Any) -> None:
        aggregate.officer_id = self.officer_id
        super().apply(aggregate)


class DeadlineExtended(Acted):
    """A written decision extended the settlement time limit."""

    complexity: str
    extension_number: int
    days: int
    due_date: date

    def apply(self, aggregate: Any) -> None:
        aggregate.complexity = Complexity(self.complexity)
        aggregate.extensions = self.extension_number
        aggregate.limit_days += self.days
        aggregate.due_date = self.due_date
        aggregate.limit_end = _limit_end(aggregate.limit_end, self.days, aggregate)
        super().apply(aggregate)


class VerificationRecorded(Acted):
    """A verification step (document request, site visit, dialogue, expertise) was done."""

    step: str
    findings: str

    def apply(self, aggregate: Any) -> None:
        aggregate.verification_steps += 1
        super().apply(aggregate)


class Concluded(Acted):
    """The case was settled with a decision or conclusion stating its outcome."""

    outcome: str
    effect_on_contested: str | None
    decision_ref: str

    def apply(self, aggregate: Any) -> None:
        aggregate.outcome = self.outcome
        aggregate.effect_on_contested = self.effect_on_contested
        aggregate.concluded_on = self.legal_date
        aggregate.status = Status.CONCLUDED
        super().apply(aggregate)


class CitizenNotified(Acted):
    """The petitioner was notified of the result."""

    method: str

    def apply(self, aggregate: Any) -> None:
        aggregate.notified_on = self.legal_date
        super().apply(aggregate)


class DecisionPublished(Acted):
    """The decision or conclusion was made public."""

    method: str

    def apply(self, aggregate: Any) -> None:
        aggregate.published_on = self.legal_date
        super().apply(aggregate)


class Withdrawn(Acted):
    """The petitioner withdrew the petition, in whole or in part."""

    partial: bool
    proceeds: bool

    def apply(self, aggregate: Any) -> None:
        if not (self.partial or self.proceeds):
            aggregate.status = Status.WITHDRAWN
        super().apply(aggregate)


class Terminated(Acted):
    """Settlement was terminated (đình chỉ) on a legal ground other than withdrawal."""

    grounds: str

    def apply(self, aggregate: Any) -> None:
        aggregate.status = Status.TERMINATED
        super().apply(aggregate)


class Suspended(Acted):
    """Settlement was suspended (tạm đình chỉ); the clock stops."""

    remaining_days: int

    def apply(self, aggregate: Any) -> None:
        aggregate.remaining_days = self.remaining_days
        aggregate.suspended_on = self.legal_date
        aggregate.status = Status.SUSPENDED
        super().apply(aggregate)


class Resumed(Acted):
    """Settlement resumed; the clock restarts with the days that remained."""

    due_date: date

    def apply(self, aggregate: Any) -> None:
        aggregate.due_date = self.due_date
        aggregate.limit_end = _limit_end(self.legal_date, aggregate.remaining_days, aggregate)
        aggregate.suspended_on = None
        aggregate.remaining_days = 0
        aggregate.status = Status.IN_PROGRESS
        super().apply(aggregate)


class Reopened(Acted):
    """A closed case was re-opened for settlement, with a fresh time limit."""

    due_date: date

    def apply(self, aggregate: Any) -> None:
        aggregate.due_date = self.due_date
        aggregate.limit_end = _limit_end(self.legal_date, aggregate.limit_days, aggregate)
        aggregate.outcome = ""
        aggregate.effect_on_contested = None
        aggregate.concluded_on = None
        aggregate.notified_on = None
        aggregate.published_on = None
        aggregate.status = Status.IN_PROGRESS
        super().apply(aggregate)


class Appealed(Acted):
    """A second-instance complaint was filed against this case's decision."""

    second_instance_case_id: UUID

    def apply(self, aggregate: Any) -> None:
        # The appeal is the citizen's act, often dated before the first case's last act
        # (a notice or publication entered earlier): it must not rewind the chronology.
        last_act_on = max(aggregate.last_act_on, self.legal_date)
        aggregate.second_instance_case_id = self.second_instance_case_id
        super().apply(aggregate)
        aggregate.last_act_on = last_act_on


def _limit_end(start: date, days: int, aggregate: Any) -> date:
    """The limit's last day before any roll past a day off (the due date for working days).

    Later extensions count from here, so a roll-forward is never counted twice.
    """
    if aggregate.day_type == DayType.CALENDAR:
        return start + timedelta(days=days)
    due: date = aggregate.due_date
    return due


class Transferred(Acted):
    """An open case moved, with its whole history, to another competent agency.

    `grounds` is "succession" when the agency holding it was dissolved or merged
    (the 2025 reform), with the version of the succession rule that chose the
    successor, or "competence" when another body is competent. The time limit runs
    on: the successor continues the settlement, it does not restart it.
    """

    grounds: str
    from_agency_id: UUID
    to_agency_id: UUID
    to_agency_path: list[UUID]
    to_level: str
    to_kind: str
    succession_rule_version: str

    def apply(self, aggregate: Any) -> None:
        if aggregate.competent_agency_id == self.from_agency_id:
            aggregate.competent_agency_id = self.to_agency_id
            aggregate.competent_agency_path = list(self.to_agency_path)
            aggregate.competent_level = self.to_level
        aggregate.handling_agency_id = self.to_agency_id
        aggregate.handling_agency_path = list(self.to_agency_path)
        aggregate.handling_level = self.to_level
        aggregate.left_receiver = True
        aggregate.officer_id = ""
        super().apply(aggregate)
