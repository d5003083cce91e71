"""Lists people pick from: the agency tree and the reception meetings of a period."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.deps import CASE_READERS, StoresDep, ensure_role
from api.periods import period_of
from api.routes.agencies import agency_tree
from api.routes.meetings import list_meetings
from api.schemas import AgencyTreeNode, MeetingList
from api.stores import Stores
from api.view_waits import views_after
from pages.errors import PageRoute
from pages.rendering import csv_twin, json_twin, render
from pages.viewer import signed_in

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Year = Annotated[int, Query(ge=1990, le=2200)]
Basis = Literal["statistical", "calendar"]
MEETING_COLUMNS = (
    "held_on",
    "kind",
    "host_id",
    "visits",
    "persons",
    "petitions",
    "dialogue_group",
    "agency_id",
    "meeting_id",
)


def _tree(request: Request, stores: Stores) -> list[AgencyTreeNode]:
    viewer = signed_in(request, stores)
    return agency_tree(viewer.principal, views_after(request, stores))


@router.get("/directory/agencies.json")
def agencies_json(request: Request, stores: StoresDep) -> Response:
    """The agency tree as JSON (the same as `GET /agencies`)."""
    return JSONResponse([node.model_dump(mode="json") for node in _tree(request, stores)])


@router.get("/directory/agencies", response_class=HTMLResponse)
def agencies_page(request: Request, stores: StoresDep) -> Response:
    """Every agency under its parent."""
    viewer = signed_in(request, stores)
    return render(request, "agencies.html", {"tree": _tree(request, stores)}, viewer=viewer)


def _meetings(request: Request, stores: Stores, year: int, basis: Basis) -> MeetingList:
    who = ensure_role(signed_in(request, stores).principal, CASE_READERS)
    period = period_of(year, basis)
    return list_meetings(who, stores, views_after(request, stores), period)


@router.get("/directory/meetings.json")
def meetings_json(
    request: Request, stores: StoresDep, year: Year, basis: Basis = "calendar"
) -> Response:
    """The meetings of the period as JSON (the same as `GET /meetings`)."""
    return json_twin(_meetings(request, stores, year, basis))


@router.get("/directory/meetings.csv")
def meetings_csv(
    request: Request, stores: StoresDep, year: Year, basis: Basis = "calendar"
) -> Response:
    """The meetings of the period as CSV."""
    meetings = _meetings(request, stores, year, basis)
    rows = (m.model_dump(mode="json") for m in meetings.items)
    return csv_twin(f"meetings-{year}", MEETING_COLUMNS, rows)


@router.get("/directory/meetings", response_class=HTMLResponse)
def meetings_page(
    request: Request, stores: StoresDep, year: Year | None = None, basis: Basis = "calendar"
) -> Response:
    """Reception meetings and dialogues held in a year, in the caller's scope."""
    viewer = signed_in(request, stores)
    year = year or stores.petitions.today().year
    meetings = _meetings(request, stores, year, basis)
    context = {"meetings": meetings, "year": year, "basis": basis}
    return render(request, "meetings.html", context, viewer=viewer)
