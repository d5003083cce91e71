from datetime import date

from domain.calendar import DayType, WorkingCalendar

CALENDAR = WorkingCalendar()


def test_lunar_new_year_days_are_days_off() -> None:
    # Tết Bính Ngọ: 16-20 February 2026, Monday to Friday.
    for day in range(16, 21):
        assert CALENDAR.is_day_off(date(2026, 2, day))


def test_hung_kings_day_from_the_lunar_calendar_is_a_day_off() -> None:
    # 10th day of the 3rd lunar month: Monday 7 April 2025.
    assert CALENDAR.is_day_off(date(2025, 4, 7))


def test_national_day_is_a_day_off() -> None:
    assert CALENDAR.is_day_off(date(2025, 9, 2))


def test_saturday_and_sunday_are_days_off() -> None:
    assert CALENDAR.is_day_off(date(2025, 6, 7))
    assert CALENDAR.is_day_off(date(2025, 6, 8))


def test_an_ordinary_weekday_is_a_working_day() -> None:
    assert not CALENDAR.is_day_off(date(2025, 6, 9))


def test_a_declared_extra_day_off_is_a_day_off() -> None:
    calendar = WorkingCalendar.with_declarations(days_off=[date(2025, 6, 10)])
    assert calendar.is_day_off(date(2025, 6, 10))


def test_a_compensating_working_saturday_is_a_working_day() -> None:
    calendar = WorkingCalendar.with_declarations(working_days=[date(2025, 6, 7)])
    assert not calendar.is_day_off(date(2025, 6, 7))


def test_a_compensating_working_saturday_counts_as_a_working_day() -> None:
    calendar = WorkingCalendar.with_declarations(working_days=[date(2025, 6, 7)])
    assert calendar.add(date(2025, 6, 6), 1, DayType.WORKING) == date(2025, 6, 7)


def test_a_declared_day_off_is_skipped_when_counting_working_days() -> None:
    calendar = WorkingCalendar.with_declarations(days_off=[date(2025, 6, 10)])
    assert calendar.add(date(2025, 6, 9), 1, DayType.WORKING) == date(2025, 6, 11)


def test_working_days_skip_the_weekend() -> None:
    assert CALENDAR.add(date(2025, 6, 6), 1, DayType.WORKING) == date(2025, 6, 9)


def test_working_days_skip_tet() -> None:
    # Friday 13 February 2026 + 1 working day: the week of Tết and the weekend are off.
    assert CALENDAR.add(date(2026, 2, 13), 1, DayType.WORKING) == date(2026, 2, 23)


def test_ten_working_days_span_two_weekends() -> None:
    assert CALENDAR.add(date(2025, 6, 2), 10, DayType.WORKING) == date(2025, 6, 16)


def test_a_calendar_day_limit_counts_weekends() -> None:
    assert CALENDAR.add(date(2025, 6, 2), 3, DayType.CALENDAR) == date(2025, 6, 5)


def test_a_calendar_day_limit_ending_on_a_weekend_rolls_to_monday() -> None:
    assert CALENDAR.add(date(2025, 6, 2), 5, DayType.CALENDAR) == date(2025, 6, 9)


def test_a_calendar_day_limit_ending_in_tet_rolls_past_the_holiday() -> None:
    # 18 January + 30 days = Tuesday 17 February 2026, Tết; Saturday and Sunday follow.
    assert CALENDAR.add(date(2026, 1, 18), 30, DayType.CALENDAR) == date(2026, 2, 23)


def test_a_calendar_day_limit_ending_on_a_declared_day_off_rolls_forward() -> None:
    calendar = WorkingCalendar.with_declarations(days_off=[date(2025, 6, 5)])
    assert calendar.add(date(2025, 6, 2), 3, DayType.CALENDAR) == date(2025, 6, 6)


def test_next_working_day_of_a_working_day_is_that_day() -> None:
    assert CALENDAR.next_working_day(date(2025, 6, 9)) == date(2025, 6, 9)


