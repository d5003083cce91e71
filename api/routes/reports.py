"""Read-model queries: case index, statistics, escalations, deadlines, reception activity.

Each takes `?after=N` (a command's `position`) to read its own writes, bounded.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request

from api.deps import CaseReader, ReportReader, StoresDep, ViewsDep, field_error, scoped_agency
from api.periods import PeriodDep
from api.problems import responses
from api.schemas import (
    CaseIndexItem,
    CaseIndexPage,
    DeadlinesOut,
    EscalationFigureOut,
    EscalationsOut,
    FiguresOut,
    IsoDate,
    LoadOut,
    MetricOut,
    OpenItemOut,
    PeriodOut,
    QualityOut,
    ReceptionFiguresOut,
    ReceptionOut,
    StatisticsOut,
)
from domain.kinds import Kind, Status
from projections.case_index.persistence import CaseFilter, InvalidCursorError
from projections.deadlines.persistence import OpenItem
from projections.periods import Period
from projections.statistics.metrics import (
    DEFINITIONS,
    RESOLUTION_RATE,
    MetricDefinition,
    Targets,
)
from projections.statistics.persistence import Figures

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
    officer_id: Annotated[str | None, Query(max_length=64, pattern=r"^[\w.@-]*$")] = None,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    statistical_year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    overdue_on: Annotated[IsoDate | None, Query(description="YYYY-MM-DD")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=200, pattern=r"^[A-Za-z0-9_=-]*$")] = None,
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


def _period(period: Period) -> PeriodOut:
    return PeriodOut(start=period.start, end=period.end, label=period.label)


def _figures(figures: Figures, definition: MetricDefinition) -> FiguresOut:
    counts = {k: v for k, v in vars(figures).items() if k != "outcomes"}
    return FiguresOut(**counts, outcomes=dict(figures.outcomes), rate=figures.rate(definition))


@router.get("/reports/statistics", summary="Resolution statistics", responses=QUERY)
def read_statistics(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    period: PeriodDep,
    request: Request,
    agency_id: UUID | None = None,
    metric: Annotated[str, Query(max_length=64, pattern=r"^[\w./-]*$")] = RESOLUTION_RATE.key,
) -> StatisticsOut:
    """Resolution rate by kind x level for a period and agency subtree, with the target."""
    definition = DEFINITIONS.get(metric)
    if definition is None:
        raise field_error("metric", f"one of {', '.join(DEFINITIONS)}", "query")
    agency = scoped_agency(stores, who, agency_id)
    targets: Targets = request.app.state.targets
    report = views.statistics.report(period, agency, None, definition, targets)
    return StatisticsOut(
        period=_period(report.period),
        agency_id=report.agency_id,
        on=report.on,
        metric=MetricOut(key=definition.key, formula=definition.formula),
        rate=report.rate,
        target=report.target,
        target_met=report.target_met,
        total=_figures(report.total, definition),
        rows=[_figures(r, definition) for r in report.rows],
        quality=QualityOut(
            **vars(report.quality),
            share_found_right=report.quality.share_found_right,
            share_annulled_or_amended=report.quality.share_annulled_or_amended,
            share_on_time=report.quality.share_on_time,
        ),
        petitions_by_origin=dict(report.by_origin),
    )


@router.get("/reports/escalations", summary="Escalations beyond authority", responses=QUERY)
def read_escalations(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    period: PeriodDep,
    agency_id: UUID | None = None,
) -> EscalationsOut:
    """Petitions received above the competent level in the period, and their share."""
    agency = scoped_agency(stores, who, agency_id)
    share = views.escalations.share(period, agency)
    figures = views.escalations.figures(period, agency)
    return EscalationsOut(
        period=_period(period),
        agency_id=agency,
        received=share.received,
        escalated=share.escalated,
        share=share.share,
        figures=[EscalationFigureOut.model_validate(f, from_attributes=True) for f in figures],
    )


@router.get("/reports/deadlines", summary="Overdue and soon-due cases", responses=QUERY)
def read_deadlines(
    who: CaseReader,
    stores: StoresDep,
    views: ViewsDep,
    agency_id: UUID | None = None,
    officer_id: Annotated[str | None, Query(max_length=64, pattern=r"^[\w.@-]*$")] = None,
    within_days: Annotated[int, Query(ge=0, le=90)] = 7,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> DeadlinesOut:
    """Open items overdue today, due within `within_days`, and the load per officer."""
    agency = scoped_agency(stores, who, agency_id)
    today = stores.petitions.today()
    deadlines = views.deadlines
    overdue = deadlines.overdue(today, agency, officer_id, limit)
    soon = deadlines.due_within(within_days, today, agency, officer_id, limit)
    return DeadlinesOut(
        on=today,
        agency_id=agency,
        overdue=[_item(i, today) for i in overdue],
        due_soon=[_item(i, today) for i in soon],
        load=[
            LoadOut.model_validate(x, from_attributes=True)
            for x in deadlines.load(today, "officer", agency, within_days)
        ],
    )


def _item(item: OpenItem, today: date) -> OpenItemOut:
    return OpenItemOut.model_validate({**vars(item), "overdue": item.is_overdue(today)})


@router.get("/reports/reception", summary="Reception activity", responses=QUERY)
def read_reception(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    period: PeriodDep,
    agency_id: UUID | None = None,
    by: Literal["total", "agency", "host", "kind"] = "total",
) -> ReceptionOut:
    """Sessions, visits, persons, matters, delegations, dialogues and refusals in the period.

    Leaders, inspection boards and auditors; an agency's figures include those of the
    agencies merged or dissolved into it. `by` groups per agency, host or kind of reception.
    """
    agency = scoped_agency(stores, who, agency_id)
    figures = views.reception.figures(period, agency, by)
    return ReceptionOut(
        period=_period(period),
        agency_id=agency,
        figures=[ReceptionFiguresOut.model_validate(f, from_attributes=True) for f in figures],
    )
