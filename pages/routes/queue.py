"""The work queue: open petitions and cases of the officer's agency, overdue first."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from api.case_items import index_items
from api.deps import CASE_READERS, StoresDep, ensure_role
from api.names import Names
from api.schemas import CaseIndexItem
from api.security import Principal
from api.stores import Stores
from api.view_waits import views_after
from domain.kinds import Kind
from domain.users import Role
from pages.errors import PageRoute
from pages.rendering import csv_twin, json_twin, render
from pages.viewer import signed_in
from projections.case_index.persistence import QueueFilter

router = APIRouter(route_class=PageRoute, include_in_schema=False)
OfficerFilter = Annotated[str | None, Query(max_length=64, pattern=r"^[\w.@-]*$")]
COLUMNS = (
    "reference_code",
    "status",
    "kind",
    "received_on",
    "handling_due_date",
    "due_date",
    "overdue",
    "officer_id",
    "case_id",
)


class WorkQueue(BaseModel):
    """Open cases in the order to work on them: overdue first, then by due date."""

    agency_id: UUID | None
    kind: Kind | None
    officer_id: str | None
    items: list[CaseIndexItem]


def work_queue(
    request: Request, stores: Stores, who: Principal, kind: Kind | None, officer: str | None
) -> WorkQueue:
    """Officers see their agency's cases; leaders and boards their subtree; auditors all."""
    ensure_role(who, CASE_READERS)
    views = views_after(request, stores)
    subtree = who.role in {Role.LEADER, Role.INSPECTION_BOARD}
    agency = None if who.role == Role.AUDITOR else who.agency_id
    today = stores.petitions.today()
    entries = views.case_index.work_queue(
        QueueFilter(agency, subtree, kind.value if kind else None, officer or None), today
    )
    items = index_items(stores.petitions, entries, today)
    return WorkQueue(agency_id=agency, kind=kind, officer_id=officer or None, items=items)


@router.get("/queue.json")
def queue_json(
    request: Request, stores: StoresDep, kind: Kind | None = None, officer: OfficerFilter = None
) -> Response:
    """The work queue as JSON."""
    who = signed_in(request, stores).principal
    return json_twin(work_queue(request, stores, who, kind, officer))


@router.get("/queue.csv")
def queue_csv(
    request: Request, stores: StoresDep, kind: Kind | None = None, officer: OfficerFilter = None
) -> Response:
    """The work queue as CSV."""
    who = signed_in(request, stores).principal
    queue = work_queue(request, stores, who, kind, officer)
    return csv_twin("queue", COLUMNS, (i.model_dump(mode="json") for i in queue.items))


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request, stores: StoresDep, kind: Kind | None = None, officer: OfficerFilter = None
) -> Response:
    """The work queue, with filters by kind and officer."""
    viewer = signed_in(request, stores)
    queue = work_queue(request, stores, viewer.principal, kind, officer)
    names = Names(stores)
    everyone = work_queue(request, stores, viewer.principal, None, None).items
    officers = sorted({i.officer_id for i in everyone if i.officer_id})
    context = {
        "queue": queue,
        "names": names,
        "kinds": [k.value for k in Kind],
        "officers": [(o, names.person(o).name) for o in officers],
        "query": request.url.query,
    }
    return render(request, "queue.html", context, viewer=viewer)
