"""Steps of a case beyond receipt, classification and settlement (mixed into `Case`).

The notices of acceptance and of refusal, the extended check of a denunciation,
enforcement, the forwarding of an anonymous denunciation for inspection, and
re-examination by a competent higher authority (corrections are in
`domain.case_corrections`). Each command checks its rule and triggers one event of
`Case`; the events themselves are in `domain.case_step_events` and
`domain.case_events`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.act import Act
from domain.calendar import DayType, WorkingCalendar
from domain.case_mixin import CaseMixin
from domain.errors import ChronologyError, InvalidTransitionError, RuleViolationError
from domain.kinds import (
    INTAKE_STATUSES,
    OPEN_CASE_STATUSES,
    ArchiveGrounds,
    Kind,
    ReexaminationGrounds,
    Status,
    TerminationGrounds,
)
from domain.reexamination import require_reexamination_authority
from domain.rules import RULES, RuleBook, RuleBooks, TimeLimit
from domain.text import clean_label

if TYPE_CHECKING:
    from domain import case_events as ev
    from domain import case_step_events as sev
    from domain import settlement_events as stl
    from domain.case import AgencyRef


@dataclass(frozen=True)
class DeadlineItem:
    """One dated duty of a case: what, by when, whether the limit is confirmed law, if done."""

    name: str
    due_date: date
    confirmed: bool
    done_on: date | None = None

    def overdue(self, on: date) -> bool:
        return self.done_on is None and on > self.due_date


class CaseSteps(CaseMixin):
    """The further steps of `Case`; state is declared here only for the type checker."""

    status: Status
    kind: Kind | None
    instance: int
    anonymous: bool
    field: str
    received_on: date
    handling_start: date
    handling_due_date: date | None
    handling_limit_days: int
    handling_day_type: DayType
    handling_confirmed: bool
    handling_agency_id: UUID
    handling_agency_path: list[UUID]
    competent_agency_id: UUID | None
    further_of_case_id: UUID | None
    accepted_on: date | None
    rulebook_version: str
    remote: bool
    limit_days: int
    day_type: DayType
    due_date: date | None
    due_confirmed: bool
    clock_start: date | None
    clock_days: int
    check_extended: bool
    termination_grounds: str
    acceptance_notice_due_date: date | None
    acceptance_notified_on: date | None
    refusal_notified_on: date | None
    publication_due_date: date | None
    published_on: date | None
    enforcement_due_date: date | None
    enforcement_confirmed: bool
    enforcement_started_on: date | None
    second_instance_case_id: UUID | None
    last_act_on: date
    concluded_on: date | None
    notice_confirmed: bool
    publication_confirmed: bool
    in_force_on: date | None
    reexaminations: int

    if TYPE_CHECKING:
        Archived: type[ev.Archived]
        Reopened: type[stl.Reopened]
        CheckExtended: type[sev.CheckExtended]
        AcceptanceNotified: type[sev.AcceptanceNotified]
        RefusalNotified: type[sev.RefusalNotified]
        EnforcementStarted: type[sev.EnforcementStarted]

        def in_force_date(
            self, book: RuleBook, decided_on: date, calendar: WorkingCalendar
        ) -> date: ...

    # ----- notices ------------------------------------------------------------------------

    def notify_acceptance(self, method: str, act: Act) -> None:
        """Record the written notice of acceptance.

        Law on Complaints art. 27; Law on Denunciations art. 29 (within 5 working days).
        """
        self._require_step_status(OPEN_CASE_STATUSES, "notify the acceptance of")
        self._require_after_last_act(act)
        if self.acceptance_notified_on is not None:
            raise InvalidTransitionError("the acceptance was already notified")
        self.trigger_event(self.AcceptanceNotified, method=_method(method), **act.fields())

    def notify_refusal(self, method: str, act: Act) -> None:
        """Record the written notice that the petition is not accepted, with its reasons."""
        self._require_step_status({Status.ARCHIVED}, "notify the refusal of")
        self._require_after_last_act(act.require_reason())
        if self.anonymous:
            raise RuleViolationError("an anonymous petitioner cannot be notified")
        if self.refusal_notified_on is not None:
            raise InvalidTransitionError("the refusal was already notified")
        self.trigger_event(self.RefusalNotified, method=_method(method), **act.fields())

    # ----- intake -------------------------------------------------------------------------

    def extend_check(
        self, act: Act, calendar: WorkingCalendar, *, rules: RuleBooks = RULES
    ) -> None:
        """Extend a denunciation's initial check to at most 10 working days.

        For checks at several places (Law on Denunciations art. 24(1)), decided while
        the first 7 days run: an extension after they ran out cannot clear the overdue.
        """
        self._require_step_status(INTAKE_STATUSES - {Status.RECEIVED}, "extend the check of")
        self._require_after_last_act(act.require_reason())
        kind = self.kind
        book = rules.in_force(self.received_on)
        limit = book.deadlines.check_extended.get(kind) if kind else None
        if limit is None:
            raise RuleViolationError(f"the check of a {kind} cannot be extended")
        if self.check_extended:
            raise InvalidTransitionError("the check was already extended")
        if self.competent_agency_id != self.handling_agency_id:
            raise RuleViolationError("a denunciation for another agency is transferred")
        running = self.handling_due_date
        if running is None:
            raise InvalidTransitionError("the referred petition's receipt is not recorded yet")
        if act.legal_date > running:
            raise RuleViolationError(
                f"the check's limit ran out on {running}: it is extended before it runs out"
            )
        due = calendar.add(self.handling_start, limit.days, limit.day_type)
        self.trigger_event(
            self.CheckExtended,
            handling_due_date=due,
            handling_limit_days=limit.days,
            handling_day_type=limit.day_type.value,
            limit_confirmed=limit.confirmed,
            calendar_version=calendar.version_between(self.handling_start, due),
            **act.fields(),
        )

    def forward_for_inspection(self, to: AgencyRef, act: Act) -> None:
        """Forward an anonymous denunciation for inspection, rather than only archive it.

        For one naming a violator with concrete evidence (Law on Denunciations art. 25).
        """
        self._require_step_status(INTAKE_STATUSES - {Status.RECEIVED}, "forward")
        self._require_after_last_act(act.require_reason())
        if not self.anonymous or self.kind != Kind.DENUNCIATION:
            raise RuleViolationError("only an anonymous denunciation is forwarded for inspection")
        self.trigger_event(
            self.Archived,
            grounds=ArchiveGrounds.ANONYMOUS.value,
            duplicate_of=None,
            inspection_agency_id=to.id,
            inspection_agency_path=list(to.path),
            **act.fields(),
        )

    def intake_limit_for(self, kind: Kind, competent: UUID, book: RuleBook) -> TimeLimit:
        """The intake limit a classification starts.

        The check, a transfer, or a further denunciation's demand for a report.
        """
        steps = book.deadlines
        if self.further_of_case_id is not None and kind == Kind.DENUNCIATION:
            return steps.further_denunciation
        if competent != self.handling_agency_id and kind in steps.transfer:
            return steps.transfer[kind]
        return book.intake_limit(kind)

    # ----- settlement ---------------------------------------------------------------------

    def start_enforcement(
        self,
        act: Act,
        calendar: WorkingCalendar | None = None,
        *,
        rules: RuleBooks = RULES,
    ) -> None:
        """Record that enforcement of the complaint decision, once in force, was organised.

        Refused when dated before the decision takes effect (Law on Complaints art. 44).
        """
        self._require_step_status({Status.CONCLUDED}, "enforce")
        self._require_after_last_act(act)
        if self.enforcement_due_date is None:
            raise RuleViolationError("only a complaint decision is enforced")
        if self.second_instance_case_id is not None:
            raise InvalidTransitionError("a decision complained of again is not in force")
        if self.enforcement_started_on is not None:
            raise InvalidTransitionError("enforcement was already started")
        in_force = self._in_force_on(calendar, rules)
        if act.legal_date < in_force:
            raise ChronologyError(
                f"the decision takes effect on {in_force}; enforcement is dated from then"
            )
        self.trigger_event(self.EnforcementStarted, **act.fields())

    def _in_force_on(self, calendar: WorkingCalendar | None, rules: RuleBooks) -> date:
        """The recorded day the decision takes effect; computed for decisions stored before."""
        if self.in_force_on is not None:
            return self.in_force_on
        if self.concluded_on is None:
            raise InvalidTransitionError("the case has no decision")
        book = rules.by_version(self.rulebook_version)
        return self.in_force_date(book, self.concluded_on, calendar or WorkingCalendar())

    def reexamine(
        self,
        authority: AgencyRef,
        grounds: ReexaminationGrounds,
        act: Act,
        calendar: WorkingCalendar,
        *,
        rules: RuleBooks = RULES,
    ) -> None:
        """Re-examine a settled case by a competent higher authority, on legal grounds.

        Never by the agency that settled it, at will: the re-examination competence book
        names who may (`domain.reexamination`), and its limit is the rule book's in force
        on the re-examination's date.
        """
        self._require_step_status({Status.CONCLUDED, Status.TERMINATED}, "re-examine")
        self._require_after_last_act(act.require_reason())
        if act.agency_id != authority.id:
            raise RuleViolationError("the re-examining authority acts for itself")
        if self.termination_grounds == TerminationGrounds.DENOUNCED_DIED:
            raise RuleViolationError("a denunciation ended by the denounced's death stays closed")
        if self.second_instance_case_id is not None:
            raise InvalidTransitionError("the case is under second-instance settlement")
        kind = self.kind
        if kind is None:
            raise InvalidTransitionError("the case has no kind")
        reexaminer = require_reexamination_authority(
            authority, self.handling_agency_path, kind, self.field, act.legal_date
        )
        book = rules.in_force(act.legal_date)
        limit = self._reexamination_limit(book, kind)
        due = calendar.add(act.legal_date, limit.days, limit.day_type)
        self.trigger_event(
            self.Reopened,
            due_date=due,
            grounds=grounds.value,
            authority_agency_id=authority.id,
            authority_agency_path=list(authority.path),
            authority_level=authority.level,
            limit_days=limit.days,
            limit_confirmed=limit.confirmed and reexaminer.rule.confirmed,
            calendar_version=calendar.version_between(act.legal_date, due),
            rulebook_version=book.version,
            competence_rule=reexaminer.record,
            **act.fields(),
        )

    def _reexamination_limit(self, book: RuleBook, kind: Kind) -> TimeLimit:
        limit = book.deadlines.reexamination.get(kind)
        if limit is None:
            raise RuleViolationError(f"a {kind} is not re-examined")
        if limit.day_type != self.day_type:
            raise RuleViolationError("the re-examination limit counts days as its case does")
        return limit

    # ----- queries ------------------------------------------------------------------------

    def deadline_items(self) -> list[DeadlineItem]:
        """Every dated duty of the case, done or not, with whether its limit is confirmed."""
        items: list[DeadlineItem] = []
        if self.status in INTAKE_STATUSES and self.handling_due_date is not None:
            name = "transfer" if self._transfer_pending() else "intake"
            items.append(DeadlineItem(name, self.handling_due_date, self.handling_confirmed))
        if self.status in OPEN_CASE_STATUSES and self.due_date is not None:
            items.append(DeadlineItem("settlement", self.due_date, self.due_confirmed))
        if self.acceptance_notice_due_date is not None:
            items.append(
                DeadlineItem(
                    "acceptance_notice",
                    self.acceptance_notice_due_date,
                    confirmed=self.notice_confirmed,
                    done_on=self.acceptance_notified_on,
                )
            )
        if self.publication_due_date is not None:
            items.append(
                DeadlineItem(
                    "publication",
                    self.publication_due_date,
                    confirmed=self.publication_confirmed,
                    done_on=self.published_on,
                )
            )
        if self.enforcement_due_date is not None and self.second_instance_case_id is None:
            items.append(
                DeadlineItem(
                    "enforcement",
                    self.enforcement_due_date,
                    self.enforcement_confirmed,
                    self.enforcement_started_on,
                )
            )
        return items

    # ----- guards -------------------------------------------------------------------------

    def _transfer_pending(self) -> bool:
        competent = self.competent_agency_id
        return self.kind == Kind.DENUNCIATION and competent not in {None, self.handling_agency_id}

    def _clock_start(self) -> date:
        start = self.clock_start or self.accepted_on
        if start is None:
            raise InvalidTransitionError("the case has not been accepted")
        return start

    def _require_step_status(self, allowed: set[Status] | frozenset[Status], action: str) -> None:
        if self.status not in allowed:
            raise InvalidTransitionError(f"cannot {action} a case that is {self.status}")

    def _require_after_last_act(self, act: Act) -> None:
        act.require_not_before(self.last_act_on, "previous act on this case")


def _method(method: str) -> str:
    return clean_label(method, "method", required=True)
