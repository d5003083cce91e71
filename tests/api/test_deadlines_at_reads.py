"""The deadlines report at a cut-off reads the rows now of the items it lists only.

With an officer's filter, up to `MAX_PAGE` candidates are read so that the officer's
are found among them; their rows now (reference, extensions) were read for all
of them and then dropped for the other officers' items.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from uuid import UUID

from api.cutoffs import Cutoff
from api.deadlines_at import Asked, deadlines_at
from domain.application import Petitions
from ops.history import generate
from ops.rebuild import catch_up
from ops.settings import Settings
from ops.wiring import open_views
from projections.catalogue import PROJECTIONS
from projections.deadlines.persistence import OpenItem

ON = date(2024, 6, 30)


def test_an_officers_items_read_their_rows_now_only(sqlite_settings: Settings) -> None:
    app = Petitions(sqlite_settings.eventsourcing_env())
    try:
        history = generate(app, 300, seed=5)
    finally:
        app.close()
    views = open_views(sqlite_settings)
    try:
        for name in ("statistics", "case_index", "deadlines"):
            catch_up(sqlite_settings, PROJECTIONS[name], getattr(views, name))
        cutoff = Cutoff(as_of=ON, known_at=history.last_position)
        everyone = deadlines_at(views, cutoff, Asked(ON, None, None, 30, 500))
        officer, _ = Counter(i.officer_id for i in everyone.overdue).most_common(1)[0]
        read: list[UUID] = []
        items = views.deadlines.items

        def noting(case_ids: list[UUID]) -> dict[UUID, OpenItem]:
            read.extend(case_ids)
            return items(case_ids)

        views.deadlines.items = noting  # type: ignore[method-assign]
        mine = deadlines_at(views, cutoff, Asked(ON, None, officer, 30, 500))
        listed = [i.case_id for i in (*mine.overdue, *mine.due_soon)]
        assert listed
        assert len(listed) < len(everyone.overdue) + len(everyone.due_soon)
        assert sorted(read, key=str) == sorted(listed, key=str)
    finally:
        views.close()
