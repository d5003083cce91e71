"""Dated counters: figures pre-aggregated by legal day and month, agency, and breakdown keys.

A projection adds *deltas* (+1 when a case is accepted on a legal day, -1 when an
open case closes, ...) through `Counters.add` inside its batch session. Each delta
is written, in the view's transaction, to:

- `counts`: one row per (agency, metric, bucket, breakdown keys) with the running
  sum. Buckets are legal days (`d:2025-01-03`), half months (`h:2025-01-01` for
  days 1-14, `h:2025-01-15` for the rest), calendar months (`m:2025-01`), calendar
  quarters (`q:2025-04`) and years (`y:2025`), statistical quarters
  (`t:2025-03-15`, 15 March-14 June) and statistical years (`s:2025`, 15 December
  2024-14 December 2025); every delta is added to the agency that the fact belongs
  to *and to each of its ancestors* (and to `EVERYTHING`), so a subtree's figure is
  an index lookup on one agency id, whatever the size of the subtree.
- `journal`: the delta stamped with the log position of the event that made it,
  its legal day, whether it was *late* (its legal day before the day it was
  recorded: a paper letter entered later, a conclusion with an old legal date, a
  correction), and the agency's materialised path.
- `clock`: which log positions were recorded in which second, to turn a recorded
  time into a log position and a position into the day it was recorded.

A query sums a period's buckets, the longest that fit (`counter_rows.buckets`):
a statistical or calendar year, quarter or calendar month is one row a key (a
statistical month two half-month rows, the first 6 or 9 months a row a quarter), and
a period cut short by a legal cut-off a few more (at most ~26 day rows,
2 half months, 2 months and 3 quarters), however many events there are. Stocks
(open on a day) are sums from the beginning: one row a year before the cut-off's
year, and the quarters, months and days after it.

**Knowledge cut-off** (`Knowledge`: log position P, recorded on day R). A delta
recorded after P is either late (journaled with `late`) or has a legal day on or
after the day it was recorded, hence on or after R. So, for legal days before R,
"what was known at P" is the `counts` sum minus the late journal rows after P;
for legal days from R on, it is the journal rows up to P for those few days. Both
read the journal through indexes on (late, position) and (day, position).
"""

# Table names in this module's SQL come from class constants, never from input.
# ruff: noqa: S608
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from projections.counter_batch import Pending, count_rows, journal_rows
from projections.counter_rows import (
    EVERYTHING,
    SEP,
    AgencyPath,
    Count,
    Delta,
    Dims,
    Key,
    Knowledge,
    Sums,
    Tick,
    buckets,
    dims_of,
    expansion,
    make_row,
    path_ids,
)
from projections.dialects import sql_in
from projections.rows import Table, path_text
from projections.session import Session
from projections.store import RowStore

__all__ = [
    "EVERYTHING",
    "SEP",
    "AgencyPath",
    "Count",
    "Counters",
    "Delta",
    "Dims",
    "Key",
    "Knowledge",
    "Sums",
    "Tick",
    "buckets",
    "path_ids",
]


def _utc_second(recorded: datetime) -> str:
    """`recorded` in UTC as `YYYY-MM-DDTHH:MM:SS` (as `strftime` spells it, for 4-digit years)."""
    return recorded.astimezone(UTC).isoformat(timespec="seconds")[:19]


