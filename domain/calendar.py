"""Working days in Vietnam: weekends, public holidays (lunar ones included) and declared days off.

Public holidays come from the `holidays` package (Tết, Hùng Kings' day and the
substituted days off it knows). The government also declares extra days off and
compensating Saturdays worked; both are data passed in, so a new decision needs
no code change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

import holidays

SATURDAY = 5


class DayType(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


@cache
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are worked, and how limits in days are counted on them."""

    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def with_declarations(
        cls, days_off: Iterable[date] = (), working_days: Iterable[date] = ()
    ) -> WorkingCalendar:
        return cls(frozenset(days_off), frozenset(working_days))

    def is_day_off(self, day: date) -> bool:
        if day in self.extra_working_days:
            return False
        if day in self.extra_days_off:
            return True
        return day.weekday() >= SATURDAY or day in _public_holidays(day.year)

    def next_working_day(self, day: date) -> date:
        while self.is_day_off(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """The day `days` working days after `start` (before it when `days` is negative)."""
        step = timedelta(days=1 if days >= 0 else -1)
        day = start
        remaining = abs(days)
        while remaining > 0:
            day += step
            if not self.is_day_off(day):
                remaining -= 1
        return day

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
        span = (start + timedelta(days=offset) for offset in range(1, (end - start).days + 1))
        return sum(1 for day in span if not self.is_day_off(day))

    def signed_count(self, start: date, end: date, day_type: DayType) -> int:
        """Like `count`, but negative when `end` is before `start` (days overrun)."""
        if end < start:
            return -self.count(end, start, day_type)
        return self.count(start, end, day_type)
