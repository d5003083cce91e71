"""The deadlines report at a cut-off: overdue and soon-due items and the load, as they stood.

`GET /reports/deadlines` with `as_of` or `known_at` answers from here
(`api.routes.reports.read_deadlines`); "overdue" is `domain.overdue`'s everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from api.cutoffs import Cutoff, known_position
from api.schemas import CutoffOut, DeadlinesOut, LoadOut
from ops.wiring import Views
from projections.case_index.as_of import load_at, officers_at
from projections.case_index.persistence import MAX_PAGE
from projections.deadlines.persistence import ItemNow
from projections.dialects import StoredId
from projections.statistics.spans import DueItem


@dataclass(frozen=True)
class Asked:
    """What a deadlines report asks for: the day, the subtree, the officer, the window."""

    on: date
    agency_id: UUID | None
    officer_id: str | None
    within_days: int
    limit: int


def deadlines_at(views: Views, cutoff: Cutoff, asked: Asked) -> DeadlinesOut:
    """The deadlines report as it stood on `asked.on`, as known at the knowledge cut-off.

    Items come from the running-clock spans, their officers and the load per
    officer from the case index's states; `officer_id` keeps the items that
    officer held then.
    """
    on, agency, known = asked.on, asked.agency_id, cutoff.known_at
    wanted = MAX_PAGE if asked.officer_id is not None else asked.limit
    overdue = views.statistics.overdue_items(on, agency, known, wanted)
    soon = views.statistics.due_soon_items(on, asked.within_days, agency, known, wanted)
    position = known_position(views, cutoff)
    ids = [s.stored_id for s in (*overdue, *soon)]
    officers = officers_at(views.case_index, ids, on, position)

    def kept(spans: list[DueItem]) -> list[DueItem]:
        if asked.officer_id is None:
            return spans[: asked.limit]
        mine = [s for s in spans if officers.get(s.stored_id, "") == asked.officer_id]
        return mine[: asked.limit]

    overdue, soon = kept(overdue), kept(soon)
    # The rows now (reference, extensions) of the items listed only, not of every candidate
    # an officer's filter leaves out.
    now = views.deadlines.items_now([s.stored_id for s in (*overdue, *soon)])
    load = load_at(views.case_index, on, agency, position, asked.within_days)
    # One validation of the whole answer (in pydantic's core), not one model built an item.
    return DeadlinesOut.model_validate(
        {
            "on": on,
            "agency_id": agency,
            "overdue": [span_out(now.get(s.stored_id), s, on, officers) for s in overdue],
            "due_soon": [span_out(now.get(s.stored_id), s, on, officers) for s in soon],
            "load": [LoadOut.model_validate(x, from_attributes=True) for x in load],
            "cutoff": CutoffOut(as_of=on, known_at=cutoff.position),
        }
    )


def span_out(
    now: ItemNow | None, span: DueItem, on: date, officers: dict[StoredId, str]
) -> dict[str, object]:
    """An item as it stood (its due date, status and officer then; its reference as `now`).

    The fields of `OpenItemOut`, validated with the answer (`deadlines_at`).
    """
    return {
        "case_id": span.stored_id,  # made a UUID in the answer's validation
        "reference_code": now.reference_code if now else "",
        "kind": span.kind or None,
        "status": span.status,
        "stage": span.stage,
        "agency_id": span.agency_id,
        "officer_id": officers.get(span.stored_id, now.officer_id if now else ""),
        "due_date": span.due_date,
        "suspended": False,
        "extensions": now.extensions if now else 0,
        "overdue": on > span.due_date,
    }
