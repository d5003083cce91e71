"""Resolution statistics, hand-checked: carry-over across year boundaries, extensions,
second-instance complaints, an agency merged mid-year, metric definitions and targets."""

from __future__ import annotations

from datetime import date

import pytest

from domain.application import PersonalData, Petitions
from domain.case import Petition
from domain.kinds import Channel, Complexity, EffectOnContested, Kind
from ops.settings import Settings
from projections.periods import Period
from projections.statistics.metrics import (
    RESOLUTION_RATE,
    RESOLUTION_RATE_DUE_ONLY,
    RESOLUTION_RATE_NEW_ONLY,
    Targets,
)
from tests.projections.story import Story, project


def test_carry_over_across_calendar_and_statistical_year_boundaries(
    store_settings: Settings, story: Story
) -> None:
    a = story.tree.district_a
    # 1: a complaint accepted 1 Dec 2023 (calendar 2023, statistical year 2023's tail),
    #    due 2 Jan 2024 (31 Dec is a Sunday, 1 Jan a holiday), concluded late on 10 Jan 2024.
    first = story.receive(a, date(2023, 11, 20))
    story.classify(first, a, date(2023, 11, 22), Kind.COMPLAINT)
    story.accept(first, a, date(2023, 12, 1))
    # 2: accepted 20 Dec 2023: calendar year 2023 but statistical year 2024; on time.
    second = story.accepted(a, date(2023, 12, 20))
    # 3: accepted in March 2024 and never concluded.
    story.accepted(a, date(2024, 3, 4))
    # 4: accepted and concluded in 2022: carried into nothing.
    old = story.accepted(a, date(2022, 6, 1))
    story.conclude(old, a, date(2022, 6, 20))
    story.conclude(first, a, date(2024, 1, 10), "right")
    story.conclude(second, a, date(2024, 1, 5))
    views = project(store_settings)

    cal_2024 = views.statistics.report(Period.calendar_year(2024), a).total
    assert (cal_2024.accepted, cal_2024.carried_over, cal_2024.resolved) == (1, 2, 2)
    assert (cal_2024.resolved_on_time, cal_2024.resolved_late) == (1, 1)
    assert cal_2024.still_open == 1
    assert cal_2024.overdue == 1  # case 3 was due 3 April 2024
    assert cal_2024.rate() == pytest.approx(2 / 3)

    stat_2024 = views.statistics.report(Period.statistical_year(2024), a).total
    assert (stat_2024.accepted, stat_2024.carried_over, stat_2024.resolved) == (2, 1, 2)

    cal_2023 = views.statistics.report(Period.calendar_year(2023), a).total
    assert (cal_2023.accepted, cal_2023.carried_over, cal_2023.resolved) == (2, 0, 0)
    assert cal_2023.still_open == 2
    assert cal_2023.rate() == 0

    stat_2023 = views.statistics.report(Period.statistical_year(2023), a).total
    assert (stat_2023.accepted, stat_2023.carried_over, stat_2023.resolved) == (1, 0, 0)

    province = views.statistics.report(Period.calendar_year(2024), story.tree.province).total
    assert province == cal_2024
    assert (
        views.statistics.report(Period.calendar_year(2024), story.tree.district_b).total.accepted
        == 0
    )


def test_petitions_and_cases_are_counted_apart(store_settings: Settings, story: Story) -> None:
    a = story.tree.district_a
    story.receive(a, date(2024, 5, 6))  # a petition, never a case
    story.accepted(a, date(2024, 5, 7))
    views = project(store_settings)
    total = views.statistics.report(Period.calendar_year(2024), a).total
    assert (total.petitions_received, total.accepted) == (2, 1)


