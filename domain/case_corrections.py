"""Corrections of a case, mixed into `Case`: its kind, a mixed petition's parts, a due date.

A kind corrected after acceptance charges the new kind's limit with the days already
used; a complaint must then be within its filing limit, as at acceptance. A due date
is recomputed on a calendar corrected later (a day off declared late), for any dated
duty that is still running.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.act import Act
from domain.calendar import DayType, WorkingCalendar
from domain.case_filing import summary_fields
from domain.case_mixin import CaseMixin
from domain.case_step_events import (
    ACCEPTANCE_NOTICE_CLOCK,
    ENFORCEMENT_CLOCK,
    INTAKE_CLOCK,
    PUBLICATION_CLOCK,
    SETTLEMENT_CLOCK,
)
from domain.errors import InvalidTransitionError, RuleViolationError, TimeLimitExpiredError
from domain.kinds import INTAKE_STATUSES, OPEN_CASE_STATUSES, Complexity, Kind, Procedure, Status
from domain.rules import RULES, RuleBook, RuleBooks, TimeLimit
from domain.text import clean_label

if TYPE_CHECKING:
    from domain import case_step_events as sev
    from domain.sealing import SummarySeal


@dataclass(frozen=True)
class Clock:
    """A running dated duty: when its limit started, how long it is, what it is due on now."""

    name: str
    start: date
    limit: TimeLimit
    due: date


class CaseCorrections(CaseMixin):
    """Corrections of `Case`; state is declared here only for the type checker."""

    status: Status
    kind: Kind | None
    instance: int
    procedure: Procedure
    remote: bool
    received_on: date
    further_of_case_id: UUID | None
    decision_known_on: date | None
    accepted_on: date | None
    concluded_on: date | None
    rulebook_version: str
    limit_days: int
    day_type: DayType
    due_date: date | None
    due_confirmed: bool
    clock_start: date | None
    clock_days: int
    reexaminations: int
    handling_start: date
    handling_due_date: date | None
    handling_limit_days: int
    handling_day_type: DayType
    handling_confirmed: bool
    acceptance_notice_due_date: date | None
    acceptance_notified_on: date | None
    notice_confirmed: bool
    publication_due_date: date | None
    published_on: date | None
    publication_confirmed: bool
    enforcement_due_date: date | None
    enforcement_started_on: date | None
    enforcement_confirmed: bool
    second_instance_case_id: UUID | None
    last_act_on: date

    if TYPE_CHECKING:
        KindCorrected: type[sev.KindCorrected]
        PartSplitOff: type[sev.PartSplitOff]
        DueDateCorrected: type[sev.DueDateCorrected]

        def _in_force_on(self, calendar: WorkingCalendar | None, rules: RuleBooks) -> date: ...

    def correct_kind(
        self,
        kind: Kind,
        act: Act,
        calendar: WorkingCalendar,
        *,
        decision_known_on: date | None = None,
        filing_days_excluded: int = 0,
        rules: RuleBooks = RULES,
    ) -> None:
        """Correct the kind of an accepted case, with a reason.

        The new kind's limit (a re-examined case's: the re-examination limit) is charged
        with the days the old one used, suspensions left out. A case corrected to a
        complaint needs the day its decision was known and must be within the filing
        limit, as at acceptance (Law on Complaints arts. 9, 27).
        """
        self._require_correctable(act)
        previous = self.kind
        if previous is None or kind == previous:
            raise RuleViolationError(f"the case is already a {kind}")
        book = rules.by_version(self.rulebook_version)
        known = self._complaint_filed_in_time(
            kind, book, decision_known_on, filing_days_excluded, calendar
        )
        limit = self._limit_of(book, kind)
        on = act.legal_date
        due_now = self.due_date
        if due_now is None:
            raise InvalidTransitionError("only an accepted case has a kind to correct")
        used = self.limit_days - self._remaining_days(on, due_now, calendar)
        due = calendar.add(on, limit.days - used, limit.day_type)
        self.trigger_event(
            self.KindCorrected,
            kind=kind.value,
            previous_kind=previous.value,
            limit_days=limit.days,
            day_type=limit.day_type.value,
            due_date=due,
            limit_confirmed=limit.confirmed,
            calendar_version=calendar.version_between(on, due),
            days_used=used,
            decision_known_on=known,
            rulebook_version=book.version,
            **act.fields(),
        )

    def _require_correctable(self, act: Act) -> None:
        if self.status != Status.IN_PROGRESS:
            raise InvalidTransitionError(f"cannot correct the kind of a case that is {self.status}")
        act.require_reason().require_not_before(self.last_act_on, "previous act on this case")
        if self.accepted_on is None:
            raise InvalidTransitionError("only an accepted case has a kind to correct")
        if self.instance != 1 or self.further_of_case_id is not None:
            raise RuleViolationError("a second-instance or further petition keeps its kind")

    def _complaint_filed_in_time(
        self,
        kind: Kind,
        book: RuleBook,
        decision_known_on: date | None,
        excluded: int,
        calendar: WorkingCalendar,
    ) -> date | None:
        """For a correction to a complaint: the decision's date, checked against the limit."""
        if kind != Kind.COMPLAINT:
            if decision_known_on is not None:
                raise RuleViolationError("only a complaint contests a decision known on a date")
            return None
        known = decision_known_on or self.decision_known_on
        if known is None:
            raise RuleViolationError("decision_known_on is required to correct to a complaint")
        if known > self.received_on:
            raise RuleViolationError("decision_known_on is after the petition was received")
        if excluded < 0:
            raise RuleViolationError("filing_days_excluded cannot be negative")
        limit = book.filing_limit(kind, 1, self.remote, self.procedure)
        last = self._filing_last_day(limit, excluded, calendar, known) if limit else None
        if limit is not None and last is not None and self.received_on > last:
            raise TimeLimitExpiredError(
                f"filed {(self.received_on - known).days - excluded} days after {known}; "
                f"the limit is {limit.days} ({limit.source})"
            )
        return known

    def _limit_of(self, book: RuleBook, kind: Kind) -> TimeLimit:
        if self.reexaminations:
            limit = book.deadlines.reexamination.get(kind)
            if limit is None:
                raise RuleViolationError(f"a {kind} is not re-examined")
            return limit
        return book.resolution_limit(kind, 1, Complexity.ORDINARY, self.remote)

    def record_split(
        self,
        part_case_id: UUID,
        kind: Kind,
        summary: str,
        act: Act,
        seal: SummarySeal | None = None,
    ) -> None:
        """Record that a part of this mixed petition, of another kind, became its own case.

        `seal` seals the part's summary as the part's `Received` does (plain without one).
        """
        if self.status != Status.IN_PROGRESS:
            raise InvalidTransitionError(f"cannot split a case that is {self.status}")
        act.require_reason().require_not_before(self.last_act_on, "previous act on this case")
        if kind == self.kind:
            raise RuleViolationError("a part split off is of another kind than the case")
        self.trigger_event(
            self.PartSplitOff,
            part_case_id=part_case_id,
            kind=kind.value,
            **summary_fields(clean_label(summary, "summary", required=True), seal),
            **act.fields(),
        )

    def correct_due_date(
        self,
        act: Act,
        calendar: WorkingCalendar,
        clock: str | None = None,
        *,
        rules: RuleBooks = RULES,
    ) -> None:
        """Recompute a running due date on `calendar`, corrected since it was set.

        For a day off declared late; the correction is dated and keeps the date it
        replaces. `clock` names the dated duty (intake, settlement, acceptance notice,
        publication, enforcement); by default the running intake or settlement one.
        """
        act.require_reason().require_not_before(self.last_act_on, "previous act on this case")
        running = self._running_clock(clock or self._default_clock(), calendar, rules)
        due = calendar.add(running.start, running.limit.days, running.limit.day_type)
        if due == running.due:
            raise RuleViolationError(f"the calendar gives the same due date, {due}")
        self.trigger_event(
            self.DueDateCorrected,
            clock=running.name,
            due_date=due,
            previous_due_date=running.due,
            limit_confirmed=running.limit.confirmed,
            calendar_version=calendar.version_between(running.start, max(due, running.due)),
            **act.fields(),
        )

    def _default_clock(self) -> str:
        if self.status in INTAKE_STATUSES:
            return INTAKE_CLOCK
        if self.status == Status.IN_PROGRESS:
            return SETTLEMENT_CLOCK
        raise InvalidTransitionError(f"a case that is {self.status} has no running due date")

    def _running_clock(self, name: str, calendar: WorkingCalendar, rules: RuleBooks) -> Clock:
        """The clock `name` with its start, limit and due date; refused when it is not running."""
        clock = self._intake_or_settlement(name)
        if clock is None:
            clock = self._duty_clock(name, calendar, rules)
        if clock is None:
            raise InvalidTransitionError(f"the case has no running {name} due date")
        return clock

    def _intake_or_settlement(self, name: str) -> Clock | None:
        if name == INTAKE_CLOCK and self.status in INTAKE_STATUSES and self.handling_due_date:
            days, day_type = self.handling_limit_days, self.handling_day_type
            limit = TimeLimit(days, day_type, "intake", self.handling_confirmed)
            return Clock(name, self.handling_start, limit, self.handling_due_date)
        running = self.status == Status.IN_PROGRESS and self.due_date is not None
        if name == SETTLEMENT_CLOCK and running and self.due_date:
            limit = TimeLimit(self.clock_days, self.day_type, "settlement", self.due_confirmed)
            start = self.clock_start or self.accepted_on
            return Clock(name, start, limit, self.due_date) if start else None
        return None

    def _duty_clock(self, name: str, calendar: WorkingCalendar, rules: RuleBooks) -> Clock | None:
        book = rules.by_version(self.rulebook_version) if self.rulebook_version else None
        if book is None:
            return None
        notice = book.deadlines.acceptance_notice.get(self.kind) if self.kind else None
        pending = (
            self.acceptance_notice_due_date
            if self.acceptance_notified_on is None and self.status in OPEN_CASE_STATUSES
            else None
        )
        if name == ACCEPTANCE_NOTICE_CLOCK and pending and notice and self.accepted_on:
            return Clock(name, self.accepted_on, notice, pending)
        concluded = self.status == Status.CONCLUDED and self.concluded_on is not None
        publication = self.publication_due_date if self.published_on is None else None
        if name == PUBLICATION_CLOCK and concluded and publication and self.concluded_on:
            return Clock(name, self.concluded_on, book.publication, publication)
        enforcement = self.enforcement_due_date if self.enforcement_started_on is None else None
        in_force = self.second_instance_case_id is None
        if name == ENFORCEMENT_CLOCK and concluded and enforcement and in_force:
            start = self._in_force_on(calendar, rules)
            return Clock(name, start, book.deadlines.enforcement, enforcement)
        return None
