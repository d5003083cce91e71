"""Reporting periods: months, quarters and cumulative months on both bases."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from projections.periods import Period, statistical_year_of


@pytest.mark.parametrize(
    ("months", "end"),
    [
        (3, date(2025, 3, 14)),
        (6, date(2025, 6, 14)),
        (9, date(2025, 9, 14)),
        (12, date(2025, 12, 14)),
    ],
)
def test_cumulative_statistical_months_start_on_15_december(months: int, end: date) -> None:
    period = Period.months_of(2025, months, "statistical")
    assert (period.start, period.end) == (date(2024, 12, 15), end)
    assert period.label == f"SY2025 {months}m"


@pytest.mark.parametrize(
    ("months", "end"),
    [
        (3, date(2025, 3, 31)),
        (6, date(2025, 6, 30)),
        (9, date(2025, 9, 30)),
        (12, date(2025, 12, 31)),
    ],
)
def test_cumulative_calendar_months_start_on_1_january(months: int, end: date) -> None:
    period = Period.months_of(2025, months, "calendar")
    assert (period.start, period.end) == (date(2025, 1, 1), end)


def test_the_first_statistical_month_and_quarter_begin_in_the_previous_december() -> None:
    assert Period.month_of(2025, 1) == Period(date(2024, 12, 15), date(2025, 1, 14), "SY2025 M01")
    assert Period.month_of(2025, 12).end == date(2025, 12, 14)
    assert Period.quarter_of(2025, 1) == Period(date(2024, 12, 15), date(2025, 3, 14), "SY2025 Q1")
    assert Period.quarter_of(2025, 4).start == date(2025, 9, 15)


def test_calendar_months_and_quarters_follow_the_calendar() -> None:
    assert Period.month_of(2024, 2, "calendar") == Period(
        date(2024, 2, 1), date(2024, 2, 29), "2024 M02"
    )
    assert Period.quarter_of(2025, 4, "calendar") == Period(
        date(2025, 10, 1), date(2025, 12, 31), "2025 Q4"
    )
    assert Period.months_of(2025, 12, "calendar") == Period.calendar_year(2025)


def test_the_twelve_statistical_months_tile_the_year_without_gaps() -> None:
    months = [Period.month_of(2025, m) for m in range(1, 13)]
    assert months[0].start == Period.statistical_year(2025).start
    assert months[-1].end == Period.statistical_year(2025).end
    for before, after in itertools.pairwise(months):
        assert (after.start - before.end).days == 1
    assert {statistical_year_of(p.start) for p in months} == {2025}


@pytest.mark.parametrize("bad", [0, 2, 4, 13])
def test_other_cumulative_months_are_refused(bad: int) -> None:
    with pytest.raises(ValueError, match="3, 6, 9 or 12"):
        Period.months_of(2025, bad)
