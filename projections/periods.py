"""Reporting periods: the statistical year (15 December to 14 December) and calendar periods.

Circular 01/2024/TT-TTCP: statistical year Y runs from 15 December of Y-1 to
14 December of Y; its first quarter is 15 December to 14 March, its first month
15 December to 14 January. Reports are made for a month, a quarter and for 3, 6,
9 and 12 months (cumulative from the start of the year); calendar-year figures
(1 January to 31 December, its quarters, months and first 3/6/9/12 months) are
also wanted. See docs/forms.md, "Periods".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

STAT_YEAR_START = (12, 15)
CALENDAR_YEAR_START = (1, 1)
MONTHS_PER_QUARTER = 3
QUARTERS = 4
MONTHS = 12
CUMULATIVE_MONTHS = (3, 6, 9, 12)

Basis = Literal["statistical", "calendar"]


@dataclass(frozen=True)
class Period:
    """A closed range of legal dates, both ends included."""

    start: date
    end: date
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), f"{year}")

    @classmethod
    def statistical_year(cls, year: int) -> Period:
        return cls.statistical_months(year, 12)

    @classmethod
    def statistical_months(cls, year: int, months: int) -> Period:
        """The first `months` months (3, 6, 9 or 12) of statistical year `year`."""
        return cls.months_of(year, months, "statistical")

    @classmethod
    def statistical_quarter(cls, year: int, quarter: int) -> Period:
        return cls.quarter_of(year, quarter, "statistical")

    @classmethod
    def months_of(cls, year: int, months: int, basis: Basis = "statistical") -> Period:
        """The first `months` months (3, 6, 9 or 12) of `year` on `basis`, cumulative."""
        if months not in CUMULATIVE_MONTHS:
            raise ValueError("months is 3, 6, 9 or 12")
        start = year_start(year, basis)
        end = _add_months(start, months) - timedelta(days=1)
        if basis == "calendar" and months == MONTHS:
            return cls(start, end, f"{year}")
        return cls(start, end, f"{_prefix(basis)}{year} {months}m")

    @classmethod
    def quarter_of(cls, year: int, quarter: int, basis: Basis = "statistical") -> Period:
        """Quarter 1-4 of `year`: 15 Dec-14 Mar is the first statistical quarter."""
        if not 1 <= quarter <= QUARTERS:
            raise ValueError("quarter is 1 to 4")
        start = _add_months(year_start(year, basis), MONTHS_PER_QUARTER * (quarter - 1))
        end = _add_months(start, MONTHS_PER_QUARTER) - timedelta(days=1)
        return cls(start, end, f"{_prefix(basis)}{year} Q{quarter}")

    @classmethod
    def month_of(cls, year: int, month: int, basis: Basis = "statistical") -> Period:
        """Month 1-12 of `year`: 15 Dec-14 Jan is the first statistical month."""
        if not 1 <= month <= MONTHS:
            raise ValueError("month is 1 to 12")
        start = _add_months(year_start(year, basis), month - 1)
        end = _add_months(start, 1) - timedelta(days=1)
        return cls(start, end, f"{_prefix(basis)}{year} M{month:02d}")


def year_start(year: int, basis: Basis) -> date:
    """The first day of statistical or calendar year `year`."""
    if basis == "statistical":
        return date(year - 1, *STAT_YEAR_START)
    return date(year, *CALENDAR_YEAR_START)


def statistical_year_of(day: date) -> int:
    """The statistical year a legal date belongs to."""
    return day.year + 1 if (day.month, day.day) >= STAT_YEAR_START else day.year


def _prefix(basis: Basis) -> str:
    return "SY" if basis == "statistical" else ""


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)
