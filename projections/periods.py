"""Reporting periods: the statistical year (15 December to 14 December) and calendar periods.

Circular 01/2024/TT-TTCP: statistical year Y runs from 15 December of Y-1 to
14 December of Y; its first quarter is 15 December to 14 March. Reports are made
for quarters and for 6, 9 and 12 months; calendar-year figures are also wanted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

STAT_YEAR_START = (12, 15)
MONTHS_PER_QUARTER = 3
QUARTERS = 4


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
        start = date(year - 1, *STAT_YEAR_START)
        end = _add_months(start, months) - timedelta(days=1)
        return cls(start, end, f"SY{year} {months}m")

    @classmethod
    def statistical_quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= QUARTERS:
            raise ValueError("quarter is 1 to 4")
        start = _add_months(date(year - 1, *STAT_YEAR_START), MONTHS_PER_QUARTER * (quarter - 1))
        end = _add_months(start, MONTHS_PER_QUARTER) - timedelta(days=1)
        return cls(start, end, f"SY{year} Q{quarter}")


def statistical_year_of(day: date) -> int:
    """The statistical year a legal date belongs to."""
    return day.year + 1 if (day.month, day.day) >= STAT_YEAR_START else day.year


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)
