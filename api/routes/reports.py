"""Read-model queries: case index, statistics, escalations, deadlines, reception activity.

Each takes `?after=N` (a command's `position`) to read its own writes, bounded.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import CaseReader, StoresDep, ViewsDep, field_error, scoped_agency
from api.problems import responses
from api.schemas import CaseIndexItem, CaseIndexPage
from domain.kinds import Kind, Status
from projections.case_index.persistence import CaseFilter, InvalidCursorError

router = APIRouter(tags=["reports"])
QUERY = responses(401, 403, 422, 503)


@router.get("/cases", summary="Search the case index", responses=QUERY)
def search_cases(
    who: CaseReader,
    stores: StoresDep,
    views: ViewsDep,
    status: Status | None = None,
    kind: Kind | None = None,
    agency_id: UUID | None = None,
    officer_id: Annotated[str | None, Query(max_length=64)] = None,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    statistical_year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    overdue_on: date | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> CaseIndexPage:
    """Cases in the caller's agency subtree, newest first, with cursor pagination."""
    filters = CaseFilter(
        status=status,
        kind=kind,
        agency_id=scoped_agency(stores, who, agency_id),
        officer_id=officer_id,
        year=year,
        statistical_year=statistical_year,
        overdue_on=overdue_on,
    )
    try:
        page = views.case_index.search(filters, limit, cursor)
    except InvalidCursorError:
        raise field_error("cursor", "not a cursor this service handed out", "query") from None
    today = stores.petitions.today()
    items = [
        CaseIndexItem.model_validate(
            {**vars(e), "overdue": e.is_overdue(today)}, from_attributes=False
        )
        for e in page.items
    ]
    return CaseIndexPage(items=items, next_cursor=page.next_cursor)
