"""The case aggregate: one petition from receipt, through intake, to settlement.

One aggregate serves the four kinds; what differs by kind (outcomes, time
limits, extensions, filing limits) is data in `domain.kinds` and `domain.rules`.
Public methods check the rules and compute dates; the private `@event` methods
only assign state, because they re-run on every replay. The commands are mixed in
by stage (`domain.case_intake`, `domain.case_settlement`, `domain.case_conclusion`,
`domain.case_steps`, `domain.case_corrections`, ...); the aggregate's state and its
stored event classes stay here, where their topics name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import case_events as ev
from domain import case_step_events as sev
from domain import settlement_events as stl
from domain.act import Act
from domain.calendar import DayType, WorkingCalendar
from domain.case_clocks import CaseClocks
from domain.case_conclusion import CaseConclusion
from domain.case_corrections import CaseCorrections
from domain.case_filing import CaseFiling, check_petition, received_fields
from domain.case_intake import CaseIntake
from domain.case_privacy import CasePrivacy
from domain.case_referral import CaseReferral
from domain.case_settlement import CaseSettlement
from domain.case_steps import CaseSteps
from domain.errors import InvalidTransitionError
from domain.intake import Location, Origin, ServiceIntake
from domain.kinds import FINAL_STATUSES, Channel, Complexity, Kind, Procedure, Status
from domain.overdue import is_overdue, item_overdue
from domain.rules import RULES, RuleBooks
from domain.sealing import SummarySeal
from domain.snapshots import SealedSnapshot


@dataclass(frozen=True)
class AgencyRef:
    """An agency as it stood when a case event happened: its id, ancestry, level and kind."""

    id: UUID
    path: list[UUID]  # from the root down to and including `id`
    level: str
    kind: str = "peoples_committee"  # a `domain.agency_kinds.AgencyKind` value
    code: str = ""  # the registry's code, which names a ministry in the competence rules


@dataclass(frozen=True)
class Petition:
    """What is known of a petition when it is received."""

    reference_code: str
    channel: Channel
    summary: str
    identity_id: UUID | None = None
    petitioner_count: int = 1
    meeting_id: UUID | None = None
    visit_id: UUID | None = None  # the visit at the meeting it came with, if recorded first
    # Taken at a meeting without a visit: the representatives its delegation chose.
    representatives: int = 0
    origin: Origin | None = None  # the body that forwarded it (channel "forwarded")
    location: Location | None = None  # the place it is about
    service: ServiceIntake | None = None  # the online service it was filed through (Open311)


class Case(
    Aggregate,
    CaseIntake,
    CaseSettlement,
    CaseConclusion,
    CaseSteps,
    CaseCorrections,
    CaseClocks,
    CaseFiling,
    CaseReferral,
    CasePrivacy,
):
    """A petition and, once accepted, the case (vụ việc) it became."""

    reference_code: str
    received_by: str
    channel: Channel
    receiving_agency_id: UUID
    summary: str
    identity_id: UUID | None
    anonymous: bool
    petitioner_count: int
    meeting_id: UUID | None
    instance: int
    first_instance_case_id: UUID | None
    first_decision_on: date | None
    received_on: date
    handling_due_date: date | None  # None while a referred petition awaits its receipt
    handling_agency_id: UUID
    handling_agency_path: list[UUID]
    handling_level: str
    status: Status
    kind: Kind | None
    field: str
    competent_agency_id: UUID | None
    competent_level: str
    decision_known_on: date | None
    accepted_on: date | None
    rulebook_version: str
    complexity: Complexity
    remote: bool
    limit_days: int
    day_type: DayType
    due_date: date | None
    extensions: int
    officer_id: str
    remaining_days: int
    limit_end: date | None
    suspended_on: date | None
    verification_steps: int
    outcome: str
    effect_on_contested: str | None
    concluded_on: date | None
    notified_on: date | None
    published_on: date | None
    second_instance_case_id: UUID | None
    last_act_on: date
    # Since class version 2, state of the steps and clocks of issue 8 is declared in the
    # mixins (`domain.case_steps`, `domain.case_clocks`); the snapshot upcast fills it in.
    handling_start: date
    procedure: Procedure
    further_case_id: UUID | None
    split_from_case_id: UUID | None
    part_case_ids: list[UUID]
    reexaminations: int

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot taken before version 2: the new state as the old events leave it."""
        kind = state.get("kind")
        days, day_type, confirmed = ev.V1_INTAKE.get(kind, ev.V1_INTAKE[None])
        state.update(
            handling_start=state["received_on"],
            handling_limit_days=days,
            handling_day_type=day_type,
            handling_confirmed=confirmed,
            further_of_case_id=None,
            split_from_case_id=None,
        )
        state.update(ev.initial_step_state())
        state["due_confirmed"] = kind in ev.STATUTORY_V1 if state.get("due_date") else True
        end = state.get("limit_end")
        state["clock_start"] = end
        state["termination_grounds"] = ""

    # Vượt cấp from the tree. Class defaults serve snapshots taken before these existed.
    receiving_agency_path: list[UUID] | tuple[()] = ()
    competent_agency_path: list[UUID] | tuple[()] = ()
    received_beyond_level: bool = False
    left_receiver: bool = False
    # State of the corrections of the law review; defaults serve older snapshots.
    awaiting_referral_receipt: bool = False
    notice_confirmed: bool = True
    publication_confirmed: bool = True
    in_force_on: date | None = None
    # Version 3 of `Received` (issue 14): where the petition came from. Class defaults serve
    # snapshots taken before; all are plain JSON values (dicts, not dataclasses).
    origin: dict[str, Any] | None = None
    location: dict[str, Any] | None = None
    media_url: str = ""
    service_code: str = ""
    beyond_level_by_routing: bool | None = None
    # Version 4 of `Received`: `summary` sealed under this data key (None: plain text).
    summary_key_id: UUID | None = None
    summary_shredded: bool = False  # `SummaryShredded`: the summary's own key was erased

    def __init__(self) -> None:
        """State is assigned by `Received.apply`; use `receive()` to create a case."""

    class Snapshot(SealedSnapshot):
        """A sealed snapshot whose JSON strings become the case's enums again when loaded.

        Version 2 (`SealedSnapshot`) added its MAC; the stored topic is unchanged.
        """

        def mutate(self, _: None) -> Case:
            case = super().mutate(None)
            if not isinstance(case, Case):
                raise TypeError("a case snapshot restored something else")
            _restore_enums(case)
            return case

    # The stored topics are `domain.case:Case.<Name>`: never rename these attributes.
    class Received(ev.Received):
        pass

    class Classified(ev.Classified):
        pass

    class Archived(ev.Archived):
        pass

    class Guided(ev.Guided):
        pass

    class Referred(ev.Referred):
        pass

    class Accepted(stl.Accepted):
        pass

    class OfficerAssigned(stl.OfficerAssigned):
        pass

    class DeadlineExtended(stl.DeadlineExtended):
        pass

    class VerificationRecorded(stl.VerificationRecorded):
        pass

    class Concluded(stl.Concluded):
        pass

    class CitizenNotified(stl.CitizenNotified):
        pass

    class DecisionPublished(stl.DecisionPublished):
        pass

    class Withdrawn(stl.Withdrawn):
        pass

    class Terminated(stl.Terminated):
        pass

    class Suspended(stl.Suspended):
        pass

    class Resumed(stl.Resumed):
        pass

    class Reopened(stl.Reopened):
        pass

    class DueDateCorrected(sev.DueDateCorrected):
        pass

    class CheckExtended(sev.CheckExtended):
        pass

    class KindCorrected(sev.KindCorrected):
        pass

    class PartSplitOff(sev.PartSplitOff):
        pass

    class AcceptanceNotified(sev.AcceptanceNotified):
        pass

    class RefusalNotified(sev.RefusalNotified):
        pass

    class EnforcementStarted(sev.EnforcementStarted):
        pass

    class FurtherDenounced(sev.FurtherDenounced):
        pass

    class Appealed(stl.Appealed):
        pass

    class Transferred(stl.Transferred):
        pass

    class ReferralReceived(sev.ReferralReceived):
        pass

    class ChasedUp(sev.ChasedUp):
        pass

    class SummaryShredded(sev.SummaryShredded):
        pass

    @classmethod
    def receive(
        cls,
        petition: Petition,
        agency: AgencyRef,
        act: Act,
        calendar: WorkingCalendar,
        *,
        rules: RuleBooks = RULES,
        seal: SummarySeal | None = None,
    ) -> Case:
        """Record a petition received by `agency`, before it is classified.

        `seal` seals its summary (docs/summary-sealing.md); without it the summary is
        recorded in plain text, as before version 4 of `Received`.
        """
        check_petition(petition)
        intake = rules.in_force(act.legal_date).intake_limit(None)
        fields = received_fields(petition, agency, act, calendar, intake, seal)
        return cls._create(cls.Received, **fields)

    # ----- links ------------------------------------------------------------------------

    def record_appeal(self, second_instance_case_id: UUID, act: Act) -> None:
        """Link the second-instance complaint filed against this case."""
        self.second_instance_basis(act.legal_date)
        self.trigger_event(
            self.Appealed, second_instance_case_id=second_instance_case_id, **act.fields()
        )

    # ----- queries ------------------------------------------------------------------------

    def record_further_denunciation(self, further_case_id: UUID, act: Act) -> None:
        """Link the further denunciation filed with the superior."""
        self.further_denunciation_allowed(act.legal_date)
        self.trigger_event(self.FurtherDenounced, further_case_id=further_case_id, **act.fields())

    def is_overdue(self, on: date) -> bool:
        """The settlement limit has passed on `on`: in progress (not suspended), after its due date.

        The rules use this (an unanswered first instance, a further denunciation);
        what staff see is `overdue_on`, which also follows the intake clock.
        """
        return is_overdue(self.due_date, on, open_=self.status == Status.IN_PROGRESS)

    def overdue_on(self, on: date) -> bool:
        """Overdue on `on` by the running clock (`domain.overdue`, the one definition)."""
        return item_overdue(self.status, self.handling_due_date, self.due_date, on)

    @property
    def agency_paths(self) -> tuple[list[UUID], ...]:
        """The receiving, competent and handling agencies' paths: where the case comes from."""
        paths = (self.receiving_agency_path, self.competent_agency_path, self.handling_agency_path)
        return tuple(list(p) for p in paths)

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    # ----- guards -------------------------------------------------------------------------

    def _require_status(self, allowed: set[Status] | frozenset[Status], action: str) -> None:
        if self.status not in allowed:
            raise InvalidTransitionError(f"cannot {action} a case that is {self.status}")

    def _require_classified(self, action: str) -> Kind:
        if self.kind is None:
            raise InvalidTransitionError(f"cannot {action} a petition that is not classified")
        if action in {"guide", "refer", "accept"}:
            self._require_status({Status.CLASSIFIED, Status.REFERRED}, action)
        return self.kind

    def _require_chronology(self, act: Act) -> None:
        act.require_not_before(self.last_act_on, "previous act on this case")

    def _require_due_date(self) -> date:
        if self.due_date is None:
            raise InvalidTransitionError("the case has not been accepted")
        return self.due_date


def _restore_enums(case: Case) -> None:
    case.status = Status(case.status)
    case.channel = Channel(case.channel)
    case.kind = Kind(case.kind) if case.kind else None
    case.complexity = Complexity(case.complexity)
    case.day_type = DayType(case.day_type)
    case.handling_day_type = DayType(case.handling_day_type)
    case.procedure = Procedure(case.procedure)
