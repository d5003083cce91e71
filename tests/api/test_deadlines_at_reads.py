"""The deadlines report at a cut-off: what it reads for the items it lists.

With an officer's filter, up to `MAX_PAGE` candidates are read so that the officer's
are found among them; their rows now (reference, extensions) were read for all
of them and then dropped for the other officers' items.

The lookups of the listed items (their officers then, their rows now) were one `IN`
list of `?` a case: on PostgreSQL a statement of more than 50 parameters is parsed
anew by psycopg at every execution, and prepared once per list length, so each
listed item cost more than its row. Its statements are now the same whatever the
number of items listed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest

from api.cutoffs import Cutoff
from api.deadlines_at import Asked, deadlines_at
from domain.application import Petitions
from ops.history import generate
from ops.rebuild import catch_up
from ops.settings import Settings
from ops.wiring import Views, open_views
from projections.catalogue import PROJECTIONS
from projections.deadlines.persistence import ItemNow
from projections.dialects import StoredId
from projections.store import RowStore

ON = date(2024, 6, 30)
DAYS = (date(2023, 1, 1), ON)
# The tables read for the items listed: their spans, their officers then, their rows now
# (the load per officer is read from counters whose statements follow the day instead).
LISTING = ("_spans", "case_index_states", "deadlines_items")


@contextmanager
def _caught_up(settings: Settings) -> Iterator[tuple[Views, int]]:
    """The views the report reads, caught up on a generated history, and its last position."""
    app = Petitions(settings.eventsourcing_env())
    try:
        history = generate(app, 300, seed=5)
    finally:
        app.close()
    views = open_views(settings)
    try:
        for name in ("statistics", "case_index", "deadlines"):
            catch_up(settings, PROJECTIONS[name], getattr(views, name))
        yield views, history.last_position
    finally:
        views.close()


def test_an_officers_items_read_their_rows_now_only(sqlite_settings: Settings) -> None:
    with _caught_up(sqlite_settings) as (views, last):
        cutoff = Cutoff(as_of=ON, known_at=last)
        everyone = deadlines_at(views, cutoff, Asked(ON, None, None, 30, 500))
        officer, _ = Counter(i.officer_id for i in everyone.overdue).most_common(1)[0]
        read: list[StoredId] = []
        items = views.deadlines.items_now

        def noting(stored_ids: Sequence[StoredId]) -> dict[StoredId, ItemNow]:
            read.extend(stored_ids)
            return items(stored_ids)

        views.deadlines.items_now = noting  # type: ignore[method-assign]
        mine = deadlines_at(views, cutoff, Asked(ON, None, officer, 30, 500))
        listed = [i.case_id for i in (*mine.overdue, *mine.due_soon)]
        assert listed
        assert len(listed) < len(everyone.overdue) + len(everyone.due_soon)
        assert sorted(map(str, read)) == sorted(map(str, listed))  # read as stored: text


def test_the_statements_do_not_depend_on_how_many_items_are_listed(
    postgres_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    fetch = RowStore.fetch

    def noting(view: RowStore, sql: str, params: Sequence[object] = ()) -> list[Mapping[str, Any]]:
        if any(table in sql for table in LISTING):
            seen.append(sql)
        return fetch(view, sql, params)

    with _caught_up(postgres_settings) as (views, last):
        monkeypatch.setattr(RowStore, "fetch", noting)
        statements: dict[int, list[str]] = {}
        for on in DAYS:
            seen.clear()
            answer = deadlines_at(
                views, Cutoff(as_of=on, known_at=last), Asked(on, None, None, 30, 500)
            )
            statements[len(answer.overdue) + len(answer.due_soon)] = sorted(set(seen))
    assert len(statements) == len(DAYS)  # as many numbers of items as days
    assert min(statements) > 0
    first, second = statements.values()
    assert all(any(table in sql for sql in first) for table in LISTING)
    assert first == second
