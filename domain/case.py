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

from domain import case_events as ev
from domain import case_step_events as sev
from domain import settlement_events as stl
from domain.act import Act
from domain.calendar import DayType, WorkingCalendar
from domain.case_clocks import SECOND_INSTANCE, CaseClocks
from domain.case_corrections import CaseCorrections
from domain.case_filing import CaseFiling, check_petition, received_fields
from domain.case_intake import DEFAULT_CALENDAR, CaseIntake
from domain.case_privacy import CasePrivacy
from domain.case_referral import CaseReferral
from domain.case_steps import CaseSteps
from domain.errors import (
    ExtensionNotAllowedError,
    InvalidOutcomeError,
    InvalidTransitionError,
    RuleViolationError,
    TimeLimitExpiredError,
)
from domain.intake import Location, Origin, ServiceIntake
from domain.kinds import (
    EFFECTS_BY_OUTCOME,
    FINAL_STATUSES,
    INTAKE_STATUSES,
    OPEN_CASE_STATUSES,
    OUTCOMES,
    Channel,
    Complexity,
    EffectOnContested,
    EffectOnFirst,
    Kind,
    Procedure,
    Status,
    TerminationGrounds,
)
from domain.overdue import is_overdue, item_overdue
from domain.remedies import Measures, Remedies
from domain.rules import RULES, RuleBook, RuleBooks, TimeLimit
from domain.sealing import SummarySeal
from domain.snapshots import SealedSnapshot
from domain.text import MAX_TEXT, clean_label, clean_text

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

    # ----- settlement ---------------------------------------------------------------------

    def accept(
        self,
        agency: AgencyRef,
        act: Act,
        calendar: WorkingCalendar,
        complexity: Complexity = Complexity.ORDINARY,
        remote: bool = False,
        filing_days_excluded: int = 0,
        *,
        rules: RuleBooks = RULES,
    ) -> None:
        """Accept the case for settlement under `agency`'s jurisdiction; the clock starts.

        Only the agency holding the petition, classified as competent, accepts it.
        """
        kind = self._require_classified("accept")
        self._require_chronology(act)
        if agency.id != self.handling_agency_id:
            raise RuleViolationError("only the agency holding the petition can accept it")
        if self.competent_agency_id != agency.id:
            raise RuleViolationError(
                "the petition is classified under another agency's competence: it is referred, "
                "transferred or guided there, or its classification corrected before acceptance"
            )
        if self.anonymous:
            raise RuleViolationError(
                "an anonymous petition is archived, not accepted (an anonymous denunciation "
                "with concrete evidence is inspected, not settled as a denunciation)"
            )
        if filing_days_excluded < 0:
            raise RuleViolationError("filing_days_excluded cannot be negative")
        book = rules.in_force(act.legal_date)
        self._check_filing_limit(book, kind, remote, filing_days_excluded, calendar)
        limit = book.resolution_limit(kind, self.instance, complexity, remote, self.procedure)
        due = calendar.add(act.legal_date, limit.days, limit.day_type)
        notice = book.deadlines.acceptance_notice.get(kind)
        notice_due = calendar.add(act.legal_date, notice.days, notice.day_type) if notice else None
        self.trigger_event(
            self.Accepted,
            limit_confirmed=limit.confirmed,
            calendar_version=calendar.version_between(act.legal_date, max(due, notice_due or due)),
            acceptance_notice_due_date=notice_due,
            acceptance_notice_confirmed=notice.confirmed if notice else None,
            agency_id=agency.id,
            agency_path=list(agency.path),
            level=agency.level,
            rulebook_version=book.version,
            complexity=complexity.value,
            remote=remote,
            limit_days=limit.days,
            day_type=limit.day_type.value,
            due_date=due,
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
        limit = book.filing_limit(kind, self.instance, remote, self.procedure)
        if limit is None:
            return
        last_day = self._filing_last_day(limit, excluded_days, calendar)
        if last_day is not None and self.received_on > last_day:
            start = self._filing_start()
            elapsed = (self.received_on - start).days - excluded_days if start else 0
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
        self,
        complexity: Complexity,
        days: int,
        act: Act,
        calendar: WorkingCalendar,
        *,
        rules: RuleBooks = RULES,
    ) -> None:
        """Extend the time limit by written decision, where the law allows it for the kind.

        Decided while the limit runs: an extension dated after it ran out cannot
        clear the overdue retroactively.
        """
        self._require_status({Status.IN_PROGRESS}, "extend the deadline of")
        self._require_chronology(act.require_reason())
        due = self._require_due_date()
        if act.legal_date > due:
            raise RuleViolationError(
                f"the limit ran out on {due}: an extension is decided before it runs out"
            )
        book = rules.by_version(self.rulebook_version)
        days, confirmed = self._allowed_extension(book, complexity, days)
        start = self.limit_end or due
        extended = calendar.add(start, days, self.day_type)
        self.trigger_event(
            self.DeadlineExtended,
            complexity=complexity.value,
            extension_number=self.extensions + 1,
            days=days,
            due_date=extended,
            limit_confirmed=confirmed,
            calendar_version=calendar.version_between(start, extended),
            **act.fields(),
        )

    def _allowed_extension(
        self, book: RuleBook, complexity: Complexity, days: int
    ) -> tuple[int, bool]:
        """The days an extension adds, and whether the limit it reaches is confirmed.

        A complaint is extended once, to its complex limit; a re-examined one to the
        re-examination rule's complex limit (Decree 124/2020/ND-CP, verify).
        """
        kind = self._require_classified("extend")
        if kind == Kind.COMPLAINT:
            if complexity != Complexity.COMPLEX or self.complexity == Complexity.COMPLEX:
                raise ExtensionNotAllowedError("a complaint can be extended once, as complex")
            longer = self._complex_limit(book, kind)
            return longer.days - self.limit_days, self.due_confirmed and longer.confirmed
        rule = book.extension_rule(kind, complexity)
        if rule is None:
            raise ExtensionNotAllowedError(f"no extension is allowed for a {kind} as {complexity}")
        if self.extensions >= rule.max_extensions:
            raise ExtensionNotAllowedError(f"at most {rule.max_extensions} extension(s) allowed")
        if not 0 < days <= rule.max_days_each:
            raise ExtensionNotAllowedError(f"an extension is 1 to {rule.max_days_each} days")
        return days, self.due_confirmed

    def _complex_limit(self, book: RuleBook, kind: Kind) -> TimeLimit:
        if self.reexaminations:
            longer = book.deadlines.reexamination_complex.get(kind)
            if longer is None or longer.days <= self.limit_days:
                raise ExtensionNotAllowedError(
                    f"the re-examination rule of {book.version} allows no longer limit"
                )
            return longer
        return book.resolution_limit(
            kind, self.instance, Complexity.COMPLEX, self.remote, self.procedure
        )

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
        calendar: WorkingCalendar = DEFAULT_CALENDAR,
        *,
        rules: RuleBooks = RULES,
        remedies: Remedies | None = None,
        measures: Measures | None = None,
        effect_on_first: EffectOnFirst | None = None,
        first: Case | None = None,
    ) -> None:
        """Settle the case with an outcome allowed for its kind.

        A complaint decision's effect on the contested decision must fit its finding
        (one found right is not upheld); it is then due for publication within 15
        days and, once in force, for enforcement within 5 working days. `remedies`
        records what the decision recovered, returned or restored, where it says so;
        `measures` the sanctions it recommends and its transfer to investigators, which
        only a complaint decision or a denunciation conclusion orders. `effect_on_first`
        is what a second-instance complaint decision does to the first-instance decision,
        `first`'s (the case whose silence or decision it hears).
        """
        kind = self._require_classified("conclude")
        self._require_status({Status.IN_PROGRESS}, "conclude")
        self._require_chronology(act)
        if outcome not in OUTCOMES[kind]:
            allowed = ", ".join(sorted(OUTCOMES[kind]))
            raise InvalidOutcomeError(f"a {kind} ends as one of: {allowed}")
        if (kind == Kind.COMPLAINT) != (effect_on_contested is not None):
            raise InvalidOutcomeError("effect_on_contested is required exactly for complaints")
        if effect_on_contested is not None and effect_on_contested not in EFFECTS_BY_OUTCOME.get(
            outcome, frozenset()
        ):
            raise InvalidOutcomeError(
                f"a complaint found {outcome} cannot leave the contested decision "
                f"{effect_on_contested} (Law on Complaints art. 31(2), 40(2))"
            )
        if measures is not None and kind not in {Kind.COMPLAINT, Kind.DENUNCIATION}:
            raise InvalidOutcomeError(
                "sanctions and transfers to investigators are ordered by settling a complaint "
                "or a denunciation"
            )
        if effect_on_first is not None:
            self._require_first_decision(kind, first, act.legal_date)
            _require_fitting_effect_on_first(effect_on_first, effect_on_contested, first)
        self.trigger_event(
            self.Concluded,
            **self._after_decision(kind, act.legal_date, calendar, rules),
            effect_on_first=effect_on_first.value if effect_on_first else None,
            outcome=outcome,
            effect_on_contested=effect_on_contested.value if effect_on_contested else None,
            decision_ref=_label(decision_ref, "decision_ref", required=True),
            remedies=remedies.as_event() if remedies is not None else None,
            measures=measures.as_event() if measures is not None else None,
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

    def _require_first_decision(self, kind: Kind, first: Case | None, on: date) -> None:
        """A second-instance decision changes or recognises a first decision made before it.

        On the first instance's silence (Law on Complaints art. 33) there is none.
        """
        if (kind, self.instance) != (Kind.COMPLAINT, SECOND_INSTANCE):
            raise InvalidOutcomeError(
                "effect_on_first: only a second-instance complaint decision acts on the first"
            )
        ours = first is not None and first.id == self.first_instance_case_id
        decided_on = first.concluded_on if first is not None and ours else None
        if decided_on is None or decided_on > on:
            raise InvalidOutcomeError(
                "effect_on_first: there is no first-instance decision to annul, amend or uphold"
            )

    def terminate(self, grounds: TerminationGrounds, act: Act) -> None:
        """Terminate settlement (đình chỉ) on a legal ground other than withdrawal."""
        self._require_status(OPEN_CASE_STATUSES, "terminate")
        self._require_chronology(act.require_reason())
        kinds = TERMINATION_KINDS.get(grounds)
        if kinds is not None and self.kind not in kinds:
            raise RuleViolationError(f"{grounds} is no ground to terminate a {self.kind}")
        self.trigger_event(self.Terminated, grounds=grounds.value, **act.fields())

    def suspend(self, act: Act, calendar: WorkingCalendar, *, rules: RuleBooks = RULES) -> None:
        """Suspend settlement; the days left until the due date are kept for resumption.

        The case's rule book says whether its kind may be suspended and on what source
        (`domain.suspension`); the event records the rule and whether it is confirmed.
        """
        self._require_status({Status.IN_PROGRESS}, "suspend")
        self._require_chronology(act.require_reason())
        due = self._require_due_date()
        kind = self._require_classified("suspend")
        book = rules.by_version(self.rulebook_version)
        rule = book.suspension.get(kind)
        if rule is None:
            raise RuleViolationError(f"a {kind} is not suspended under rule book {book.version}")
        on = act.legal_date
        self.trigger_event(
            self.Suspended,
            remaining_days=self._remaining_days(on, due, calendar),
            calendar_version=calendar.version_between(on, due),
            suspension_rule=rule.source,
            rule_confirmed=rule.confirmed,
            rulebook_version=book.version,
            **act.fields(),
        )

    def resume(self, act: Act, calendar: WorkingCalendar) -> None:
        """Resume settlement; the due date moves by the time spent suspended."""
        self._require_status({Status.SUSPENDED}, "resume")
        self._require_chronology(act)
        due = calendar.add(act.legal_date, self.remaining_days, self.day_type)
        self.trigger_event(
            self.Resumed,
            due_date=due,
            limit_confirmed=self.due_confirmed,
            calendar_version=calendar.version_between(act.legal_date, due),
            **act.fields(),
        )

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


def _text(value: str, name: str, required: bool = False, limit: int = MAX_TEXT) -> str:
    return clean_text(value, name, required=required, limit=limit)


def _label(value: str, name: str, required: bool = False) -> str:
    return clean_label(value, name, required=required)


def _require_fitting_effect_on_first(
    effect: EffectOnFirst, on_contested: EffectOnContested | None, first: Case | None
) -> None:
    """A decision recognising the first leaves the contested decision as the first did."""
    left = first.effect_on_contested if first is not None else None
    changed = on_contested is not None and left is not None and on_contested.value != left
    if effect == EffectOnFirst.UPHELD and changed:
        raise InvalidOutcomeError(
            f"effect_on_first: a decision recognising the first leaves the contested "
            f"decision {left}, not {on_contested.value if on_contested else ''}"
        )
