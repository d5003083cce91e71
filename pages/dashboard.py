"""The leaders' dashboard: what it shows, assembled from `dashboard_data`'s figures.

This module only arranges figures (which units, which years, which links) and
draws nothing: the template renders the charts `pages.charts` lays out. Every
number comes from `pages.dashboard_data`, that is from the report endpoints.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode
from uuid import UUID

from api.i18n import Language
from api.schemas import AgencyTreeNode, FiguresOut, ReceptionFiguresOut, StatisticsOut
from domain.fields import field_label
from pages import charts
from pages import dashboard_data as data
from pages.agency_choices import children, name_of
from pages.labels import value_label
from projections.periods import Period

TREND_YEARS = 5
COMPACT = (150, 200, 50)  # the count charts share a row: labels, bars, values in pixels
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class Unit:
    """One agency under the chosen one: its figures under the metric, against the target."""

    agency_id: UUID
    name: str
    figures: FiguresOut
    below: bool | None
    links: dict[str, str]
    drill: str


@dataclass(frozen=True)
class Count:
    """One labelled count with the link to its cases."""

    key: str
    label: str
    n: int
    link: str


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard page shows."""

    query: data.Query
    agency_id: UUID | None
    agency_name: str
    report: StatisticsOut
    headline: FiguresOut
    below: bool | None
    units: tuple[Unit, ...]
    units_chart: charts.BarChart
    trend: charts.LineChart
    trend_rows: tuple[tuple[int, FiguresOut, StatisticsOut, str], ...]
    by_kind: tuple[Count, ...]
    kind_chart: charts.BarChart
    by_field: tuple[Count, ...]
    field_chart: charts.BarChart
    escalated: int
    escalation_base: int
    escalation_share: float | None
    today: date
    overdue: int
    due_soon: int
    reception: ReceptionFiguresOut | None
    links: dict[str, str]


def query_string(query: data.Query, **more: object) -> str:
    """The dashboard's filters (and `more`) as a query string, without empty values."""
    values: dict[str, object] = {
        "year": query.year,
        "basis": query.basis,
        "quarter": query.quarter,
        "months": query.months,
        "agency": query.agency_id,
        "kind": UNCLASSIFIED if query.kind == "" else query.kind,
        "metric": query.metric,
        **more,
    }
    return urlencode({k: str(v) for k, v in values.items() if v is not None})


def cases_link(query: data.Query, figure: str, **more: object) -> str:
    """The list of the cases behind `figure`."""
    return "/dashboard/cases?" + query_string(query, figure=figure, **more)


def below_target(figures: FiguresOut, target: float) -> bool | None:
    return None if figures.rate is None else figures.rate < target


def build(
    reader: data.Reader,
    query: data.Query,
    agency: UUID | None,
    nodes: list[AgencyTreeNode],
    lang: Language,
) -> Dashboard:
    """The dashboard of `agency`'s subtree (`nodes`: the agencies it may pick from)."""
    period = query.period()
    report = data.statistics(reader, query, agency, period)
    headline = data.kind_figures(report, query.kind)
    units = _units(reader, query, period, children(nodes, agency), report.target)
    trend_rows = _trend(reader, query, agency)
    by_kind = _by_kind(report, query, lang)
    fields = data.fields(reader, query)
    by_field = tuple(
        Count(
            code,
            field_label(code, "vi" if lang.code == "vi" else "en")
            if code
            else lang.gettext("Not classified"),
            n,
            cases_link(query, "petitions_received", field=code) if code else "",
        )
        for code, n in fields.petitions_by_field.items()
    )
    escalations = data.escalations(reader, query)
    deadlines = data.deadlines(reader, query)
    percent = lang.percent
    return Dashboard(
        query=query,
        agency_id=agency,
        agency_name=name_of(nodes, agency) or lang.gettext("All agencies"),
        report=report,
        headline=headline,
        below=below_target(headline, report.target),
        units=units,
        units_chart=charts.bar_chart(
            [
                (
                    u.name,
                    u.figures.rate,
                    _rate_text(lang, u.figures.rate, u.below),
                    u.links["resolved"],
                    bool(u.below),
                )
                for u in units
            ],
            1.0,
            report.target,
            lang.gettext("Target {rate}", rate=percent(report.target)),
        ),
        trend=charts.line_chart(
            [
                (
                    str(year),
                    f.rate,
                    _rate_text(lang, f.rate, below_target(f, r.target)),
                    link,
                    bool(below_target(f, r.target)),
                )
                for year, f, r, link in trend_rows
            ],
            report.target,
            lang.gettext("Target {rate}", rate=percent(report.target)),
            [(x / 4, percent(x / 4)) for x in range(5)],
        ),
        trend_rows=trend_rows,
        by_kind=by_kind,
        kind_chart=_count_chart(by_kind, lang),
        by_field=by_field,
        field_chart=_count_chart(by_field, lang),
        escalated=escalations.escalated,
        escalation_base=escalations.received,
        escalation_share=escalations.share,
        today=deadlines.on,
        overdue=sum(x.overdue for x in deadlines.load),
        due_soon=sum(x.due_soon for x in deadlines.load),
        reception=data.reception(reader, query),
        links={
            "resolved": cases_link(query, "resolved"),
            "accepted": cases_link(query, "accepted"),
            "carried_over": cases_link(query, "carried_over"),
            "still_open": cases_link(query, "still_open"),
            "petitions_received": cases_link(query, "petitions_received"),
            "escalated": cases_link(query, "escalated"),
            "overdue": cases_link(query, "overdue_today"),
            "due_soon": cases_link(query, "due_soon"),
            "meetings": "/directory/meetings?"
            + urlencode({"year": query.year, "basis": query.basis}),
        },
    )