class Counters:
    """A set of dated counters stored in a view's tables (prefix `name`).

    Add `counters.tables` to the view's `tables`; handlers call `add`, reports `sums`.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.counts: Table[Count] = Table(
            f"{name}_counts",
            Count,
            "key",
            # One B-tree in the order a report reads it: the sums come from it alone.
            primary=("agency_id", "metric", "bucket", "dims"),
            additive=("n",),
            prefetched=False,
        )
        self.journal: Table[Delta] = Table(
            f"{name}_journal",
            Delta,
            "key",
            indexes=(("late", "position"), ("day", "position")),
            additive=("n",),
            prefetched=False,
        )
        self.clock: Table[Tick] = Table(
            f"{name}_clock",
            Tick,
            "recorded_second",
            indexes=(("first_position",),),
            prefetched=False,
        )
        self.paths: Table[AgencyPath] = Table(
            f"{name}_paths", AgencyPath, "agency_id", prefetched=False
        )

    @property
    def tables(self) -> tuple[Table[Any], ...]:
        return (self.counts, self.journal, self.clock, self.paths)

    # ----- writing ------------------------------------------------------------------------

    def add(
        self,
        session: Session,
        metric: str,
        day: date,
        path: Sequence[UUID],
        dims: Dims = (),
        n: int = 1,
    ) -> None:
        """Add `n` to `metric` on legal day `day` for the agency at the end of `path`.

        `path` runs from the root to the agency. The event being handled gives the
        log position and recording time (`session.position`, `session.recorded_at`).
        """
        self.add_at(session, metric, day.isoformat(), path_text(list(path)) if path else "/",
                    dims, n)  # fmt: skip

    def add_at(
        self, session: Session, metric: str, day: str, path: str, dims: Dims = (), n: int = 1
    ) -> None:
        """As `add`, with the legal day as ISO text and the agency's stored path text.

        The delta is only noted here, by its leaf key (one dict entry an add): the
        batch's net deltas become journal and count rows (each agency of the path,
        day and month) once, when the session's changes are collected.
        """
        if n == 0:
            return
        text = "".join(d + SEP for d in dims)
        recorded = session.recorded_at
        memo = session.memo
        pending: Pending | None = memo.get(self.counts.suffix)
        if pending is None:
            pending = memo[self.counts.suffix] = Pending()
            session.on_changes(lambda: self._materialise(session, pending))
        if pending.recorded_at is not recorded:
            pending.recorded_at = recorded
            # "YYYY-MM-DDTHH:MM:SS" in UTC: its day, and the second the clock keeps.
            pending.second = _utc_second(recorded) if recorded else None
        position = session.position
        if path not in pending.paths:
            pending.paths.add(path)
            for agency, _, prefix in expansion(path):
                session.put(self.paths, make_row(AgencyPath, agency_id=agency, path=prefix))
        journal = pending.journal
        key = (position, path, metric, day, text)
        found = journal.get(key)
        if found is None:
            second = pending.second
            journal[key] = [n, second is not None and day < second[:10]]
        else:
            found[0] += n
        counts = pending.counts
        leaf = (path, metric, day, text)
        counts[leaf] = counts.get(leaf, 0) + n
        if pending.second is not None and position and pending.ticked != position:
            pending.ticked = position
            self._tick(session, pending.second, position)

    def _materialise(self, session: Session, pending: Pending) -> None:
        """The batch's net deltas as rows: a journal row an event and key, count rows rolled up."""
        session.add_all(self.journal, journal_rows(pending.journal))
        session.add_all(self.counts, count_rows(pending.counts))

    def change(self, session: Session, before: Counter[Key], after: Counter[Key]) -> None:
        """Add the difference between a row's contributions before and after an event."""
        for key in before.keys() | after.keys():
            n = after.get(key, 0) - before.get(key, 0)
            if n:
                metric, day, path, dims = key
                self.add_at(session, metric, day, path, dims, n)

    def _tick(self, session: Session, second: str, position: int) -> None:
        tick = session.get(self.clock, second)
        if tick is None:
            session.put(self.clock, Tick(second, position, position))
        elif not tick.first_position <= position <= tick.last_position:
            first, last = tick.first_position, tick.last_position
            session.put(self.clock, Tick(second, min(first, position), max(last, position)))

    # ----- reading ------------------------------------------------------------------------

    def knowledge(self, view: RowStore, known_at: int | datetime) -> Knowledge:
        """The knowledge cut-off at a log position, or at a recorded time (UTC if naive)."""
        table = view.qualified(view.table_name(self.clock))
        if isinstance(known_at, datetime):
            moment = known_at if known_at.tzinfo else known_at.replace(tzinfo=UTC)
            second = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
            rows = view.fetch(
                f"SELECT last_position FROM {table} WHERE recorded_second <= ? "
                "ORDER BY recorded_second DESC LIMIT 1",
                [second],
            )
            position = int(rows[0]["last_position"]) if rows else 0
            return Knowledge(position, moment.astimezone(UTC).date())
        rows = view.fetch(
            f"SELECT recorded_second FROM {table} WHERE first_position <= ? "
            "ORDER BY first_position DESC LIMIT 1",
            [known_at],
        )
        day = date.fromisoformat(str(rows[0]["recorded_second"])[:10]) if rows else date.min
        return Knowledge(known_at, day)

    def scope(self, view: RowStore, agencies: Iterable[UUID] | None) -> list[tuple[UUID, str]]:
        """The agencies to sum (id, path): none nested in another (None: everything)."""
        if agencies is None:
            return [(EVERYTHING, "/")]
        wanted = list(dict.fromkeys(agencies))
        found = {
            r.agency_id: r.path for r in view.select_rows(self.paths, *sql_in("agency_id", wanted))
        }
        known = [(a, found[a]) for a in wanted if a in found]
        return [(a, p) for a, p in known if not any(p != q and p.startswith(q) for _, q in known)]

    def sums(
        self,
        view: RowStore,
        metrics: Sequence[str],
        agencies: Iterable[UUID] | None,
        start: date | None,
        end: date,
        known: Knowledge | None = None,
    ) -> Sums:
        """Each metric's deltas over legal days `start`..`end` (None: from the beginning).

        Summed over `agencies`' subtrees (None: everything), as known at `known`
        (None: everything recorded so far). A stock is `sums(..., None, day)`.
        """
        result: Sums = {m: defaultdict(int) for m in metrics}
        scope = self.scope(view, agencies)
        if not scope or not metrics or (start is not None and end < start):
            return result
        if known is None:
            base_end: date | None = end
        elif known.day == date.min:  # nothing recorded by then: the journal alone answers
            base_end = None
        else:
            base_end = min(end, known.day - timedelta(days=1))
        has_base = base_end is not None and (start is None or base_end >= start)
        if has_base and base_end is not None:
            self._add_counts(view, result, metrics, scope, start, base_end)
        if known is None:
            return result
        if has_base and base_end is not None:
            late: tuple[str, list[object]] = ("late = ? AND position > ?", [True, known.position])
            self._add_journal(view, result, metrics, scope, *late, start, base_end, -1)
        if end >= known.day:
            first = known.day if start is None else max(start, known.day)
            recent: tuple[str, list[object]] = ("position <= ?", [known.position])
            self._add_journal(view, result, metrics, scope, *recent, first, end, 1)
        return result

    def _add_counts(
        self,
        view: RowStore,
        result: Sums,
        metrics: Sequence[str],
        scope: list[tuple[UUID, str]],
        start: date | None,
        end: date,
    ) -> None:
        table = view.qualified(view.table_name(self.counts))
        agencies_sql, agency_args = sql_in("agency_id", [a for a, _ in scope])
        metrics_sql, metric_args = sql_in("metric", list(metrics))
        parts = []
        args: list[object] = []
        for low, high in buckets(start, end):
            parts.append(
                f"SELECT metric, dims, n FROM {table} WHERE {agencies_sql} AND {metrics_sql} "
                "AND bucket >= ? AND bucket <= ?"
            )
            args += [*agency_args, *metric_args, low, high]
        sql = (
            f"SELECT metric, dims, SUM(n) AS n FROM ({' UNION ALL '.join(parts)}) AS b "
            "GROUP BY metric, dims"
        )
        for row in view.fetch(sql, args):
            result[str(row["metric"])][dims_of(row["dims"])] += int(row["n"])

    def _add_journal(
        self,
        view: RowStore,
        result: Sums,
        metrics: Sequence[str],
        scope: list[tuple[UUID, str]],
        where: str,
        params: list[object],
        start: date | None,
        end: date,
        sign: int,
    ) -> None:
        table = view.qualified(view.table_name(self.journal))
        metrics_sql, metric_args = sql_in("metric", list(metrics))
        within = " OR ".join("(agency_path >= ? AND agency_path < ?)" for _ in scope)
        within_args: list[object] = []
        for _, path in scope:
            within_args += [path, path[:-1] + "0"]  # "0" sorts right after "/"
        days = "day <= ?" if start is None else "day >= ? AND day <= ?"
        day_args: list[object] = [end] if start is None else [start, end]
        sql = (
            f"SELECT metric, dims, SUM(n) AS n FROM {table} WHERE {where} AND {days} "
            f"AND {metrics_sql} AND ({within}) GROUP BY metric, dims"
        )
        for row in view.fetch(sql, [*params, *day_args, *metric_args, *within_args]):
            result[str(row["metric"])][dims_of(row["dims"])] += sign * int(row["n"])
