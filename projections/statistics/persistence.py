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
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID

from projections.counters import Counters, Knowledge, Sums
from projections.periods import Period
from projections.rows import Table
from projections.statistics.figures import (
    FLOW_METRICS,
    STOCK_METRICS,
    Report,
    figure_rows,
    flows_read,
    origins_of,
    quality_of,
    total_of,
)
from projections.statistics.metrics import RESOLUTION_RATE, MetricDefinition, Targets
from projections.statistics.spans import SPANS, DueItem, overdue_due_to, spans_at
from projections.statistics.timeline import CaseState, state_at
from projections.store import RowStore
from projections.succession import SUCCESSIONS, rolled_up

COUNTERS = Counters("c")


@dataclass(frozen=True)
class CaseTimeline:
    """One petition's facts (JSON: legal date, log position, what) and its counter deltas."""

    case_id: UUID
    facts: str
    contributions: str
    spans: str = "[]"  # running-clock spans with the position each was added at


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
            flows = COUNTERS.sums(self, flows_read(period.start, cut), agencies, period.start, cut,
                                  known)  # fmt: skip
        stocks = COUNTERS.sums(self, STOCK_METRICS, agencies, None, cut, known)
        before = period.start - timedelta(days=1)
        carried = COUNTERS.sums(self, ("open",), agencies, None, before, known)["open"]
        rows = figure_rows(flows, stocks, carried, period.start, cut)
        ordered = tuple(rows[k] for k in sorted(rows, key=lambda k: (k[0] or "", k[1] or "")))
        total = total_of(ordered)
        target = (targets or Targets()).target(period.end.year, agency_id)
        return Report(
            period,
            agency_id,
            cut,
            definition,
            total,
            ordered,
            quality_of(flows["concluded"], flows["concluded_quality"]),
            target,
            total.rate(definition),
            origins_of(flows["received"]),
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
