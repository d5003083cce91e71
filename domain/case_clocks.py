"""The clocks of a case, mixed into `Case`.

Filing limits, the days a suspension keeps, what a decision starts, and when a case
may be taken to a second instance or further. Queries and helpers of the commands
in `domain.case`: they read state and compute dates, and trigger no event.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.calendar import DayType, WorkingCalendar
from domain.errors import ChronologyError, InvalidTransitionError, RuleViolationError
from domain.kinds import Kind, Procedure, Status
from domain.rules import RuleBook, RuleBooks, TimeLimit

SECOND_INSTANCE = 2


class CaseClocks:
    """Date computations of `Case`; state is declared here only for the type checker."""

    status: Status
    kind: Kind | None
    instance: int
    procedure: Procedure
    received_on: date
    decision_known_on: date | None
    first_decision_on: date | None
    rulebook_version: str
    remote: bool
    day_type: DayType
    due_confirmed: bool
    limit_end: date | None
    concluded_on: date | None
    notified_on: date | None
    second_instance_case_id: UUID | None
    further_case_id: UUID | None

    if TYPE_CHECKING:

        def _require_classified(self, action: str) -> Kind: ...
        def _require_due_date(self) -> date: ...
        def is_overdue(self, on: date) -> bool: ...

    def _require_filing_limit_passed(
        self, book: RuleBook, calendar: WorkingCalendar, remote: bool, excluded_days: int
    ) -> None:
        """Refuse "limitation expired" for a petition filed within its limit.

        The limit is the one acceptance checks: a remote area's, with the days lost to
        illness or disaster excluded (Law on Complaints art. 9).
        """
        kind = self._require_classified("archive as expired")
        limit = book.filing_limit(kind, self.instance, remote=remote, procedure=self.procedure)
        if limit is None:
            raise RuleViolationError(f"a {kind} has no filing limitation to expire")
        last_day = self._filing_last_day(limit, excluded_days, calendar)
        if last_day is None or self.received_on <= last_day:
            raise RuleViolationError(
                f"the {kind} was filed within its {limit.days}-day limit ({limit.source})"
            )

    def _filing_start(self) -> date | None:
        """The day the filing limit runs from.

        Learning of the decision (first instance); receiving the first decision, or
        its limit passing unanswered (second instance).
        """
        if self.instance == SECOND_INSTANCE:
            return self.first_decision_on
        return self.decision_known_on

    def _filing_last_day(
        self,
        limit: TimeLimit,
        excluded_days: int,
        calendar: WorkingCalendar,
        start: date | None = None,
    ) -> date | None:
        """The filing limit's last day; None while it has not started.

        A first decision not yet notified to the complainant starts no second-instance
        limit (Law on Complaints art. 33). `start` replaces the case's own start (a
        kind corrected to a complaint brings its decision's date).
        """
        start = start or self._filing_start()
        if start is None:
            if self.instance == SECOND_INSTANCE:
                return None
            raise RuleViolationError("decision_known_on is required to accept a complaint")
        return calendar.add(start, limit.days + excluded_days, limit.day_type)

    def _after_decision(
        self, kind: Kind, on: date, calendar: WorkingCalendar, rules: RuleBooks
    ) -> dict[str, Any]:
        """The publication and enforcement due dates a complaint decision starts.

        The decision takes effect a number of days after it is issued (art. 44); Civil
        Code art. 148 moves the end of a limit past a day off, not the day a decision
        takes effect, so enforcement's 5 working days count from that very day.
        """
        book = rules.by_version(self.rulebook_version)
        if kind != Kind.COMPLAINT:
            return {
                "publication_due_date": None,
                "enforcement_due_date": None,
                "enforcement_confirmed": None,
                "calendar_version": "",
                "publication_confirmed": None,
                "in_force_on": None,
                "rulebook_version": book.version,
            }
        publish = book.publication
        published_by = calendar.add(on, publish.days, publish.day_type)
        in_force_on = self.in_force_date(book, on, calendar)
        enforce = book.deadlines.enforcement
        enforced_by = calendar.add(in_force_on, enforce.days, enforce.day_type)
        in_force = book.deadlines.in_force[(self.instance, self.remote)]
        return {
            "publication_due_date": published_by,
            "enforcement_due_date": enforced_by,
            "enforcement_confirmed": in_force.confirmed and enforce.confirmed,
            "calendar_version": calendar.version_between(on, max(published_by, enforced_by)),
            "publication_confirmed": publish.confirmed,
            "in_force_on": in_force_on,
            "rulebook_version": book.version,
        }

    def in_force_date(self, book: RuleBook, decided_on: date, calendar: WorkingCalendar) -> date:
        """The day a complaint decision of `decided_on` takes effect, unless complained of again."""
        in_force = book.deadlines.in_force[(self.instance, self.remote)]
        if in_force.day_type == DayType.WORKING:
            return calendar.add_working_days(decided_on, in_force.days)
        return decided_on + timedelta(days=in_force.days)

    def _remaining_days(self, on: date, due: date, calendar: WorkingCalendar) -> int:
        """The limit's days left on `on`, negative once overdue.

        None are left during the days a roll past a day off added: Civil Code art. 148
        moves the end, it adds no days.
        """
        end = self.limit_end
        if end is None or on <= end:
            return calendar.signed_count(on, end or due, self.day_type)
        if on <= due:
            return 0
        return calendar.signed_count(on, due, self.day_type)

    def second_instance_basis(self, filed_on: date) -> tuple[date | None, str]:
        """The date the second-instance filing limit runs from and why.

        A second-instance complaint lies against a first-instance decision, the limit
        running from the day the complainant received it (the recorded notification;
        not yet running while none is recorded), or against silence once the
        first-instance time limit has passed, from that day (Law on Complaints art. 33).
        """
        if self.kind != Kind.COMPLAINT or self.instance != 1:
            raise RuleViolationError("only a first-instance complaint can be appealed")
        if self.second_instance_case_id is not None:
            raise InvalidTransitionError("a second-instance complaint was already filed")
        if self.status == Status.CONCLUDED and self.concluded_on is not None:
            if filed_on < self.concluded_on:
                raise ChronologyError(f"filed on {filed_on}, before the decision it contests")
            if self.notified_on is None:
                return None, "not_notified"
            return self.notified_on, "notified"
        if self.status == Status.IN_PROGRESS and self.is_overdue(filed_on):
            return self._require_due_date(), "unanswered"
        raise InvalidTransitionError("no first-instance decision, and its limit has not passed")

    def further_denunciation_allowed(self, filed_on: date) -> None:
        """Refuse a further denunciation unless this denunciation is overdue or settled.

        The denouncer holds a settled one settled against the law (Law on Denunciations
        art. 37).
        """
        if self.kind != Kind.DENUNCIATION:
            raise RuleViolationError("only a denunciation is taken further to the superior")
        if self.further_case_id is not None:
            raise InvalidTransitionError("the denunciation was already taken further")
        if self.status == Status.CONCLUDED and self.concluded_on is not None:
            if filed_on < self.concluded_on:
                raise ChronologyError(f"filed on {filed_on}, before the conclusion it contests")
            return
        if not self.is_overdue(filed_on):
            raise InvalidTransitionError("the denunciation is neither overdue nor settled")
