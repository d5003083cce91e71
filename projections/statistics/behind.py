"""The cases behind a statistics figure, and petitions by field, from the counters' own deltas.

The figures are sums of dated counters; each case's timeline row keeps the deltas
it added to them (`CaseTimeline.contributions`: metric, legal day, agency path,
breakdown keys). The cases behind a figure are the cases whose deltas add to it:
each case's deltas, restricted to the subtree and the period's legal days, go
through `figures.figure_rows`, the very mapping from metrics to figures the
report uses (flows: a +1 between the period's start and the cut-off; stocks such
as open, suspended, overdue or within limit: the deltas up to the cut-off sum to
more than 0; carried over: open the day before the start). So a list opened from
a figure counts what the figure counts.

A list page scans the timelines of the cases touching the subtree (a text filter
on the stored deltas, then the exact test above); the figures themselves stay
counter lookups in `StatisticsView.report`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from projections.counters import Sums
from projections.periods import Period
from projections.statistics.contributions import contributions, decode_keys
from projections.statistics.figures import COUNTS, FLOW_METRICS, STOCK_METRICS, figure_rows
from projections.statistics.persistence import COUNTERS, FACTS, CaseTimeline, StatisticsView
from projections.statistics.timeline import Key, recorded_by, state_at

PETITIONS_RECEIVED = "petitions_received"
FIGURES: tuple[str, ...] = COUNTS
MAX_CASES = 2000


@dataclass(frozen=True)
class Narrowing:
    """One row of the report: `kind` ("" not classified), `level`, and the field's code."""

    kind: str | None = None
    level: str | None = None
    field: str | None = None


@dataclass(frozen=True)
class Behind:
    """A figure (`count`, as the report sums it) and its cases, oldest receipt first.

    A case adding more than 1 to a flow (concluded twice in the period after a
    re-opening) is listed once; `count` is the figure itself.
    """

    count: int
    case_ids: tuple[UUID, ...]


@dataclass(frozen=True)
class _Case:
    case_id: UUID
    received_on: str
    deltas: Counter[Key]
    field: str


def figure_cases(
    view: StatisticsView,
    figure: str,
    period: Period,
    agency_id: UUID | None,
    *,
    on: date | None = None,
    known_at: int | datetime | None = None,
    narrow: Narrowing = Narrowing(),
    limit: int = MAX_CASES,
) -> Behind:
    """The cases `figure` of `view.report(period, agency_id, on, known_at=known_at)` counts.

    `on` is the legal cut-off (default and at most the period's end), `known_at`
    the knowledge cut-off; `narrow` keeps one row of the report (for
    `petitions_received` the level is the receiving level) and one field. At most
    `limit` case ids; `count` is the whole figure.
    """
    if figure not in FIGURES:
        raise ValueError(f"no figure {figure!r}")
    cut = min(on or period.end, period.end)
    count = 0
    found: list[tuple[str, UUID]] = []
    paths = _paths(view, agency_id, known_at)
    for case in _cases(view, agency_id, known_at):
        if narrow.field is not None and case.field != narrow.field:
            continue
        n = _figure_of(case.deltas, paths, period.start, cut, figure, narrow)
        if n > 0:
            count += n
            found.append((case.received_on, case.case_id))
    found.sort()
    return Behind(count, tuple(c for _, c in found[: max(1, min(limit, MAX_CASES))]))


def petitions_by_field(
    view: StatisticsView,
    period: Period,
    agency_id: UUID | None,
    kind: str | None = None,
    *,
    on: date | None = None,
    known_at: int | datetime | None = None,
) -> tuple[tuple[str, int], ...]:
    """Petitions received in the period by the subtree, by field (most first).

    The same petitions as `Figures.petitions_received` (the `received` deltas);
    the field is the case's own (its timeline's), "" for a petition not yet classified.
    """
    cut = min(on or period.end, period.end)
    paths = _paths(view, agency_id, known_at)
    found: dict[str, int] = defaultdict(int)
    narrow = Narrowing(kind)
    for case in _cases(view, agency_id, known_at):
        n = _figure_of(case.deltas, paths, period.start, cut, PETITIONS_RECEIVED, narrow)
        if n:
            found[case.field] += n
    return tuple(sorted(((f, n) for f, n in found.items() if n), key=lambda x: (-x[1], x[0])))


def _paths(
    view: StatisticsView, agency_id: UUID | None, known_at: int | datetime | None
) -> tuple[str, ...] | None:
    """The stored paths of the subtree's roots, as the counters sum them (None: everything)."""
    if agency_id is None:
        return None
    agencies = view.rolled_up(agency_id, _position(view, known_at))
    return tuple(path for _, path in COUNTERS.scope(view, agencies))


def _position(view: StatisticsView, known_at: int | datetime | None) -> int | None:
    return None if known_at is None else view.knowledge(known_at).position


def _cases(
    view: StatisticsView, agency_id: UUID | None, known_at: int | datetime | None
) -> list[_Case]:
    """The timelines whose deltas may touch the subtree, with their deltas as known then."""
    where, params = "", []
    known = _position(view, known_at)
    if agency_id is not None:
        agencies = view.rolled_up(agency_id, known)
        where = " OR ".join("contributions LIKE ?" for _ in agencies)
        params = [f"%/{a}/%" for a in agencies]
    return [_case(row, known) for row in view.select_rows(FACTS, where, params)]


def _case(row: CaseTimeline, known: int | None) -> _Case:
    facts = json.loads(row.facts)
    if known is None:
        deltas = decode_keys(row.contributions)
    else:
        facts = [f for f in facts if recorded_by(f, known)]
        deltas = contributions(facts)
    received = next((k[1] for k in deltas if k[0] == "received"), "")
    return _Case(row.case_id, received, deltas, state_at(facts).field)


def _figure_of(
    deltas: Counter[Key],
    paths: tuple[str, ...] | None,
    start: date,
    cut: date,
    figure: str,
    narrow: Narrowing,
) -> int:
    """What one case's deltas add to `figure` (summed over the rows `narrow` keeps)."""
    flows: Sums = {m: defaultdict(int) for m in FLOW_METRICS}
    stocks: Sums = {m: defaultdict(int) for m in STOCK_METRICS}
    carried: dict[tuple[str, ...], int] = defaultdict(int)
    first, last, before = start.isoformat(), cut.isoformat(), (start - timedelta(1)).isoformat()
    for (metric, day, path, dims), n in deltas.items():
        if paths is not None and not path.startswith(paths):
            continue
        if metric in flows and first <= day <= last:
            flows[metric][dims] += n
        elif metric in stocks and day <= last:
            stocks[metric][dims] += n
        if metric == "open" and day <= before:
            carried[dims] += n
    rows = figure_rows(flows, stocks, carried, start, cut)
    total = 0
    for (kind, level), figures in rows.items():
        if narrow.kind is not None and (kind or "") != narrow.kind:
            continue
        if narrow.level is not None and level != narrow.level:
            continue
        total += int(getattr(figures, figure))
    return total
