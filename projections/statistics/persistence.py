"""Resolution statistics over cases (vụ việc) and petitions (đơn), by period, agency, kind, level.

Each case keeps its timeline (`CaseTimeline`: facts with legal date and log
position); from it the projection derives deltas to pre-aggregated dated
counters (`projections.counters`), so a report sums a few day and month buckets
of one agency's (rolled-up) counters whatever the number of events, for any
period (statistical year 15 Dec-14 Dec and its quarters, calendar years), any
legal cut-off `as_of` and any knowledge cut-off `known_at`.

Cases are counted by the agency that holds jurisdiction over them: the one that
accepted them, or the one they were later transferred to; petitions by the
agency that received them. A re-opened case keeps its earlier settlement in the
period it was settled; "overdue on a date" follows `domain.overdue` with the due
date in force on that date. An agency merged or dissolved into others counts,
for each successor, with its history.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID

from domain.intake import DIRECT
from projections.counters import Counters, Dims, Knowledge, Sums
from projections.periods import Period
from projections.rows import Table
from projections.statistics.contributions import closure_metric
from projections.statistics.metrics import RESOLUTION_RATE, MetricDefinition, Targets
from projections.statistics.spans import SPANS, DueItem, overdue_due_to, spans_at
from projections.statistics.timeline import CaseState, state_at
from projections.store import RowStore
from projections.succession import SUCCESSIONS, rolled_up

COUNTERS = Counters("c")
CLOSURE_METRICS = ("closed_by_accepted", "closed_sy", "closed_sy_month", "closed_cy",
                   "closed_cy_month")  # fmt: skip
FLOW_METRICS = ("accepted", "reopened", "concluded", "concluded_quality", *CLOSURE_METRICS,
                "withdrawn", "terminated", "received")  # fmt: skip
STOCK_METRICS = ("open", "suspended", "overdue", "within_limit")


@dataclass(frozen=True)
class CaseTimeline:
    """One petition's facts (JSON: legal date, log position, what) and its counter deltas."""

    case_id: UUID
    facts: str
    contributions: str
    spans: str = "[]"  # running-clock spans with the position each was added at


@dataclass(frozen=True)
class Figures:
    """Counts for one kind x level (or the total: kind and level None).

    Units: `petitions_received` counts petitions (đơn); every other count is cases (vụ việc).
    """

    kind: str | None
    level: str | None
    petitions_received: int = 0
    accepted: int = 0
    carried_over: int = 0
    reopened: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    resolved_of_accepted: int = 0
    withdrawn: int = 0
    withdrawn_of_accepted: int = 0
    terminated: int = 0
    terminated_of_accepted: int = 0
    suspended: int = 0
    still_open: int = 0
    open_within_limit: int = 0
    overdue: int = 0
    outcomes: tuple[tuple[str, int], ...] = ()

    def rate(self, definition: MetricDefinition = RESOLUTION_RATE) -> float | None:
        """The resolution rate under `definition`, or None when its denominator is 0."""
        closures = definition.resolved_closures
        if not definition.carry_over:
            numerator = sum(getattr(self, f"{_FIELD[c]}_of_accepted") for c in closures)
            denominator = self.accepted
        else:
            numerator = sum(getattr(self, _FIELD[c]) for c in closures)
            denominator = self.accepted + self.carried_over
            if definition.count_reopened:
                denominator += self.reopened
            if definition.exclude_within_limit:
                denominator -= self.open_within_limit
        return numerator / denominator if denominator > 0 else None


_FIELD = {"concluded": "resolved", "withdrawn": "withdrawn", "terminated": "terminated"}


@dataclass(frozen=True)
class Quality:
    """Quality shares of the period's decisions (None when nothing was decided)."""

    first_instance_complaints_decided: int
    found_right: int
    found_partly_right: int
    second_instance_decided: int
    annulled_or_amended: int
    resolved: int
    resolved_on_time: int

    @property
    def share_found_right(self) -> float | None:
        return _share(self.found_right, self.first_instance_complaints_decided)

    @property
    def share_annulled_or_amended(self) -> float | None:
        return _share(self.annulled_or_amended, self.second_instance_decided)

    @property
    def share_on_time(self) -> float | None:
        return _share(self.resolved_on_time, self.resolved)