def as_json(board: Dashboard) -> dict[str, object]:
    """The dashboard's figures (not its drawings), for its JSON twin."""
    return {
        "statistics": board.report.model_dump(mode="json"),
        "kind": board.query.kind,
        "headline": board.headline.model_dump(mode="json"),
        "units": [
            {"agency_id": str(u.agency_id), "name": u.name, **u.figures.model_dump(mode="json")}
            for u in board.units
        ],
        "trend": [
            {"year": year, "target": r.target, **f.model_dump(mode="json")}
            for year, f, r, _ in board.trend_rows
        ],
        "petitions_by_kind": {c.key: c.n for c in board.by_kind},
        "petitions_by_field": {c.key: c.n for c in board.by_field},
        "escalations": {
            "escalated": board.escalated,
            "received": board.escalation_base,
            "share": board.escalation_share,
        },
        "deadlines": {
            "on": board.today.isoformat(),
            "overdue": board.overdue,
            "due_soon": board.due_soon,
        },
        "reception": board.reception.model_dump(mode="json") if board.reception else None,
        "links": board.links,
    }


def _rate_text(lang: Language, rate: float | None, below: bool | None) -> str:
    text = lang.percent(rate)
    mark = lang.gettext("below the target")
    return f"{text} ▼ {mark}" if below else text


def _units(
    reader: data.Reader,
    query: data.Query,
    period: Period,
    children: list[AgencyTreeNode],
    target: float,
) -> tuple[Unit, ...]:
    units = []
    for child in children:
        report = data.statistics(reader, query, child.id, period)
        figures = data.kind_figures(report, query.kind)
        if figures.rate is None and not figures.petitions_received:
            continue
        links = {
            name: cases_link(query, name, agency=child.id)
            for name in ("resolved", "accepted", "carried_over")
        }
        drill = "/dashboard?" + query_string(replace(query, agency_id=child.id))
        below = below_target(figures, target)
        units.append(Unit(child.id, child.name, figures, below, links, drill))
    return tuple(units)


def _trend(
    reader: data.Reader, query: data.Query, agency: UUID | None
) -> tuple[tuple[int, FiguresOut, StatisticsOut, str], ...]:
    rows = []
    for year in range(query.year - TREND_YEARS + 1, query.year + 1):
        whole = replace(query, year=year, quarter=None, months=None)
        report = data.statistics(reader, whole, agency, whole.year_period(year))
        rows.append(
            (year, data.kind_figures(report, query.kind), report, cases_link(whole, "resolved"))
        )
    return tuple(rows)


def _by_kind(report: StatisticsOut, query: data.Query, lang: Language) -> tuple[Count, ...]:
    kinds = sorted(
        {r.kind for r in report.rows if query.kind is None or r.kind == (query.kind or None)},
        key=lambda k: k or "~",
    )
    counts = []
    for kind in kinds:
        n = data.kind_figures(report, kind or "").petitions_received
        if not n:
            continue
        key = kind or UNCLASSIFIED
        label = value_label(lang, kind) if kind else lang.gettext("Not classified")
        counts.append(
            Count(key, label, n, cases_link(replace(query, kind=kind or ""), "petitions_received"))
        )
    return tuple(counts)


def _count_chart(counts: tuple[Count, ...], lang: Language) -> charts.BarChart:
    top = max((c.n for c in counts), default=0)
    return charts.bar_chart(
        [(c.label, float(c.n), lang.number(c.n), c.link, False) for c in counts],
        float(top),
        widths=COMPACT,
    )
