"""The case aggregate: one petition from receipt, through intake, to settlement.

One aggregate serves the four kinds; what differs by kind (outcomes, time
limits, extensions, filing limits) is data in `domain.kinds` and `domain.rules`.
Public methods check the rules and compute dates; the private `@event` methods
only assign state, because they re-run on every replay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.domain import Snapshot as LibrarySnapshot

from domain import case_events as ev
from domain.act import Act
from domain.calendar import DayType, WorkingCalendar
from domain.errors import (
    ChronologyError,
    ExtensionNotAllowedError,
    InvalidOutcomeError,
    InvalidTransitionError,
    RuleViolationError,
    TimeLimitExpiredError,
)
from domain.kinds import (
    FINAL_STATUSES,
    INTAKE_STATUSES,
    OPEN_CASE_STATUSES,
    OUTCOMES,
    ArchiveGrounds,
    Channel,
    Complexity,
    EffectOnContested,
    Kind,
    Status,
    TerminationGrounds,
)
from domain.routing import received_beyond_level, referred_beyond_level
from domain.rules import RuleBook, rulebook_by_version, rulebook_in_force
from domain.succession import TRANSFERABLE_STATUSES, TransferGrounds
from domain.text import MAX_TEXT, clean_label, clean_text

SECOND_INSTANCE = 2
TERMINATION_KINDS = {
    TerminationGrounds.DENOUNCED_DIED: frozenset({Kind.DENUNCIATION}),
    TerminationGrounds.COMPLAINANT_DIED: frozenset({Kind.COMPLAINT}),
}


@dataclass(frozen=True)
class AgencyRef:
    """An agency as it stood when a case event happened: its id, ancestry, level and kind."""

    id: UUID
    path: list[UUID]  # from the root down to and including `id`
    level: str
    kind: str = "peoples_committee"  # a `domain.agency_kinds.AgencyKind` value


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


class Case(Aggregate):
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
    handling_due_date: date
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
    # Vượt cấp from the tree. Class defaults serve snapshots taken before these existed.
    receiving_agency_path: list[UUID] | tuple[()] = ()
    competent_agency_path: list[UUID] | tuple[()] = ()
    received_beyond_level: bool = False
    left_receiver: bool = False

    def __init__(self) -> None:
        """State is assigned by `Received.apply`; use `receive()` to create a case."""

    class Snapshot(LibrarySnapshot):
        """A snapshot whose JSON strings become the case's enums again when loaded."""

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

    class Accepted(ev.Accepted):
        pass

    class OfficerAssigned(ev.OfficerAssigned):
        pass

    class DeadlineExtended(ev.DeadlineExtended):
        pass

    class VerificationRecorded(ev.VerificationRecorded):
        pass

    class Concluded(ev.Concluded):
        pass

    class CitizenNotified(ev.CitizenNotified):
        pass

    class DecisionPublished(ev.DecisionPublished):
        pass

    class Withdrawn(ev.Withdrawn):
        pass

    class Terminated(ev.Terminated):
        pass

    class Suspended(ev.Suspended):
        pass

    class Resumed(ev.Resumed):
        pass

    class Reopened(ev.Reopened):
        pass

    class Appealed(ev.Appealed):
        pass

    class Transferred(ev.Transferred):
        pass

    @classmethod
    def receive(
        cls, petition: Petition, agency: AgencyRef, act: Act, calendar: WorkingCalendar
    ) -> Case:
        """Record a petition received by `agency`, before it is classified."""
        _check_petition(petition)
        return cls._create(
            cls.Received, **_received_fields(petition, agency, act, calendar, None, None)
        )

    @classmethod
    def file_second_instance(
        cls,
        first: Case,
        petition: Petition,
        agency: AgencyRef,
        act: Act,
        calendar: WorkingCalendar,
    ) -> Case:
        """Record a second-instance complaint against `first`'s decision (or its silence)."""
        _check_petition(petition)
        if agency.id not in first.handling_agency_path or agency.id == first.handling_agency_id:
            raise RuleViolationError(
                "a second-instance complaint is filed with an agency above the one that decided"
            )
        basis = first.second_instance_basis(act.legal_date)
        fields = _received_fields(petition, agency, act, calendar, first.id, basis)
        return cls._create(cls.Received, **fields)

    # ----- intake -------------------------------------------------------------------------

    def classify(
        self,
        kind: Kind,
        field: str,
        competent: AgencyRef,
        act: Act,
        calendar: WorkingCalendar,
        decision_known_on: date | None = None,
    ) -> None:
        """Decide the kind and the competent agency; may be corrected until acceptance."""
        self._require_status(INTAKE_STATUSES, "classify")
        self._require_chronology(act)
        if self.instance == SECOND_INSTANCE and kind != Kind.COMPLAINT:
            raise RuleViolationError("a second-instance petition is always a complaint")
        if decision_known_on is not None and decision_known_on > self.received_on:
            raise RuleViolationError("decision_known_on is after the petition was received")
        limit = rulebook_in_force(self.received_on).intake_limit(kind)
        self.trigger_event(
            self.Classified,
            kind=kind.value,
            field=_label(field, "field"),
            competent_agency_id=competent.id,
            competent_agency_path=list(competent.path),
            competent_level=competent.level,
            beyond_competence=self._beyond_level_at_receipt(competent),
            decision_known_on=decision_known_on,
            handling_due_date=calendar.add(self.received_on, limit.days, limit.day_type),
            **act.fields(),
        )

    def archive(self, grounds: ArchiveGrounds, act: Act, duplicate_of: UUID | None = None) -> None:
        """File the petition away, with the grounds and a written reason."""
        self._require_status(INTAKE_STATUSES, "archive")
        self._require_chronology(act.require_reason())
        if (grounds == ArchiveGrounds.DUPLICATE) != (duplicate_of is not None):
            raise RuleViolationError("duplicate_of is required exactly for duplicates")
        if duplicate_of == self.id:
            raise RuleViolationError("a petition cannot duplicate itself")
        self.trigger_event(
            self.Archived, grounds=grounds.value, duplicate_of=duplicate_of, **act.fields()
        )

    def guide(self, directed_to: str, act: Act) -> None:
        """Answer with guidance: the citizen is told which body to address."""
        self._require_classified("guide")
        self._require_chronology(act)
        self.trigger_event(
            self.Guided,
            directed_to=_label(directed_to, "directed_to", required=True),
            **act.fields(),
        )

    def refer(self, to: AgencyRef, act: Act) -> None:
        """Transfer the petition to another agency, which then handles it."""
        self._require_classified("refer")
        self._require_chronology(act)
        if to.id == self.handling_agency_id:
            raise RuleViolationError("the petition is already with that agency")
        self.trigger_event(
            self.Referred,
            to_agency_id=to.id,
            to_agency_path=list(to.path),
            to_level=to.level,
            beyond_competence=referred_beyond_level(to.id, self.competent_agency_path),
            **act.fields(),
        )

    def _beyond_level_at_receipt(self, competent: AgencyRef) -> bool:
        """Whether the receiving agency is an ancestor of the competent one (vượt cấp).

        The receiving agency decides it with its classification, and may correct
        itself while it holds the petition; once the petition has left it (referred
        or transferred), the fact is fixed: no later classification erases it.
        """
        if self.left_receiver:
            return self.received_beyond_level
        return received_beyond_level(self.receiving_agency_id, competent.path)

    def transfer(
        self,
        to: AgencyRef,
        act: Act,
        grounds: TransferGrounds = TransferGrounds.COMPETENCE,
        succession_rule_version: str = "",
    ) -> None:
        """Move an open case, accepted or not, with its history to another competent agency.

        For a successor after a merger or dissolution (Resolution 190/2025/QH15: the
        receiving body continues the files of the reorganised one) `grounds` is
        succession and the rule that chose the successor is recorded; otherwise the
        act's reason says why the other body is competent. The clock runs on.
        """
        self._require_status(TRANSFERABLE_STATUSES, "transfer")
        self._require_chronology(act.require_reason())
        if to.id == self.handling_agency_id:
            raise RuleViolationError("the case is already with that agency")
        if (grounds == TransferGrounds.SUCCESSION) != bool(succession_rule_version):
            raise RuleViolationError("a succession rule version is given exactly for successions")
        self.trigger_event(
            self.Transferred,
            grounds=grounds.value,
            from_agency_id=self.handling_agency_id,
            to_agency_id=to.id,
            to_agency_path=list(to.path),
            to_level=to.level,
            to_kind=to.kind,
            succession_rule_version=succession_rule_version,
            **act.fields(),
        )

    # ----- settlement ---------------------------------------------------------------------

    def accept(
        self,
        agency: AgencyRef,
        act: Act,
        calendar: WorkingCalendar,
        complexity: Complexity = Complexity.ORDINARY,
        remote: bool = False,
        filing_days_excluded: int = 0,
    ) -> None:
        """Accept the case for settlement under `agency`'s jurisdiction; the clock starts."""
        kind = self._require_classified("accept")
        self._require_chronology(act)
        if agency.id != self.handling_agency_id:
            raise RuleViolationError("only the agency holding the petition can accept it")
        if self.anonymous:
            raise RuleViolationError(
                "an anonymous petition is archived, not accepted (an anonymous denunciation "
                "with concrete evidence is inspected, not settled as a denunciation)"
            )
        if filing_days_excluded < 0:
            raise RuleViolationError("filing_days_excluded cannot be negative")
        book = rulebook_in_force(act.legal_date)
        self._check_filing_limit(book, kind, remote, filing_days_excluded, calendar)
        limit = book.resolution_limit(kind, self.instance, complexity, remote)
        self.trigger_event(
            self.Accepted,
            agency_id=agency.id,
            agency_path=list(agency.path),
            level=agency.level,
            rulebook_version=book.version,
            complexity=complexity.value,
            remote=remote,
            limit_days=limit.days,
            day_type=limit.day_type.value,
            due_date=calendar.add(act.legal_date, limit.days, limit.day_type),
            filing_days_excluded=filing_days_excluded,
            **act.fields(),
        )

    def _check_filing_limit(
        self,
        book: RuleBook,
        kind: Kind,
        remote: bool,
        excluded_days: int,
        calendar: WorkingCalendar,
    ) -> None:
        limit = book.filing_limit(kind, self.instance, remote)
        start = (
            self.first_decision_on if self.instance == SECOND_INSTANCE else self.decision_known_on
        )
        if limit is None:
            return
        if start is None:
            raise RuleViolationError("decision_known_on is required to accept a complaint")
        last_day = calendar.add(start, limit.days + excluded_days, limit.day_type)
        if self.received_on > last_day:
            elapsed = (self.received_on - start).days - excluded_days
            raise TimeLimitExpiredError(
                f"filed {elapsed} days after {start}; the limit is {limit.days} ({limit.source})"
            )

    def assign(self, officer_id: str, act: Act) -> None:
        """Put an officer in charge of an accepted case."""
        self._require_status(OPEN_CASE_STATUSES, "assign")
        self._require_chronology(act)
        self.trigger_event(
            self.OfficerAssigned,
            officer_id=_label(officer_id, "officer_id", required=True),
            **act.fields(),
        )

    def extend_deadline(
        self, complexity: Complexity, days: int, act: Act, calendar: WorkingCalendar
    ) -> None:
        """Extend the time limit by written decision, where the law allows it for the kind."""
        self._require_status({Status.IN_PROGRESS}, "extend the deadline of")
        self._require_chronology(act.require_reason())
        due = self._require_due_date()
        days = self._allowed_extension(complexity, days)
        self.trigger_event(
            self.DeadlineExtended,
            complexity=complexity.value,
            extension_number=self.extensions + 1,
            days=days,
            due_date=calendar.add(self.limit_end or due, days, self.day_type),
            **act.fields(),
        )

    def _allowed_extension(self, complexity: Complexity, days: int) -> int:
        kind = self._require_classified("extend")
        book = rulebook_by_version(self.rulebook_version)
        if kind == Kind.COMPLAINT:
            if complexity != Complexity.COMPLEX or self.complexity == Complexity.COMPLEX:
                raise ExtensionNotAllowedError("a complaint can be extended once, as complex")
            longer = book.resolution_limit(kind, self.instance, complexity, self.remote)
            return longer.days - self.limit_days
        rule = book.extension_rule(kind, complexity)
        if rule is None:
            raise ExtensionNotAllowedError(f"no extension is allowed for a {kind} as {complexity}")
        if self.extensions >= rule.max_extensions:
            raise ExtensionNotAllowedError(f"at most {rule.max_extensions} extension(s) allowed")
        if not 0 < days <= rule.max_days_each:
            raise ExtensionNotAllowedError(f"an extension is 1 to {rule.max_days_each} days")
        return days

    def record_verification(self, step: str, findings: str, act: Act) -> None:
        """Record one verification step of an accepted case."""
        self._require_status({Status.IN_PROGRESS}, "verify")
        self._require_chronology(act)
        self.trigger_event(
            self.VerificationRecorded,
            step=_label(step, "step", required=True),
            findings=_text(findings, "findings"),
            **act.fields(),
        )

    def conclude(
        self,
        outcome: str,
        decision_ref: str,
        act: Act,
        effect_on_contested: EffectOnContested | None = None,
    ) -> None:
        """Settle the case with an outcome allowed for its kind."""
        kind = self._require_classified("conclude")
        self._require_status({Status.IN_PROGRESS}, "conclude")
        self._require_chronology(act)
        if outcome not in OUTCOMES[kind]:
            allowed = ", ".join(sorted(OUTCOMES[kind]))
            raise InvalidOutcomeError(f"a {kind} ends as one of: {allowed}")
        if (kind == Kind.COMPLAINT) != (effect_on_contested is not None):
            raise InvalidOutcomeError("effect_on_contested is required exactly for complaints")
        self.trigger_event(
            self.Concluded,
            outcome=outcome,
            effect_on_contested=effect_on_contested.value if effect_on_contested else None,
            decision_ref=_label(decision_ref, "decision_ref", required=True),
            **act.fields(),
        )

    def notify_citizen(self, method: str, act: Act) -> None:
        """Record that the petitioner was notified of the result."""
        self._require_status({Status.CONCLUDED}, "notify the citizen of")
        self._require_chronology(act)
        if self.notified_on is not None:
            raise InvalidTransitionError("the citizen was already notified")
        self.trigger_event(
            self.CitizenNotified, method=_label(method, "method", required=True), **act.fields()
        )

    def publish_decision(self, method: str, act: Act) -> None:
        """Record the publication of the decision or conclusion."""
        self._require_status({Status.CONCLUDED}, "publish the decision of")
        self._require_chronology(act)
        if self.published_on is not None:
            raise InvalidTransitionError("the decision was already published")
        self.trigger_event(
            self.DecisionPublished, method=_label(method, "method", required=True), **act.fields()
        )

    # ----- interruptions ------------------------------------------------------------------

    def withdraw(self, act: Act, partial: bool = False, proceeds: bool = False) -> None:
        """Record a written withdrawal; a denunciation may proceed regardless (art. 33)."""
        self._require_status(INTAKE_STATUSES | OPEN_CASE_STATUSES, "withdraw")
        self._require_chronology(act)
        if proceeds and self.kind != Kind.DENUNCIATION:
            raise RuleViolationError("only a denunciation proceeds after withdrawal")
        self.trigger_event(self.Withdrawn, partial=partial, proceeds=proceeds, **act.fields())

    def terminate(self, grounds: TerminationGrounds, act: Act) -> None:
        """Terminate settlement (đình chỉ) on a legal ground other than withdrawal."""
        self._require_status(OPEN_CASE_STATUSES, "terminate")
        self._require_chronology(act.require_reason())
        kinds = TERMINATION_KINDS.get(grounds)
        if kinds is not None and self.kind not in kinds:
            raise RuleViolationError(f"{grounds} is no ground to terminate a {self.kind}")
        self.trigger_event(self.Terminated, grounds=grounds.value, **act.fields())

    def suspend(self, act: Act, calendar: WorkingCalendar) -> None:
        """Suspend settlement; the days left until the due date are kept for resumption."""
        self._require_status({Status.IN_PROGRESS}, "suspend")
        self._require_chronology(act.require_reason())
        due = self._require_due_date()
        self.trigger_event(
            self.Suspended,
            remaining_days=calendar.signed_count(
                act.legal_date, self._clock_end(act.legal_date, due), self.day_type
            ),
            **act.fields(),
        )

    def resume(self, act: Act, calendar: WorkingCalendar) -> None:
        """Resume settlement; the due date moves by the time spent suspended."""
        self._require_status({Status.SUSPENDED}, "resume")
        self._require_chronology(act)
        due = calendar.add(act.legal_date, self.remaining_days, self.day_type)
        self.trigger_event(self.Resumed, due_date=due, **act.fields())

    def reopen(self, act: Act, calendar: WorkingCalendar) -> None:
        """Re-open a concluded or terminated case, with a fresh time limit."""
        self._require_status({Status.CONCLUDED, Status.TERMINATED}, "re-open")
        self._require_chronology(act.require_reason())
        if self.second_instance_case_id is not None:
            raise InvalidTransitionError("the case is under second-instance settlement")
        due = calendar.add(act.legal_date, self.limit_days, self.day_type)
        self.trigger_event(self.Reopened, due_date=due, **act.fields())

    def record_appeal(self, second_instance_case_id: UUID, act: Act) -> None:
        """Link the second-instance complaint filed against this case."""
        self.second_instance_basis(act.legal_date)
        self.trigger_event(
            self.Appealed, second_instance_case_id=second_instance_case_id, **act.fields()
        )

    # ----- queries ------------------------------------------------------------------------

    def second_instance_basis(self, filed_on: date) -> date:
        """The date the second-instance filing limit runs from, or an error if none may be filed.

        A second-instance complaint lies against a first-instance decision, or against
        silence once the first-instance time limit has passed (art. 33).
        """
        if self.kind != Kind.COMPLAINT or self.instance != 1:
            raise RuleViolationError("only a first-instance complaint can be appealed")
        if self.second_instance_case_id is not None:
            raise InvalidTransitionError("a second-instance complaint was already filed")
        if self.status == Status.CONCLUDED and self.concluded_on is not None:
            if filed_on < self.concluded_on:
                raise ChronologyError(f"filed on {filed_on}, before the decision it contests")
            return self.concluded_on
        if self.status == Status.IN_PROGRESS and self.is_overdue(filed_on):
            return self._require_due_date()
        raise InvalidTransitionError("no first-instance decision, and its limit has not passed")

    def is_overdue(self, on: date) -> bool:
        """Open, not suspended, and past its due date on `on`."""
        due = self.due_date
        return self.status == Status.IN_PROGRESS and due is not None and on > due

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

    def _clock_end(self, on: date, due: date) -> date:
        """The limit's own last day if `on` is not past it, else the (moved) due date."""
        end = self.limit_end
        return end if end is not None and on <= end else due

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


