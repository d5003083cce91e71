"""The one door between the leaders' dashboard and the report queries.

Every figure the dashboard shows comes through here, from the functions that answer
`/reports/statistics`, `/reports/escalations`, `/reports/deadlines`,
`/reports/reception` and `/reports/fields` (and their `.../cases` lists): the
dashboard keeps no copy of any figure's logic. When the report engine changes, only
this module is re-pointed. The dashboard reads with the default cut-offs (`NOW`):
the legal cut-off is the period's end (today while the period runs), the
knowledge cut-off everything recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal
from uuid import UUID

from fastapi import Request

from api.case_items import index_items
from api.cutoffs import Cutoff
from api.periods import period_of
from api.routes.figures import escalations_cases, read_fields, statistics_cases
from api.routes.reports import (
    period_out,
    read_deadlines,
    read_escalations,
    read_reception,
    read_statistics,
)
from api.schemas import (
    DeadlinesOut,
    EscalationsOut,
    FiguresOut,
    ReceptionFiguresOut,
    StatisticsOut,
)
from api.schemas.figures import FieldsOut, FigureCasesOut
from api.security import Principal
from api.stores import Stores
from ops.wiring import Views
from projections.periods import Period
from projections.statistics.figures import COUNTS, Figures
from projections.statistics.metrics import DEFINITIONS

DUE_SOON_DAYS = 7
Basis = Literal["statistical", "calendar"]
Months = Literal[3, 6, 9, 12]
MONTHS: dict[str, Months] = {"3": 3, "6": 6, "9": 9, "12": 12}
DEADLINE_FIGURES = ("overdue_today", "due_soon")
NOW = Cutoff()  # the period's end (or today), as known now


@dataclass(frozen=True)
class Query:
    """What the dashboard's filters ask for (already validated by the page)."""

    year: int
    basis: Basis = "statistical"
    quarter: int | None = None
    months: Months | None = None
    agency_id: UUID | None = None
    kind: str | None = None
    metric: str = next(iter(DEFINITIONS))

    def period(self) -> Period:
        """The reporting period, as the report endpoints read it."""
        return period_of(self.year, self.basis, quarter=self.quarter, months=self.months)

    def year_period(self, year: int) -> Period:
        """A whole year of the same basis, for the trend."""
        return period_of(year, self.basis)


@dataclass(frozen=True)
class Reader:
    """Who asks and with which stores: what the report endpoints need."""

    request: Request
    stores: Stores
    views: Views
    who: Principal


def statistics(
    reader: Reader, query: Query, agency_id: UUID | None, period: Period
) -> StatisticsOut:
    """`GET /reports/statistics` for the agency and period, under the query's metric."""
    return read_statistics(
        reader.who,
        reader.stores,
        reader.views,
        period,
        NOW,
        reader.request,
        agency_id,
        query.metric,
    )


def kind_figures(report: StatisticsOut, kind: str | None) -> FiguresOut:
    """The report's total, or the sum of its rows of one kind ("" for not classified)."""
    if kind is None:
        return report.total
    wanted = kind or None
    rows = [r for r in report.rows if r.kind == wanted]
    counts = {name: sum(getattr(r, name) for r in rows) for name in COUNTS}
    figures = Figures(wanted, None, **counts)
    rate = figures.rate(DEFINITIONS[report.metric.key])
    return FiguresOut(**{**vars(figures), "outcomes": {}}, rate=rate)


def escalations(reader: Reader, query: Query) -> EscalationsOut:
    """`GET /reports/escalations` for the query's agency and period."""
    return read_escalations(
        reader.who, reader.stores, reader.views, query.period(), NOW, query.agency_id
    )


def deadlines(reader: Reader, query: Query, limit: int = 500) -> DeadlinesOut:
    """`GET /reports/deadlines` for the query's agency: overdue today and due within a week."""
    return read_deadlines(
        reader.who, reader.stores, reader.views, NOW, query.agency_id, None, DUE_SOON_DAYS, limit
    )


def reception(reader: Reader, query: Query) -> ReceptionFiguresOut | None:
    """`GET /reports/reception` (total) for the query's agency and period."""
    found = read_reception(
        reader.who, reader.stores, reader.views, query.period(), NOW, query.agency_id, "total"
    )
    return found.figures[0] if found.figures else None


def fields(reader: Reader, query: Query) -> FieldsOut:
    """`GET /reports/fields` for the query's agency, period and kind."""
    return read_fields(
        reader.who, reader.stores, reader.views, query.period(), NOW, query.agency_id, query.kind
    )


def figure_cases(
    reader: Reader,
    query: Query,
    figure: str,
    *,
    agency_id: UUID | None = None,
    level: str | None = None,
    field: str | None = None,
) -> FigureCasesOut:
    """The cases behind one figure, from the list endpoint of the report that counts it."""
    agency = agency_id or query.agency_id
    if figure == "escalated":
        return escalations_cases(
            reader.who, reader.stores, reader.views, query.period(), NOW, agency
        )
    if figure in DEADLINE_FIGURES:
        return _deadline_cases(reader, query, figure, agency)
    return statistics_cases(
        reader.who,
        reader.stores,
        reader.views,
        query.period(),
        NOW,
        figure,
        agency,
        query.kind,
        level,
        field,
    )


def _deadline_cases(
    reader: Reader, query: Query, figure: str, agency: UUID | None
) -> FigureCasesOut:
    found = read_deadlines(
        reader.who, reader.stores, reader.views, NOW, agency, None, DUE_SOON_DAYS, 500
    )
    overdue = figure == "overdue_today"
    items = found.overdue if overdue else found.due_soon
    ids = [i.case_id for i in items]
    count = sum(x.overdue if overdue else x.due_soon for x in found.load)
    entries = [reader.views.case_index.get(case_id) for case_id in ids]
    today = reader.stores.petitions.today()
    listed = index_items(reader.stores.petitions, entries, today)
    return FigureCasesOut(
        figure=figure,
        period=period_out(query.period()),
        agency_id=found.agency_id,
        count=count,
        items=listed,
    )


def today(reader: Reader) -> date:
    """The legal date the deadlines are judged on."""
    return reader.stores.petitions.today()
