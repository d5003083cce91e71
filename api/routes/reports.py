"""Read-model queries: case index, statistics, escalations, deadlines, reception activity.

Each takes `?after=N` (a command's `position`) to read its own writes, bounded.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request

from api.case_items import index_items
from api.cutoffs import Cutoff, CutoffDep, StrictQuery, caught_up, known_position
from api.deadlines_at import Asked, deadlines_at
from api.deps import CaseReader, ReportReader, StoresDep, field_error, scoped_agency
from api.periods import PeriodDep
from api.problems import responses
from api.schemas import (
    CaseIndexPage,
    CutoffOut,
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
from api.stores import Stores
from api.view_waits import ViewsDep
from domain.kinds import Kind, Status
from projections.case_index.as_of import search_at
from projections.case_index.persistence import CaseFilter, CasePage, InvalidCursorError
from projections.deadlines.persistence import OpenItem
from projections.periods import Period
from projections.statistics.figures import Figures, Report
from projections.statistics.metrics import (
    NAMED,
    RESOLUTION_RATE,
    MetricDefinition,
    Targets,
    definition_named,
)

router = APIRouter(tags=["reports"], dependencies=[StrictQuery])
QUERY = responses(401, 403, 422, 503)


@router.get("/cases", summary="Search the case index", responses=QUERY)
def search_cases(
    who: CaseReader,
    stores: StoresDep,
    views: ViewsDep,
    cutoff: CutoffDep,
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
    """Cases in the caller's agency subtree, newest first, with cursor pagination.

    With `as_of` (legal cut-off) and/or `known_at` (knowledge cut-off: a log position
    or a recorded time), the cases as they stood then: those received by then, each
    with its status, officer, due dates and overdue flag on that day, filtered on
    them (`overdue_on` as in `domain.overdue`, the case view's definition), from the
    case index's bitemporal states. Unknown parameters answer 422.
    """
    filters = CaseFilter(
        status=status,
        kind=kind,
        agency_id=scoped_agency(stores, who, agency_id),
        officer_id=officer_id,
        year=year,
        statistical_year=statistical_year,
        overdue_on=overdue_on,
    )
    at_cutoff = cutoff.as_of is not None or cutoff.known_at is not None
    if at_cutoff:
        caught_up(stores, views, cutoff)
    on = cutoff.as_of or stores.petitions.today()
    known = known_position(views, cutoff)
    try:
        page: CasePage = (
            search_at(views.case_index, filters, on, known, limit, cursor)
            if at_cutoff
            else views.case_index.search(filters, limit, cursor)
        )
    except InvalidCursorError:
        raise field_error("cursor", "not a cursor this service handed out", "query") from None
    items = index_items(stores.petitions, page.items, on)
    shown = CutoffOut(as_of=on, known_at=known) if at_cutoff else CutoffOut()
    return CaseIndexPage(items=items, next_cursor=page.next_cursor, cutoff=shown)


def period_out(period: Period) -> PeriodOut:
    """A period as the API shows it."""
    return PeriodOut(start=period.start, end=period.end, label=period.label)


def _figures(figures: Figures, definition: MetricDefinition) -> FiguresOut:
    counts = {k: v for k, v in vars(figures).items() if k != "outcomes"}
    return FiguresOut(**counts, outcomes=dict(figures.outcomes), rate=figures.rate(definition))


def metric_out(definition: MetricDefinition) -> MetricOut:
    """A definition as published beside its figures."""
    return MetricOut(
        key=definition.key,
        formula=definition.formula,
        legal_source=definition.legal_source,
        resolved_closures=list(definition.resolved_closures),
        carry_over=definition.carry_over,
        exclude_within_limit=definition.exclude_within_limit,
    )


def legal_cutoff(stores: Stores, period: Period, cutoff: Cutoff) -> date:
    """The legal cut-off: the one asked for, else the period's end, but never after today."""
    return cutoff.as_of or min(period.end, stores.petitions.today())


def statistics_out(report: Report, definition: MetricDefinition) -> StatisticsOut:
    """A statistics report as the API shows it (also inside issued reports)."""
    return StatisticsOut(
        period=period_out(report.period),
        agency_id=report.agency_id,
        on=report.on,
        metric=metric_out(definition),
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
        cutoff=CutoffOut(as_of=report.on, known_at=report.known_at),
        petitions_by_origin=dict(report.by_origin),
    )


@router.get("/reports/statistics", summary="Resolution statistics", responses=QUERY)
def read_statistics(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    period: PeriodDep,
    cutoff: CutoffDep,
    request: Request,
    agency_id: UUID | None = None,
    metric: Annotated[str, Query(max_length=64, pattern=r"^[\w./-]*$")] = RESOLUTION_RATE.key,
) -> StatisticsOut:
    """Resolution rate by kind x level for a period and agency subtree, with the target.

    Leaders, inspection boards and auditors. `as_of` is the legal cut-off (default:
    the period's end, or today while the period runs); `known_at` the knowledge
    cut-off (a log position or a recorded time). `metric` names a definition
    (`name/vN`, a bare name for its latest version, or `current`).
    """
    definition = definition_named(metric)
    if definition is None:
        raise field_error("metric", f"one of {', '.join(NAMED)}", "query")
    agency = scoped_agency(stores, who, agency_id)
    caught_up(stores, views, cutoff)
    targets: Targets = request.app.state.targets
    on = legal_cutoff(stores, period, cutoff)
    report = views.statistics.report(period, agency, on, definition, targets, cutoff.known_at)
    return statistics_out(report, definition)


@router.get("/reports/escalations", summary="Escalations beyond authority", responses=QUERY)
def read_escalations(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    period: PeriodDep,
    cutoff: CutoffDep,
    agency_id: UUID | None = None,
) -> EscalationsOut:
    """Petitions received above the competent level in the period, and their share.

    Leaders, inspection boards and auditors; `as_of` and `known_at` as for the statistics.
    """
    agency = scoped_agency(stores, who, agency_id)
    caught_up(stores, views, cutoff)
    on = legal_cutoff(stores, period, cutoff)
    known = cutoff.known_at
    share = views.escalations.share(period, agency, on, known)
    figures = views.escalations.figures(period, agency, on, known)
    return EscalationsOut(
        period=period_out(period),
        agency_id=agency,
        received=share.received,
        escalated=share.escalated,
        share=share.share,
        figures=[EscalationFigureOut.model_validate(f, from_attributes=True) for f in figures],
        cutoff=CutoffOut(as_of=on, known_at=cutoff.position),
    )


@router.get("/reports/deadlines", summary="Overdue and soon-due cases", responses=QUERY)
def read_deadlines(
    who: CaseReader,
    stores: StoresDep,
    views: ViewsDep,
    cutoff: CutoffDep,
    agency_id: UUID | None = None,
    officer_id: Annotated[str | None, Query(max_length=64, pattern=r"^[\w.@-]*$")] = None,
    within_days: Annotated[int, Query(ge=0, le=90)] = 7,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> DeadlinesOut:
    """Open items overdue on the cut-off day, due within `within_days`, and the load per officer.

    Staff of the agency subtree. `as_of` (default today) is the day judged on;
    with `as_of` or `known_at`, the items are those as they stood then (the
    overdue definition is `domain.overdue`, the same as the case view's).
    """
    agency = scoped_agency(stores, who, agency_id)
    caught_up(stores, views, cutoff)
    today = cutoff.as_of or stores.petitions.today()
    deadlines = views.deadlines
    if cutoff.as_of is not None or cutoff.known_at is not None:
        return deadlines_at(views, cutoff, Asked(today, agency, officer_id, within_days, limit))
    overdue_now = deadlines.overdue(today, agency, officer_id, limit)
    soon_now = deadlines.due_within(within_days, today, agency, officer_id, limit)
    return DeadlinesOut(
        on=today,
        agency_id=agency,
        overdue=[_item(i, today) for i in overdue_now],
        due_soon=[_item(i, today) for i in soon_now],
        load=[
            LoadOut.model_validate(x, from_attributes=True)
            for x in deadlines.load(today, "officer", agency, within_days)
        ],
        cutoff=CutoffOut(as_of=today),
    )


def _item(item: OpenItem, today: date) -> OpenItemOut:
    return OpenItemOut.model_validate({**vars(item), "overdue": item.is_overdue(today)})


@router.get("/reports/reception", summary="Reception activity", responses=QUERY)
def read_reception(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    period: PeriodDep,
    cutoff: CutoffDep,
    agency_id: UUID | None = None,
    by: Literal["total", "agency", "host", "kind"] = "total",
) -> ReceptionOut:
    """Sessions, visits, persons, matters, delegations, dialogues and refusals in the period.

    Leaders, inspection boards and auditors; an agency's figures include those of the
    agencies merged or dissolved into it. `by` groups per agency, host or kind of reception;
    `as_of` and `known_at` as for the statistics.
    """
    agency = scoped_agency(stores, who, agency_id)
    caught_up(stores, views, cutoff)
    on = legal_cutoff(stores, period, cutoff)
    figures = views.reception.figures(period, agency, by, on, cutoff.known_at)
    return ReceptionOut(
        period=period_out(period),
        agency_id=agency,
        figures=[ReceptionFiguresOut.model_validate(f, from_attributes=True) for f in figures],
        cutoff=CutoffOut(as_of=on, known_at=cutoff.position),
    )