def _received_fields(
    petition: Petition,
    agency: AgencyRef,
    act: Act,
    calendar: WorkingCalendar,
    first_instance_case_id: UUID | None,
    first_decision_on: date | None,
) -> dict[str, Any]:
    intake = rulebook_in_force(act.legal_date).intake_limit(None)
    return {
        "reference_code": petition.reference_code,
        "channel": petition.channel.value,
        "receiving_agency_id": agency.id,
        "receiving_agency_path": list(agency.path),
        "receiving_level": agency.level,
        "summary": petition.summary.strip(),
        "identity_id": petition.identity_id,
        "anonymous": petition.identity_id is None,
        "petitioner_count": petition.petitioner_count,
        "meeting_id": petition.meeting_id,
        "instance": 1 if first_instance_case_id is None else SECOND_INSTANCE,
        "first_instance_case_id": first_instance_case_id,
        "first_decision_on": first_decision_on,
        "handling_due_date": calendar.add(act.legal_date, intake.days, intake.day_type),
        **act.fields(),
    }


def _check_petition(petition: Petition) -> None:
    _text(petition.summary, "summary", required=True)
    if petition.petitioner_count < 1:
        raise RuleViolationError("petitioner_count must be at least 1")
    if not petition.reference_code:
        raise RuleViolationError("a petition needs a reference code")
    if petition.channel is not Channel.RECEPTION and petition.meeting_id is not None:
        raise RuleViolationError("only a petition received at a reception meeting has a meeting")
    if petition.visit_id is not None and petition.meeting_id is None:
        raise RuleViolationError("only a petition received at a reception meeting has a visit")


def _text(value: str, name: str, required: bool = False, limit: int = MAX_TEXT) -> str:
    return clean_text(value, name, required=required, limit=limit)


def _label(value: str, name: str, required: bool = False) -> str:
    return clean_label(value, name, required=required)
