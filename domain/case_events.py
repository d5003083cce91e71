"""The event catalogue of a case: what each fact records and how it changes the case.

Each event is subclassed inside `Case`, so its stored topic is
`domain.case:Case.<Name>`. Never rename one; evolve it with `class_version` and
`upcast_vN_vM`. Every event carries the attribution of `Acted`: the acting
officer, their agency, the legal date of the act, and the reason and legal basis
where the law asks for them; the time it was recorded is the event's `timestamp`.
`apply` only assigns state: every check happens in the command that triggers it.

Version 2 of the events that store a due date also records the calendar it was
computed with (`calendar_version`: the `holidays` package's version and the
declared days that mattered; empty on events stored before) and whether the limit
behind it is confirmed law (`limit_confirmed`).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.calendar import DayType
from domain.kinds import Channel, Complexity, Kind, Procedure, Status

UNRECORDED = ""  # the calendar of an event stored before calendars were recorded
# The intake limits of rule book VN-2020.1, the only one before events recorded them.
V1_INTAKE: dict[str | None, tuple[int, str, bool]] = {
    None: (10, DayType.WORKING.value, False),
    Kind.COMPLAINT.value: (10, DayType.CALENDAR.value, False),
    Kind.DENUNCIATION.value: (7, DayType.WORKING.value, True),
}
STATUTORY_V1 = frozenset({Kind.COMPLAINT, Kind.DENUNCIATION})
# A petition received before version 3 of `Received`: no forwarding body, place or service.
NO_INTAKE_DETAILS: dict[str, Any] = {
    "origin": None,
    "location": None,
    "media_url": "",
    "service_code": "",
    "service_attributes": {},
    "intake_rules": "",
    "beyond_level_by_routing": None,
}


def _v1_intake(state: dict[str, Any], kind: str | None) -> None:
    days, day_type, confirmed = V1_INTAKE.get(kind, V1_INTAKE[None])
    state.setdefault("handling_limit_days", days)
    state.setdefault("handling_day_type", day_type)
    state.setdefault("limit_confirmed", confirmed)
    state.setdefault("calendar_version", UNRECORDED)


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
    first_decision_on: date | None  # the day the second-instance filing limit runs from
    handling_due_date: date
    handling_limit_days: int
    handling_day_type: str
    limit_confirmed: bool
    calendar_version: str
    second_instance_basis: str  # notified / unanswered / not_notified ("" first instance)
    competence_rule: str  # the rule naming the second-instance body ("" first instance)
    further_of_case_id: UUID | None  # a further denunciation of this (overdue or wrong) case
    split_from_case_id: UUID | None  # a part split off this mixed petition
    handling_from: date | None  # when the handling clock starts, if not on receipt
    # Version 3 (issue 14): where it came from. `origin`: the forwarding body (kind, name,
    # dispatch_number, dispatch_date); `location`: lat, long, address; the online service
    # (Open311) it was filed through, its attributes, the rules version and matched rule,
    # and the routing's verdict on vượt cấp (None: the tree decides, as for any petition).
    origin: dict[str, Any] | None
    location: dict[str, Any] | None
    media_url: str
    service_code: str
    service_attributes: dict[str, str]
    intake_rules: str
    beyond_level_by_routing: bool | None
    # Version 4 (docs/summary-sealing.md): `summary` is sealed under the data key
    # `summary_key_id` (the identity's, or the case's own when anonymous); None: plain
    # text, as every event stored before version 4 holds it.
    summary_key_id: UUID | None

    class_version = 4

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        _v1_intake(state, None)
        second = state.get("first_instance_case_id") is not None
        state["second_instance_basis"] = "decision_or_deadline" if second else ""
        state["competence_rule"] = "filed above the deciding agency (v1)" if second else ""
        state["further_of_case_id"] = None
        state["split_from_case_id"] = None
        state["handling_from"] = None

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state.update({**NO_INTAKE_DETAILS, "service_attributes": {}})

    @staticmethod
    def upcast_v3_v4(state: dict[str, Any]) -> None:
        state["summary_key_id"] = None

    def apply(self, aggregate: Any) -> None:
        case = aggregate
        case.reference_code = self.reference_code
        case.received_by = self.actor_id
        case.channel = Channel(self.channel)
        case.receiving_agency_id = self.receiving_agency_id
        case.summary = self.summary
        case.summary_key_id = self.summary_key_id
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
        for name, value in (self._v2_state() | initial_step_state()).items():
            setattr(case, name, value)
        super().apply(case)

    def _v2_state(self) -> dict[str, Any]:
        return {
            "handling_start": self.handling_from or self.legal_date,
            "handling_limit_days": self.handling_limit_days,
            "handling_day_type": DayType(self.handling_day_type),
            "handling_confirmed": self.limit_confirmed,
            "further_of_case_id": self.further_of_case_id,
            "split_from_case_id": self.split_from_case_id,
            "origin": self.origin,
            "location": self.location,
            "media_url": self.media_url,
            "service_code": self.service_code,
            "beyond_level_by_routing": self.beyond_level_by_routing,
        }


def initial_step_state() -> dict[str, Any]:
    """State of the steps added in version 2, before any of them happened."""
    return {
        "procedure": Procedure.ADMINISTRATIVE,
        "due_confirmed": True,
        "clock_start": None,
        "clock_days": 0,
        "check_extended": False,
        "termination_grounds": "",
        "acceptance_notice_due_date": None,
        "acceptance_notified_on": None,
        "refusal_notified_on": None,
        "publication_due_date": None,
        "enforcement_due_date": None,
        "enforcement_confirmed": False,
        "enforcement_started_on": None,
        "further_case_id": None,
        "part_case_ids": [],
        "reexaminations": 0,
        "awaiting_referral_receipt": False,
        "notice_confirmed": True,
        "publication_confirmed": True,
        "in_force_on": None,
    }


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
    procedure: str
    handling_limit_days: int
    handling_day_type: str
    limit_confirmed: bool
    calendar_version: str
    rulebook_version: str  # the rule book of the intake limit ("" before v3)

    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        _v1_intake(state, state["kind"])
        state["procedure"] = Procedure.ADMINISTRATIVE.value

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["rulebook_version"] = UNRECORDED

    def apply(self, aggregate: Any) -> None:
        aggregate.procedure = Procedure(self.procedure)
        aggregate.handling_limit_days = self.handling_limit_days
        aggregate.handling_day_type = DayType(self.handling_day_type)
        aggregate.handling_confirmed = self.limit_confirmed
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
    # An anonymous denunciation naming a violator with concrete evidence is not settled as
    # a denunciation but forwarded for inspection (Law on Denunciations art. 25).
    inspection_agency_id: UUID | None
    inspection_agency_path: list[UUID] | None

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["inspection_agency_id"] = None
        state["inspection_agency_path"] = None

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
    """The petition was transferred to another agency, which now handles it.

    The receiving agency's own handling clock (Law on Complaints art. 27). Version 3
    (`clock_from_receipt`) records the limit only: it starts when the receiver records
    the day it received the petition (`ReferralReceived`). Version 2 started it on the
    referral's date; before v2, a referred petition kept the first receiver's due date.
    """

    to_agency_id: UUID
    to_agency_path: list[UUID]
    to_level: str
    beyond_competence: bool
    handling_due_date: date | None
    handling_limit_days: int | None
    handling_day_type: str | None
    limit_confirmed: bool | None
    calendar_version: str
    rulebook_version: str
    clock_from_receipt: bool

    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["handling_due_date"] = None
        state["handling_limit_days"] = None
        state["handling_day_type"] = None
        state["limit_confirmed"] = None
        state["calendar_version"] = UNRECORDED

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["rulebook_version"] = UNRECORDED
        state["clock_from_receipt"] = False

    def apply(self, aggregate: Any) -> None:
        if self.clock_from_receipt and self.handling_day_type is not None:
            aggregate.awaiting_referral_receipt = True
            aggregate.handling_due_date = None
            aggregate.handling_limit_days = self.handling_limit_days
            aggregate.handling_day_type = DayType(self.handling_day_type)
            aggregate.handling_confirmed = bool(self.limit_confirmed)
        elif self.handling_due_date is not None and self.handling_day_type is not None:
            aggregate.handling_start = self.legal_date
            aggregate.handling_due_date = self.handling_due_date
            aggregate.handling_limit_days = self.handling_limit_days
            aggregate.handling_day_type = DayType(self.handling_day_type)
            aggregate.handling_confirmed = bool(self.limit_confirmed)
        aggregate.handling_agency_id = self.to_agency_id
        aggregate.handling_agency_path = list(self.to_agency_path)
        aggregate.handling_level = self.to_level
        aggregate.left_receiver = True
        aggregate.status = Status.REFERRED
        super().apply(aggregate)
