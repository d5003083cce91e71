"""The leaders' dashboard and the lists of the cases behind its figures."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.deps import REPORT_READERS, StoresDep, ensure_role, field_error, scoped_agency
from api.i18n import N_
from api.names import Names
from api.routes.agencies import agency_tree
from api.schemas import AgencyTreeNode
from api.schemas.figures import FigureCasesOut
from api.stores import Stores
from api.view_waits import views_after
from domain.kinds import Kind
from pages import dashboard_data as data
from pages.agency_choices import flatten
from pages.dashboard import UNCLASSIFIED, Dashboard, as_json, build, query_string
from pages.dashboard_data import DEADLINE_FIGURES
from pages.errors import PageRoute
from pages.rendering import json_twin, page_language, render
from pages.viewer import signed_in
from projections.periods import statistical_year_of
from projections.statistics.behind import FIGURES
from projections.statistics.metrics import DEFINITIONS, RESOLUTION_RATE

router = APIRouter(route_class=PageRoute, include_in_schema=False)
# year, basis, quarter, months, agency, kind, metric as the query string gives them
Filters = tuple[str, data.Basis, str, str, UUID | None, str, str]
# Forms send "" for "all"/"whole period": the filters are read as text, "" meaning none.
Year = Annotated[str, Query(max_length=4, pattern=r"^(|19\d\d|2[01]\d\d|2200)$")]
Quarter = Annotated[str, Query(max_length=1, pattern=r"^[1-4]?$")]
Months = Annotated[str, Query(max_length=2, pattern=r"^(|3|6|9|12)$")]
KindChoice = Annotated[str, Query(max_length=32, pattern=r"^[a-z_]*$")]
Metric = Annotated[str, Query(max_length=64, pattern=r"^[\w./-]*$")]
# The statistics' figures, then the escalations' and the deadlines' (judged today).
FigureName = Literal[(*FIGURES, "escalated", *DEADLINE_FIGURES)]  # type: ignore[valid-type]
LevelFilter = Annotated[str | None, Query(max_length=32, pattern=r"^[a-z_]+$")]
FieldFilter = Annotated[str | None, Query(max_length=120)]
FIGURE_NAMES = {
    "petitions_received": N_("Petitions received"),
    "accepted": N_("Cases accepted in the period"),
    "carried_over": N_("Cases carried over"),
    "resolved": N_("Cases resolved"),
    "resolved_on_time": N_("Cases resolved on time"),
    "resolved_late": N_("Cases resolved late"),
    "resolved_of_accepted": N_("Cases accepted and resolved in the period"),
    "withdrawn": N_("Cases withdrawn"),
    "terminated": N_("Cases terminated"),
    "suspended": N_("Cases suspended"),
    "still_open": N_("Cases still open at the period's end"),
    "open_within_limit": N_("Cases open within their time limit"),
    "overdue": N_("Overdue at the period's end"),
    "overdue_today": N_("Overdue"),
    "escalated": N_("Sent beyond the level"),
    "due_soon": N_("Due within 7 days"),
}


async def dashboard_filters(
    year: Year = "",
    basis: Literal["statistical", "calendar"] = "statistical",
    quarter: Quarter = "",
    months: Months = "",
    agency: UUID | None = None,
    kind: KindChoice = "",
    metric: Metric = RESOLUTION_RATE.key,
) -> Filters:
    """The dashboard's filters as the query string gives them (one declaration for its pages)."""
    return (year, basis, quarter, months, agency, kind, metric)


FiltersDep = Annotated[Filters, Depends(dashboard_filters)]


def _query(
    request: Request,
    stores: Stores,
    year_text: str,
    basis: data.Basis,
    quarter_text: str,
    months_text: str,
    agency: UUID | None,
    kind: str,
    metric: str,
) -> tuple[data.Reader, data.Query]:
    who = ensure_role(signed_in(request, stores).principal, REPORT_READERS)
    if metric not in DEFINITIONS:
        raise field_error("metric", f"one of {', '.join(DEFINITIONS)}", "query")
    if kind not in {"", UNCLASSIFIED, *(k.value for k in Kind)}:
        raise field_error("kind", "not a kind of petition", "query")
    today = stores.petitions.today()
    year = int(year_text) if year_text else None
    if year is None:
        year = statistical_year_of(today) if basis == "statistical" else today.year
    quarter = int(quarter_text) if quarter_text and basis == "statistical" else None
    months = data.MONTHS.get(months_text) if basis == "statistical" and not quarter else None
    chosen = "" if kind == UNCLASSIFIED else (kind or None)
    views = views_after(request, stores)
    scoped = scoped_agency(stores, who, agency)
    query = data.Query(year, basis, quarter, months, scoped, chosen, metric)
    return data.Reader(request, stores, views, who), query


def _board(
    request: Request, stores: Stores, filters: Filters
) -> tuple[Dashboard, list[AgencyTreeNode], str]:
    viewer = signed_in(request, stores)
    reader, query = _query(request, stores, *filters)
    root = None if viewer.principal.role.value == "auditor" else viewer.principal.agency_id
    nodes = agency_tree(reader.who, reader.views, root)
    board = build(reader, query, query.agency_id, nodes, page_language(request))
    return board, nodes, query_string(query)


@router.get("/dashboard.json")
def dashboard_json(
    request: Request,
    stores: StoresDep,
    filters: FiltersDep,
) -> Response:
    """The dashboard's figures as JSON."""
    board, _, _ = _board(request, stores, filters)
    return JSONResponse(as_json(board))


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(
    request: Request,
    stores: StoresDep,
    filters: FiltersDep,
) -> Response:
    """Leaders' dashboard of an agency's subtree (leaders, inspection boards, auditors)."""
    viewer = signed_in(request, stores)
    board, nodes, query = _board(request, stores, filters)
    context = {
        "board": board,
        "agencies": flatten(nodes),
        "kinds": [k.value for k in Kind],
        "definitions": list(DEFINITIONS.values()),
        "quarters": (1, 2, 3, 4),
        "month_choices": (3, 6, 9, 12),
        "query_string": query,
    }
    return render(request, "dashboard.html", context, viewer=viewer)


def _figure_cases(
    request: Request,
    stores: Stores,
    figure: str,
    filters: Filters,
    level: str | None,
    field: str | None,
) -> tuple[data.Query, FigureCasesOut]:
    reader, query = _query(request, stores, *filters)
    return query, data.figure_cases(reader, query, figure, level=level, field=field)


@router.get("/dashboard/cases.json")
def figure_cases_json(
    request: Request,
    stores: StoresDep,
    figure: FigureName,
    filters: FiltersDep,
    level: LevelFilter = None,
    field: FieldFilter = None,
) -> Response:
    """The cases behind a figure, as the report's list endpoint answers them."""
    _, found = _figure_cases(request, stores, figure, filters, level, field)
    return json_twin(found)


@router.get("/dashboard/cases", response_class=HTMLResponse)
def figure_cases_page(
    request: Request,
    stores: StoresDep,
    figure: FigureName,
    filters: FiltersDep,
    level: LevelFilter = None,
    field: FieldFilter = None,
) -> Response:
    """The list of the cases a dashboard figure counts, each linking to its case page."""
    viewer = signed_in(request, stores)
    query, found = _figure_cases(request, stores, figure, filters, level, field)
    context = {
        "found": found,
        "figure": figure,
        "figure_name": page_language(request).gettext(FIGURE_NAMES[figure]),
        "names": Names(stores),
        "back": "/dashboard?" + query_string(query),
        "query": request.url.query,
        "field_filter": field,
    }
    return render(request, "figure_cases.html", context, viewer=viewer)
