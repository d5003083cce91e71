"""The cases behind the reports' figures, and petitions by field.

Each list is selected from the deltas that make its figure in the report, with the
same period and cut-offs (`as_of`, `known_at`), so `count` equals the figure the
statistics or escalations report shows.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query

from api.case_items import index_items
from api.cutoffs import CutoffDep, caught_up
from api.deps import ReportReader, StoresDep, scoped_agency
from api.periods import PeriodDep
from api.problems import responses
from api.routes.reports import legal_cutoff, period_out
from api.schemas.cases import CaseIndexItem
from api.schemas.figures import FieldsOut, FigureCasesOut
from api.stores import Stores
from api.view_waits import ViewsDep
from ops.wiring import Views
from projections.statistics.behind import (
    FIGURES,
    MAX_CASES,
    Narrowing,
    figure_cases,
    petitions_by_field,
)

router = APIRouter(tags=["reports"])
QUERY = responses(401, 403, 422, 503)
Figure = Literal[FIGURES]  # type: ignore[valid-type]
KindFilter = Annotated[
    str | None,
    Query(max_length=32, pattern=r"^[a-z_]*$", description='A kind; "" for not classified'),
]
LevelFilter = Annotated[str | None, Query(max_length=32, pattern=r"^[a-z_]+$")]
FieldFilter = Annotated[str | None, Query(max_length=120, description="A field's code")]


def _items(stores: Stores, views: Views, case_ids: list[UUID], today: date) -> list[CaseIndexItem]:
    entries = (views.case_index.get(case_id) for case_id in case_ids)
    return index_items(stores.petitions, entries, today)


@router.get(
    "/reports/statistics/cases", summary="The cases behind a statistics figure", responses=QUERY
)
def statistics_cases(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    period: PeriodDep,
    cutoff: CutoffDep,
    figure: Figure,
    agency_id: UUID | None = None,
    kind: KindFilter = None,
    level: LevelFilter = None,
    field: FieldFilter = None,
    limit: Annotated[int, Query(ge=1, le=MAX_CASES)] = MAX_CASES,
) -> FigureCasesOut:
    """The cases (petitions for `petitions_received`) a figure of `/reports/statistics` counts.

    Leaders, inspection boards and auditors, in their subtree. `kind`, `level` and
    `field` narrow to one row of the report; `as_of` and `known_at` are the report's
    cut-offs. `count` is the figure; `items` lists at most `limit` of its cases, oldest
    receipt first, as they stand now (`overdue` judged today).
    """
    agency = scoped_agency(stores, who, agency_id)
    caught_up(stores, views, cutoff)
    on = legal_cutoff(stores, period, cutoff)
    found = figure_cases(
        views.statistics,
        figure,
        period,
        agency,
        on=on,
        known_at=cutoff.known_at,
        narrow=Narrowing(kind, level, field),
        limit=limit,
    )
    items = _items(stores, views, list(found.case_ids), stores.petitions.today())
    return FigureCasesOut(
        figure=figure, period=period_out(period), agency_id=agency, count=found.count, items=items
    )


@router.get(
    "/reports/escalations/cases", summary="The petitions sent beyond the level", responses=QUERY
)
def escalations_cases(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    period: PeriodDep,
    cutoff: CutoffDep,
    agency_id: UUID | None = None,
) -> FigureCasesOut:
    """The escalated petitions `/reports/escalations` counts for the subtree and period.

    `count` is the report's `escalated` (same cut-offs); `items` lists the first 2,000
    by date of receipt.
    """
    agency = scoped_agency(stores, who, agency_id)
    caught_up(stores, views, cutoff)
    on = legal_cutoff(stores, period, cutoff)
    routes = views.escalations.escalated(period, agency)
    count = views.escalations.share(period, agency, on, cutoff.known_at).escalated
    items = _items(stores, views, [r.case_id for r in routes], stores.petitions.today())
    return FigureCasesOut(
        figure="escalated", period=period_out(period), agency_id=agency, count=count, items=items
    )


@router.get("/reports/fields", summary="Petitions by field", responses=QUERY)
def read_fields(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    period: PeriodDep,
    cutoff: CutoffDep,
    agency_id: UUID | None = None,
    kind: KindFilter = None,
) -> FieldsOut:
    """Petitions received in the period by the subtree, by field; `kind` narrows to one kind.

    Leaders, inspection boards and auditors; `as_of` and `known_at` as for the statistics.
    """
    agency = scoped_agency(stores, who, agency_id)
    caught_up(stores, views, cutoff)
    on = legal_cutoff(stores, period, cutoff)
    found = petitions_by_field(
        views.statistics, period, agency, kind, on=on, known_at=cutoff.known_at
    )
    return FieldsOut(
        period=period_out(period), agency_id=agency, kind=kind, petitions_by_field=dict(found)
    )