@dataclass(frozen=True)
class Report:
    """A period's figures for one agency subtree, with the metric definition and target.

    `on` is the legal cut-off (facts legally dated after it are not counted; the
    stocks — open, suspended, overdue — are those of that day); `known_at` the
    log position of the knowledge cut-off (None: everything recorded).
    """

    period: Period
    agency_id: UUID | None
    on: date
    definition: MetricDefinition
    total: Figures
    rows: tuple[Figures, ...]
    quality: Quality
    target: float
    rate: float | None = field(default=None)
    # Petitions received in the period by who forwarded them ("direct": nobody), for the
    # letter-handling figures (Circular 05/2021/TT-TTCP counts letters by their source).
    by_origin: tuple[tuple[str, int], ...] = ()
    known_at: int | None = None

    @property
    def target_met(self) -> bool | None:
        return None if self.rate is None else self.rate >= self.target


FACTS: Table[CaseTimeline] = Table("facts", CaseTimeline, "case_id")


class StatisticsView(RowStore):
    name: ClassVar[str] = "statistics"
    tables: ClassVar[tuple[Table[Any], ...]] = (FACTS, SUCCESSIONS, SPANS, *COUNTERS.tables)

    def report(
        self,
        period: Period,
        agency_id: UUID | None = None,
        on: date | None = None,
        definition: MetricDefinition = RESOLUTION_RATE,
        targets: Targets | None = None,
        known_at: int | datetime | None = None,
    ) -> Report:
        """The period's figures for `agency_id`'s subtree (None: everything), by kind x level.

        `on` is the legal cut-off (default: the period's last day; a later one counts
        as the last day); `known_at` the knowledge cut-off, a log position or a
        recorded time (default: everything recorded). The rate follows `definition`;
        the target is `targets`' for the period's last year and the agency (80 %
        unless configured).
        """
        cut = min(on or period.end, period.end)
        known = None if known_at is None else self.knowledge(known_at)
        agencies = (
            self.rolled_up(agency_id, known.position if known else None) if agency_id else None
        )
        if cut < period.start:
            flows: Sums = {m: {} for m in FLOW_METRICS}
        else:
            flows = COUNTERS.sums(self, _flows(period.start, cut), agencies, period.start, cut,
                                  known)  # fmt: skip
        stocks = COUNTERS.sums(self, STOCK_METRICS, agencies, None, cut, known)
        before = period.start - timedelta(days=1)
        carried = COUNTERS.sums(self, ("open",), agencies, None, before, known)["open"]
        rows = figure_rows(flows, stocks, carried, period.start, cut)
        ordered = tuple(rows[k] for k in sorted(rows, key=lambda k: (k[0] or "", k[1] or "")))
        total = _sum(ordered)
        target = (targets or Targets()).target(period.end.year, agency_id)
        return Report(
            period,
            agency_id,
            cut,
            definition,
            total,
            ordered,
            _quality(flows["concluded"], flows["concluded_quality"]),
            target,
            total.rate(definition),
            _origins(flows["received"]),
            None if known is None else known.position,
        )

    def knowledge(self, known_at: int | datetime) -> Knowledge:
        """The knowledge cut-off at a log position or a recorded time."""
        return COUNTERS.knowledge(self, known_at)

    def rolled_up(self, agency_id: UUID, known: int | None = None) -> list[UUID]:
        """The agency and every agency merged or dissolved into it (as known at `known`)."""
        return rolled_up(self, agency_id, known)

    def timeline(self, case_id: UUID) -> CaseTimeline | None:
        """One case's timeline row (an index lookup), or None."""
        rows = self.select_rows(FACTS, "case_id = ?", [case_id])
        return rows[0] if rows else None

    def overdue_items(
        self, on: date, agency_id: UUID | None, known_at: int | datetime | None, limit: int
    ) -> list[DueItem]:
        """Items overdue on `on` (`domain.overdue`) as known at `known_at`, most overdue first."""
        known = self._known_position(known_at)
        agencies = self.rolled_up(agency_id, known) if agency_id else None
        return spans_at(self, COUNTERS, on, agencies, known, None, overdue_due_to(on), limit)

    def due_soon_items(
        self,
        on: date,
        days: int,
        agency_id: UUID | None,
        known_at: int | datetime | None,
        limit: int,
    ) -> list[DueItem]:
        """Items not overdue on `on` and due within `days` days of it, as known at `known_at`."""
        known = self._known_position(known_at)
        agencies = self.rolled_up(agency_id, known) if agency_id else None
        soon = on + timedelta(days=days)
        return spans_at(self, COUNTERS, on, agencies, known, on, soon, limit)

    def _known_position(self, known_at: int | datetime | None) -> int | None:
        if known_at is None or isinstance(known_at, int):
            return known_at
        return self.knowledge(known_at).position

    def case_at(
        self, case_id: UUID, on: date | None, known_at: int | datetime | None
    ) -> CaseState | None:
        """The case as it stood on legal day `on`, as known at `known_at` (position or time)."""
        row = self.timeline(case_id)
        if row is None:
            return None
        return state_at(json.loads(row.facts), on, known_at)


