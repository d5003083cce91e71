"""Working days in Vietnam: weekends, public holidays (lunar ones included) and declared days.

Public holidays and the Saturdays worked in compensation for a bridged day off
(2024-05-04, 2025-04-26...) come from the `holidays` package, and so do the
working-day counts. The government also declares extra days off, or further
Saturdays worked, by decision; both are data passed in, so a new decision needs no
code change. The calendar is versioned: `version_between` names the package
version and the declared days a computation over a span depended on, and every
event that stores a due date records it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from importlib.metadata import version
from typing import Any

import holidays

PACKAGE = f"holidays {version('holidays')}"
DECLARED_DAY_OFF = "Declared day off"
MAX_REMEMBERED = 200_000  # answers kept per calendar (a few MB)


class DayType(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


def _vietnam(days_off: frozenset[date], working_days: frozenset[date]) -> Any:  # noqa: ANN401
    """The package's Vietnamese calendar with the declared days folded in."""
    calendar = holidays.country_holidays("VN")
    for day in sorted(days_off):
        calendar[day] = DECLARED_DAY_OFF  # fills in the year first, then overrides it
        calendar.weekend_workdays.discard(day)
    for day in sorted(working_days):
        if day in calendar:
            calendar.pop(day)
        if day.weekday() in calendar.weekend:
            calendar.weekend_workdays.add(day)
    return calendar


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are worked, and how limits in days are counted on them."""

    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)
    _days: Any = field(init=False, repr=False, compare=False)
    _lock: threading.Lock = field(init=False, repr=False, compare=False)
    # Answers already computed: the calendar never changes once built, and a backlog
    # import asks the same questions of the same few hundred days again and again.
    _nth: dict[tuple[date, int], date] = field(init=False, repr=False, compare=False)
    _counted: dict[tuple[date, date], int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The package fills in a year's holidays on first use; one lock keeps that
        # filling from racing between the API's threads.
        object.__setattr__(self, "_days", _vietnam(self.extra_days_off, self.extra_working_days))
        object.__setattr__(self, "_lock", threading.Lock())
        object.__setattr__(self, "_nth", {})
        object.__setattr__(self, "_counted", {})

    @classmethod
    def with_declarations(
        cls, days_off: Iterable[date] = (), working_days: Iterable[date] = ()
    ) -> WorkingCalendar:
        return cls(frozenset(days_off), frozenset(working_days))

    def with_days_off(self, days_off: Iterable[date]) -> WorkingCalendar:
        """The calendar with further declared days off."""
        return WorkingCalendar(self.extra_days_off | frozenset(days_off), self.extra_working_days)

    def is_day_off(self, day: date) -> bool:
        with self._lock:
            return not bool(self._days.is_working_day(day))

    def next_working_day(self, day: date) -> date:
        """`day` if it is worked, else the first working day after it."""
        return self._nth_working_day(day, 0)

    def add_working_days(self, start: date, days: int) -> date:
        """The day `days` working days after `start` (before it when `days` is negative).

        Zero days gives `start` itself when it is worked, else the next working day.
        """
        return self._nth_working_day(start, days)

    def _nth_working_day(self, start: date, days: int) -> date:
        found = self._nth.get((start, days))
        if found is None:
            with self._lock:
                found = self._days.get_nth_working_day(start, days)
            if len(self._nth) < MAX_REMEMBERED:
                self._nth[(start, days)] = found
        return found

    def add(self, start: date, days: int, day_type: DayType) -> date:
        """The last day of a limit of `days` counted from the day after `start`.

        A limit in calendar days whose last day is a day off ends on the next
        working day (Civil Code 2015, art. 148). A negative `days` (time already
        overrun) counts back and is not moved.
        """
        if day_type == DayType.WORKING:
            return self.add_working_days(start, days)
        if days < 0:
            return start + timedelta(days=days)
        return self.next_working_day(start + timedelta(days=days))

    def count(self, start: date, end: date, day_type: DayType) -> int:
        """Days of `day_type` after `start` up to and including `end` (0 if none)."""
        if end <= start:
            return 0
        if day_type == DayType.CALENDAR:
            return (end - start).days
        worked = self._counted.get((start, end))
        if worked is None:
            with self._lock:
                worked = int(self._days.get_working_days_count(start + timedelta(days=1), end))
            if len(self._counted) < MAX_REMEMBERED:
                self._counted[(start, end)] = worked
        return worked

    def signed_count(self, start: date, end: date, day_type: DayType) -> int:
        """Like `count`, but negative when `end` is before `start` (days overrun)."""
        if end < start:
            return -self.count(end, start, day_type)
        return self.count(start, end, day_type)

    def version_between(self, first: date, last: date) -> str:
        """The calendar a computation over `first`..`last` used: package and declared days.

        Only the declarations inside the span can change such a computation, so a
        due date is reproducible from the package version and the days listed here.
        """
        low, high = min(first, last), max(first, last)
        off = sorted(d for d in self.extra_days_off if low <= d <= high)
        worked = sorted(d for d in self.extra_working_days if low <= d <= high)
        parts = [PACKAGE]
        if off:
            parts.append("declared off " + " ".join(d.isoformat() for d in off))
        if worked:
            parts.append("declared worked " + " ".join(d.isoformat() for d in worked))
        return "; ".join(parts)
