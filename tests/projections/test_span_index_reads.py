"""The deadlines at a cut-off read no span row only to drop it (PostgreSQL's plan).

The spans running on the day are found among the pieces of the day's quarter (and the
spans still running): in the issue 11 measurement the pieces that had ended before
the day, or were removed before the knowledge cut-off, were each read from the table
and then dropped by the query's filter, so the report's reads grew with the quarter's
pieces, not with its answer. Their days and log positions are now index columns,
checked in the index: with sequential scans off (a test history is small enough for
the planner to prefer them), no plan node drops a row it read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

import psycopg

from domain.application import Petitions
from ops.db_roles_cli import connect
from ops.history import generate
from ops.rebuild import catch_up
from ops.settings import Settings
from ops.wiring import open_views
from projections.catalogue import PROJECTIONS
from projections.statistics.persistence import StatisticsView

CASES = 300
DAYS = (date(2023, 1, 1), date(2024, 6, 30), date(2025, 7, 2))


def test_spans_at_a_cut_off_drop_no_row_read(postgres_settings: Settings) -> None:
    app = Petitions(postgres_settings.eventsourcing_env())
    try:
        history = generate(app, CASES, seed=5)
    finally:
        app.close()
    views = open_views(postgres_settings)
    try:
        view = views.statistics
        catch_up(postgres_settings, PROJECTIONS["statistics"], view)
        statements = _statements(view, history.last_position)
        assert len(statements) == 2 * len(DAYS)
        with connect(postgres_settings) as conn:
            conn.execute(f'SET search_path TO "{postgres_settings.postgres_schema}"')  # ours
            conn.execute("VACUUM ANALYZE statistics_spans")
            conn.execute("SET enable_seqscan = off")
            dropped = [_dropped(conn, sql, params) for sql, params in statements]
        assert dropped == [0] * len(statements)  # per day: overdue, due soon
    finally:
        views.close()


def _statements(view: StatisticsView, last: int) -> list[tuple[str, Sequence[object]]]:
    """The spans statements of the overdue and due-soon items at each day, as known at `last // 2`."""
    seen: list[tuple[str, Sequence[object]]] = []
    fetch = view.fetch

    def noting(sql: str, params: Sequence[object] = ()) -> list[Mapping[str, Any]]:
        if "_spans" in sql:
            seen.append((view.dialect.sql(sql), [view.dialect.to_db(p) for p in params]))
        return fetch(sql, params)

    view.fetch = noting  # type: ignore[method-assign]
    try:
        for on in DAYS:
            view.overdue_items(on, None, last // 2, 100)
            view.due_soon_items(on, 30, None, last // 2, 100)
    finally:
        del view.fetch
    return seen


def _dropped(conn: psycopg.Connection[Any], sql: str, params: Sequence[object]) -> int:
    """The rows the plan's nodes read and then dropped by a filter."""
    plan = conn.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params).fetchone()
    assert plan is not None
    tree = plan[0] if isinstance(plan[0], list) else json.loads(plan[0])
    return sum(int(node.get("Rows Removed by Filter", 0)) for node in _nodes(tree[0]["Plan"]))


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)