def test_an_extension_moves_the_due_date_and_keeps_a_late_looking_case_on_time(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    a = story.tree.district_a
    case = story.receive(a, date(2025, 2, 24))
    story.classify(case, a, date(2025, 2, 25), Kind.DENUNCIATION)
    story.accept(case, a, date(2025, 3, 3))  # due Wednesday 2 April 2025
    views = project(store_settings)
    item = views.deadlines.item(case)
    assert item is not None
    assert item.due_date == date(2025, 4, 2)
    assert item.is_overdue(date(2025, 4, 10))

    story.run(app.extend_deadline(case, Complexity.COMPLEX, 20, story.act(a, date(2025, 3, 20))))
    views = project(store_settings)
    item = views.deadlines.item(case)
    assert item is not None
    assert (item.due_date, item.extensions) == (date(2025, 4, 22), 1)
    assert not item.is_overdue(date(2025, 4, 10))
    assert views.deadlines.overdue(date(2025, 4, 10)) == []
    entry = views.case_index.get(case)
    assert entry is not None
    assert (entry.due_date, entry.extensions) == (date(2025, 4, 22), 1)

    story.conclude(case, a, date(2025, 4, 15), "true")
    views = project(store_settings)
    total = views.statistics.report(Period.calendar_year(2025), a).total
    assert (total.resolved, total.resolved_on_time, total.resolved_late) == (1, 1, 0)
    assert views.deadlines.open_items() == []


def test_second_instance_complaints_feed_the_quality_shares(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    a1, a = story.tree.commune_a1, story.tree.district_a
    first = story.receive(a1, date(2025, 3, 3))
    story.classify(first, a1, date(2025, 3, 4), Kind.COMPLAINT)
    story.accept(first, a1, date(2025, 3, 5))
    story.conclude(first, a1, date(2025, 3, 20), "right")
    other = story.receive(a1, date(2025, 3, 6))
    story.classify(other, a1, date(2025, 3, 6), Kind.COMPLAINT)
    story.accept(other, a1, date(2025, 3, 7))
    story.conclude(other, a1, date(2025, 3, 21), "wrong")
    # The complainant appeals the first decision to the district.
    petition = Petition("", Channel.POST, "appeal", None)
    appellant = PersonalData("Appellant")
    written = app.file_second_instance(first, petition, story.act(a, date(2025, 4, 1)), appellant)
    story.run(written)
    second = written.id
    story.classify(second, a, date(2025, 4, 2), Kind.COMPLAINT)
    story.accept(second, a, date(2025, 4, 3))
    act = story.act(a, date(2025, 4, 25))
    story.run(app.conclude(second, "partly_right", "QD-2", act, EffectOnContested.AMENDED))
    views = project(store_settings)

    quality = views.statistics.report(Period.calendar_year(2025), a).quality
    assert (quality.first_instance_complaints_decided, quality.found_right) == (2, 1)
    assert quality.share_found_right == pytest.approx(0.5)
    assert (quality.second_instance_decided, quality.annulled_or_amended) == (1, 1)
    assert quality.share_annulled_or_amended == 1
    first_entry = views.case_index.get(first)
    second_entry = views.case_index.get(second)
    assert first_entry is not None
    assert second_entry is not None
    assert first_entry.second_instance_case_id == second
    assert (second_entry.instance, second_entry.first_instance_case_id) == (2, first)
    by_level = {
        (f.kind, f.level): f for f in views.statistics.report(Period.calendar_year(2025)).rows
    }
    assert by_level[("complaint", "commune")].resolved == 2
    assert by_level[("complaint", "district")].outcomes == (("partly_right", 1),)


def test_an_agency_merged_mid_year_counts_for_its_successor_without_double_counting(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    a, b, p = story.tree.district_a, story.tree.district_b, story.tree.province
    resolved = story.accepted(b, date(2024, 2, 5))
    story.conclude(resolved, b, date(2024, 3, 1))
    story.accepted(b, date(2024, 2, 6))
    story.run(app.merge_agency(b, a, story.act(p, date(2024, 7, 1), "merger resolution")))
    story.accepted(a, date(2024, 8, 5))
    views = project(store_settings)
    year = Period.calendar_year(2024)

    successor = views.statistics.report(year, a).total
    assert (successor.accepted, successor.resolved, successor.still_open) == (3, 1, 2)
    assert successor.rate() == pytest.approx(1 / 3)
    assert views.statistics.report(year, b).total.accepted == 2
    assert views.statistics.report(year, p).total.accepted == 3
    assert views.statistics.rolled_up(a) == [a, b]


def test_metric_definitions_and_targets_are_named_beside_the_rate(
    store_settings: Settings, story: Story
) -> None:
    a = story.tree.district_a
    carried = story.accepted(a, date(2023, 12, 1))
    story.conclude(carried, a, date(2024, 1, 10))
    fresh = story.accepted(a, date(2024, 3, 4))
    story.conclude(fresh, a, date(2024, 3, 20))
    story.accepted(a, date(2024, 12, 20))  # open, within its limit at the year's end
    story.accepted(a, date(2024, 6, 3))  # open and overdue at the year's end
    views = project(store_settings)
    year = Period.calendar_year(2024)

    report = views.statistics.report(year, a, targets=Targets.parse(f"2024:{a}=0.6"))
    assert report.definition.key == "resolution_rate/v2"  # issue 11: re-opened cases count
    assert "carried over" in report.definition.formula
    assert report.rate == pytest.approx(2 / 4)
    assert (report.target, report.target_met) == (0.6, False)
    assert report.total.rate(RESOLUTION_RATE_NEW_ONLY) == pytest.approx(1 / 3)
    assert report.total.rate(RESOLUTION_RATE_DUE_ONLY) == pytest.approx(2 / 3)
    due_only = views.statistics.report(year, a, definition=RESOLUTION_RATE_DUE_ONLY)
    assert (due_only.rate, due_only.target_met) == (pytest.approx(2 / 3), False)
    default = views.statistics.report(year, a)
    assert (default.target, default.definition) == (0.8, RESOLUTION_RATE)


def test_periods_follow_the_statistical_calendar() -> None:
    assert Period.statistical_year(2024) == Period(
        date(2023, 12, 15), date(2024, 12, 14), "SY2024 12m"
    )
    q1 = Period.statistical_quarter(2024, 1)
    assert (q1.start, q1.end) == (date(2023, 12, 15), date(2024, 3, 14))
    q4 = Period.statistical_quarter(2024, 4)
    assert (q4.start, q4.end) == (date(2024, 9, 15), date(2024, 12, 14))
    assert Period.statistical_months(2024, 6).end == date(2024, 6, 14)