Key = tuple[str | None, str | None]


SIMPLE = (
    ("petitions_received", "received", False),
    ("accepted", "accepted", False),
    ("reopened", "reopened", False),
    ("withdrawn", "withdrawn", False),
    ("terminated", "terminated", False),
    ("still_open", "open", True),
    ("suspended", "suspended", True),
    ("overdue", "overdue", True),
    ("open_within_limit", "within_limit", True),
)


def _key(dims: Dims) -> Key:
    return (dims[0] or None, dims[1] or None)


def _flows(start: date, cut: date) -> tuple[str, ...]:
    """The flow metrics a report of `start`..`cut` reads: one of the closures metrics."""
    closures = closure_metric(start, cut)[0]
    return tuple(m for m in FLOW_METRICS if m not in CLOSURE_METRICS or m == closures)


def figure_rows(
    flows: Sums, stocks: Sums, carried: dict[Dims, int], start: date, cut: date
) -> dict[Key, Figures]:
    """The figures by (kind, level) from the counters' sums: how each metric makes each field.

    `flows` are the period's sums (start..cut-off `cut`), `stocks` the sums from the
    beginning to the cut-off, `carried` the `open` stock the day before `start`.
    `behind` applies it to one case's deltas to find the cases behind a figure.
    """
    counts: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    outcomes: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name, metric, stock in SIMPLE:
        for dims, n in (stocks if stock else flows)[metric].items():
            counts[_key(dims)][name] += n
    for dims, n in carried.items():
        counts[_key(dims)]["carried_over"] += n
    for dims, n in flows["concluded"].items():  # kind, level, timeliness, outcome
        k = _key(dims)
        counts[k]["resolved"] += n
        counts[k]["resolved_on_time" if dims[2] == "on_time" else "resolved_late"] += n
        outcomes[k][dims[3]] += n
    # Closed, of the cases accepted on or after the start (`contributions.closure_metric`).
    metric, first = closure_metric(start, cut)
    for dims, n in flows[metric].items():
        if first is None or dims[3] >= first:
            counts[_key(dims)][f"{_FIELD[dims[2]]}_of_accepted"] += n
    result = {}
    for k, values in counts.items():
        found = tuple(sorted((o, n) for o, n in outcomes[k].items() if n))
        if any(values.values()) or found:
            result[k] = Figures(k[0], k[1], **values, outcomes=found)
    return result


# A decision's effect as the quality shares read it (`quality_effect`): on the first decision
# where a second-instance decision records it, else on the contested decision.
CHANGED_EFFECTS = frozenset({"annulled", "amended", "first:annulled", "first:amended"})


def _quality(concluded: dict[Dims, int], detail: dict[Dims, int]) -> Quality:
    """The quality shares from the conclusions (`concluded`) and their `concluded_quality`."""
    first = right = partly = second = changed = resolved = on_time = 0
    for (_kind, _level, timeliness, _outcome), n in concluded.items():
        resolved += n
        on_time += n if timeliness == "on_time" else 0
    for (instance, value), n in detail.items():
        if instance == "1":  # a first-instance complaint, by its finding
            first += n
            right += n if value == "right" else 0
            partly += n if value == "partly_right" else 0
        else:  # a second-instance decision, by its effect
            second += n
            changed += n if value in CHANGED_EFFECTS else 0
    return Quality(first, right, partly, second, changed, resolved, on_time)


def _origins(received: dict[Dims, int]) -> tuple[tuple[str, int], ...]:
    found: dict[str, int] = defaultdict(int)
    for dims, n in received.items():
        found[dims[2] or DIRECT] += n
    return tuple(sorted((o, n) for o, n in found.items() if n))


COUNTS = tuple(f.name for f in fields(Figures) if f.name not in {"kind", "level", "outcomes"})


def _sum(rows: tuple[Figures, ...]) -> Figures:
    counts = {n: sum(getattr(r, n) for r in rows) for n in COUNTS}
    outcomes: dict[str, int] = defaultdict(int)
    for r in rows:
        for outcome, n in r.outcomes:
            outcomes[outcome] += n
    return Figures(None, None, **counts, outcomes=tuple(sorted(outcomes.items())))


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
