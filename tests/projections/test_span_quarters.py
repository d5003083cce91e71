"""The deadlines at a cut-off, read from quarter pieces, equal each case's own state then.

A generated multi-year history (cases open across many quarters, closed, re-opened,
transferred by the 2025 reform): for several legal days and knowledge cut-offs, the
items `overdue_items` and `due_soon_items` return are exactly the cases that the
case's timeline (`state_at`) says were overdue / due soon on that day, as then known.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from uuid import UUID

from domain.application import Petitions
from ops.history import generate
from ops.rebuild import catch_up
from ops.settings import Settings
from ops.wiring import open_views
from projections.catalogue import PROJECTIONS
from projections.statistics.persistence import FACTS, StatisticsView
from projections.statistics.timeline import CaseState, state_at

CASES = 600
DAYS = (date(2022, 3, 31), date(2023, 1, 1), date(2024, 6, 30), date(2025, 7, 2), date(2026, 1, 5))
SOON = 10


def test_spans_at_any_cut_off_equal_the_cases_states(store_settings: Settings) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    try:
        history = generate(app, CASES, seed=5)
    finally:
        app.close()
    views = open_views(store_settings)
    try:
        view = views.statistics
        catch_up(store_settings, PROJECTIONS["statistics"], view)
        timelines = {r.case_id: json.loads(r.facts) for r in view.select_rows(FACTS)}
        last = history.last_position
        seen = [_check(view, timelines, on, known) for known in (None, last // 3, 2 * last // 3)
                for on in DAYS]  # fmt: skip
        assert sum(seen) > 100
        assert len(timelines) >= CASES
    finally:
        views.close()


def _check(
    view: StatisticsView,
    timelines: dict[UUID, list[dict[str, object]]],
    on: date,
    known: int | None,
) -> int:
    """Check one legal day and knowledge cut-off; how many items were found."""
    states = {c: state_at(facts, on, known) for c, facts in timelines.items()}
    overdue = {c for c, s in states.items() if s.overdue(on)}
    soon = {c for c, s in states.items() if _due_soon(s, on)}
    found = view.overdue_items(on, None, known, 500)
    assert len(found) < 500
    assert {s.case_id for s in found} == overdue, (on, known)
    assert [s.due_date for s in found] == sorted(s.due_date for s in found)
    assert {s.case_id for s in view.due_soon_items(on, SOON, None, known, 500)} == soon
    return len(overdue) + len(soon)


def _due_soon(state: CaseState, on: date) -> bool:
    due = state.due_date
    if not state.open_item or state.stopped or due is None:
        return False
    return on <= due <= on + timedelta(days=SOON)
