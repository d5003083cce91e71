"""Settling an accepted case, mixed into `Case`: acceptance and the running clock.

Acceptance (thụ lý) starts the settlement limit; then an officer is assigned, the
limit may be extended where the law allows it, verification steps are recorded, and
settlement may be suspended and resumed. Each command checks its rule and triggers
one event of `Case`; the events themselves are in `domain.settlement_events`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.act import Act
from domain.calendar import DayType, WorkingCalendar
from domain.case_mixin import CaseMixin
from domain.errors import ExtensionNotAllowedError, RuleViolationError, TimeLimitExpiredError
from domain.kinds import OPEN_CASE_STATUSES, Complexity, Kind, Procedure, Status
from domain.rules import RULES, RuleBook, RuleBooks, TimeLimit
from domain.text import clean_label, clean_text

if TYPE_CHECKING:
    from domain import settlement_events as stl
    from domain.case import AgencyRef


class CaseSettlement(CaseMixin):
    """Settlement commands; state is declared here only for the type checker."""

    status: Status
    kind: Kind | None
    instance: int
    procedure: Procedure
    anonymous: bool
    received_on: date
    handling_agency_id: UUID
    competent_agency_id: UUID | None
    rulebook_version: str
    complexity: Complexity
    remote: bool
    limit_days: int
    day_type: DayType
    due_date: date | None
    due_confirmed: bool
    extensions: int
    limit_end: date | None
    remaining_days: int
    reexaminations: int

    if TYPE_CHECKING:
        Accepted: type[stl.Accepted]
        OfficerAssigned: type[stl.OfficerAssigned]
        DeadlineExtended: type[stl.DeadlineExtended]
        VerificationRecorded: type[stl.VerificationRecorded]
        Suspended: type[stl.Suspended]
        Resumed: type[stl.Resumed]

        def _require_due_date(self) -> date: ...
        def _filing_start(self) -> date | None: ...

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
            officer_id=clean_label(officer_id, "officer_id", required=True),
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
            step=clean_label(step, "step", required=True),
            findings=clean_text(findings, "findings"),
            **act.fields(),
        )

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
