"""What the `Case` aggregate's command mixins use of `Case`, declared once for the type checker.

`Case` (domain/case.py) defines the rule checks and the library's `trigger_event`;
`CaseClocks` (domain/case_clocks.py) the limits' arithmetic. Each mixin
(intake, settlement, conclusion, steps, corrections, referral, privacy) extends this
base, which has nothing at run time.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from domain.act import Act
from domain.calendar import WorkingCalendar
from domain.kinds import Kind, Status
from domain.rules import TimeLimit


class CaseMixin:
    """The base of `Case`'s command mixins: stubs of what `Case` and `CaseClocks` define."""

    if TYPE_CHECKING:

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...  # noqa: ANN401
        def _require_status(
            self, allowed: set[Status] | frozenset[Status], action: str
        ) -> None: ...
        def _require_chronology(self, act: Act) -> None: ...
        def _require_classified(self, action: str) -> Kind: ...
        def _filing_last_day(
            self,
            limit: TimeLimit,
            excluded_days: int,
            calendar: WorkingCalendar,
            start: date | None = None,
        ) -> date | None: ...
        def _remaining_days(self, on: date, due: date, calendar: WorkingCalendar) -> int: ...
