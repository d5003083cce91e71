"""A view built with another layout of its rows is rebuilt, never read the new way.

Year buckets (layout 2) are read for whole years: a view built before them (layout 1,
or no layout recorded at all) has none, and read as it stands it would lose every
case opened before this year. Opened by the new code, it is dropped with its
position, and caught up again from the log it gives the same figures as before.
"""

# ruff: noqa: S608 - table names from the view, no input
from __future__ import annotations

from domain.application import Petitions
from ops.history import generate
from ops.rebuild import catch_up
from ops.settings import Settings
from ops.wiring import open_view
from projections.periods import Period
from projections.statistics.figures import Figures
from projections.statistics.projection import StatisticsProjection
from projections.store import RowStore
from projections.store_schema import LAYOUTS, VIEW_LAYOUT


def _caught_up(settings: Settings) -> RowStore:
    view = open_view(settings, StatisticsProjection)
    catch_up(settings, StatisticsProjection, view)
    return view


def _set_layout(view: RowStore, layout: int | None) -> None:
    with view._transaction(commit=True) as c:  # what an older build left
        if layout is None:
            c.execute(view.dialect.sql(f"DELETE FROM {view.qualified(LAYOUTS)}"))
        else:
            c.execute(
                view.dialect.sql(f"UPDATE {view.qualified(LAYOUTS)} SET layout = ?"), (layout,)
            )


def _figures(view: RowStore) -> Figures:
    """The 2025 totals: carried over from 2024 (a sum from the beginning, by year) and flows."""
    report = view.report(Period.calendar_year(2025))  # type: ignore[attr-defined]
    total: Figures = report.total
    return total


def test_a_view_of_another_layout_is_rebuilt_from_the_log(store_settings: Settings) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    try:
        generate(app, 150, seed=3)
        view = _caught_up(store_settings)
        head = view.position()
        expected = _figures(view)
        assert head
        assert expected.carried_over > 0
        assert expected.accepted > 0
        view.close()

        same = open_view(store_settings, StatisticsProjection)  # same layout: kept
        assert same.position() == head
        assert _figures(same) == expected
        for older in (VIEW_LAYOUT - 1, None):  # an older layout, or none recorded
            _set_layout(same, older)
            same.close()
            same = open_view(store_settings, StatisticsProjection)
            assert same.position() is None
            assert _figures(same) != expected  # dropped: empty until caught up
            catch_up(store_settings, StatisticsProjection, same)
            assert same.position() == head
            assert _figures(same) == expected
        same.close()
    finally:
        app.close()