def test_working_days_between_two_dates_exclude_days_off() -> None:
    # Friday 13 February to Monday 23 February 2026: only the Monday is worked.
    assert CALENDAR.count(date(2026, 2, 13), date(2026, 2, 23), DayType.WORKING) == 1


def test_calendar_days_between_two_dates_include_days_off() -> None:
    assert CALENDAR.count(date(2026, 2, 13), date(2026, 2, 23), DayType.CALENDAR) == 10


def test_no_days_are_counted_up_to_a_date_not_after_the_start() -> None:
    assert CALENDAR.count(date(2025, 6, 9), date(2025, 6, 2), DayType.CALENDAR) == 0
    assert CALENDAR.count(date(2025, 6, 9), date(2025, 6, 9), DayType.WORKING) == 0


# ----- compensating working Saturdays, from the `holidays` package (issue 8, point 8) ------


def test_saturday_4_may_2024_worked_in_compensation_is_a_working_day() -> None:
    """Government decision for 29 April 2024: Saturday 4 May was worked in compensation."""
    assert not CALENDAR.is_day_off(date(2024, 5, 4))
    assert CALENDAR.is_day_off(date(2024, 4, 29))  # the bridged Monday is off


def test_saturday_26_april_2025_worked_in_compensation_is_a_working_day() -> None:
    """Government decision for 2 May 2025: Saturday 26 April was worked in compensation."""
    assert not CALENDAR.is_day_off(date(2025, 4, 26))
    assert CALENDAR.is_day_off(date(2025, 5, 2))


def test_a_compensating_saturday_counts_in_a_working_day_limit() -> None:
    # Friday 25 April 2025 + 1 working day is Saturday 26 April, not Tuesday 29 April.
    assert CALENDAR.add(date(2025, 4, 25), 1, DayType.WORKING) == date(2025, 4, 26)
    assert CALENDAR.count(date(2025, 4, 24), date(2025, 4, 28), DayType.WORKING) == 3


def test_a_calendar_limit_ending_on_a_compensating_saturday_is_not_rolled() -> None:
    """Civil Code art. 148 moves only a last day that is a day off."""
    assert CALENDAR.add(date(2025, 3, 27), 30, DayType.CALENDAR) == date(2025, 4, 26)


def test_declared_days_still_apply_on_top_of_the_package() -> None:
    calendar = WorkingCalendar.with_declarations(days_off=[date(2025, 4, 26)])
    assert calendar.is_day_off(date(2025, 4, 26))
    assert calendar.add(date(2025, 3, 27), 30, DayType.CALENDAR) == date(2025, 4, 28)


def test_zero_working_days_from_a_day_off_is_the_next_working_day() -> None:
    assert CALENDAR.add(date(2025, 6, 7), 0, DayType.WORKING) == date(2025, 6, 9)


def test_working_days_count_back_over_a_compensating_saturday() -> None:
    assert CALENDAR.add(date(2025, 4, 28), -1, DayType.WORKING) == date(2025, 4, 26)


# ----- the calendar's version (issue 8, point 9) -------------------------------------------


def test_a_calendar_version_names_the_package_and_the_declared_days_in_the_span() -> None:
    calendar = WorkingCalendar.with_declarations(
        days_off=[date(2025, 7, 2), date(2025, 12, 31)], working_days=[date(2025, 6, 14)]
    )
    version = calendar.version_between(date(2025, 6, 2), date(2025, 7, 3))
    assert version.startswith("holidays ")
    assert "declared off 2025-07-02" in version
    assert "2025-12-31" not in version
    assert "declared worked 2025-06-14" in version


def test_a_calendar_without_declarations_is_named_by_the_package_alone() -> None:
    version = CALENDAR.version_between(date(2025, 6, 2), date(2025, 7, 3))
    assert version.startswith("holidays ")
    assert ";" not in version
