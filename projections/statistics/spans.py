"""Running-clock spans: when each petition or case had a clock running, against which due date.

A span is a stretch of legal days [from_day, to_day) over which an open item's
clock ran (not suspended, not awaiting a referral's receipt) with one due date,
status and holding agency. Spans are bitemporal: a span is `added_at` the log
position of the event that made it and `removed_at` the one that changed it
(a late fact, a correction), never deleted. "Overdue on D as known at P" is then a
query on the spans containing D, due before D, alive at P: the deadlines report
at any legal and knowledge cut-off, with the same definition as everywhere
(`domain.overdue`).

So that this query does not read the whole history, a span that has ended is
stored as *pieces* cut at calendar-quarter boundaries, each tagged with its
quarter (`quarter`): the pieces containing D are among those of D's quarter,
read through an index on (quarter, due_date) in due-date order. A span still
running (`to_day` OPEN_END) is one piece; those started before D's quarter are
read through an index on (removed_at, to_day, due_date): the items running now,
plus those closed after the knowledge cut-off. Neither read grows with the
length of the history.

Both indexes go on with the days and log positions (`to_day`, `from_day`,
`added_at`, `removed_at`): the pieces of D's quarter that ended before D or were
removed before the cut-off, and the running spans started in D's quarter or later,
are skipped in the index instead of read from the table and dropped (issue 11:
on PostgreSQL 10 to 16 rows read for each one returned, growing with the
quarter's pieces). "Alive at the cut-off" is two parts (not removed; removed after
it) for the same reason: an OR is not an index condition.
"""

# Table names in this module's SQL come from class constants, never from input.
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple, cast
from uuid import UUID

from projections.counter_rows import day_of, expansion, make_row
from projections.counters import Counters
from projections.dialects import StoredId
from projections.rows import Table
from projections.session import Session
from projections.statistics.timeline import INTAKE, Fact, Folded, fold, segments_of
from projections.store import RowStore

OPEN_END = date(9999, 12, 31)  # `to_day` of a span still running, so an index serves to_day > D
LAST_QUARTER = 10  # the month the calendar's last quarter starts
SpanKey = tuple[str, str, str, str, str, str, str]  # from, to, due, status, stage, path, kind


@dataclass(frozen=True)
class Span:
    """One stretch of a running clock, with the log positions it was known between."""

    key: str
    case_id: UUID
    agency_id: UUID
    agency_path: str
    kind: str
    status: str
    stage: str
    due_date: date
    from_day: date
    to_day: date  # the day after the last; OPEN_END while it still runs
    added_at: int
    removed_at: int | None
    quarter: date  # the first day of the calendar quarter holding from_day


class DueItem(NamedTuple):
    """What a deadlines report lists of a span running on its day (`spans_at`).

    `stored_id` is the case id as the store returned it (`StoredId`): the report looks
    its case's other rows up by it, and lists it, without converting it (`case_id` does).
    A tuple: a report builds one a listed item.
    """

    stored_id: StoredId
    agency_id: UUID
    kind: str
    status: str
    stage: str
    due_date: date

    @property
    def case_id(self) -> UUID:
        found = self.stored_id
        return found if isinstance(found, UUID) else UUID(found)


LISTED = "case_id, agency_id, kind, status, stage, due_date"  # DueItem's columns

SPANS: Table[Span] = Table(
    "spans",
    Span,
    "key",
    # The columns after the order's (due date, case) are checked in the index, so that
    # rows not running on the day or not alive at the cut-off are skipped there, not read.
    indexes=(
        ("quarter", "due_date", "case_id", "to_day", "from_day", "added_at", "removed_at"),
        ("removed_at", "to_day", "due_date", "case_id", "from_day", "added_at", "quarter"),
        ("case_id",),
    ),
    prefetched=False,
)


def running(facts: list[Fact], folded: Folded | None = None) -> set[SpanKey]:
    """The spans of the whole timeline, consecutive equal ones merged, cut into quarters.

    `folded`, when given, is `timeline.fold(facts)` (already computed by the caller).
    """
    found: list[list[str]] = []
    for start, end, state in segments_of(fold(facts) if folded is None else folded):
        due = state.due_date
        if not state.open_item or state.stopped or due is None:
            continue
        stage = "intake" if state.status in INTAKE else "settlement"
        row = [start.isoformat(), end.isoformat() if end else "", due.isoformat(), state.status,
               stage, state.handling_path, state.kind]  # fmt: skip
        if found and found[-1][1] == row[0] and found[-1][2:] == row[2:]:
            found[-1][1] = row[1]
        else:
            found.append(row)
    return {piece for r in found for piece in _pieces(tuple(r))}  # type: ignore[arg-type]


def _pieces(span: SpanKey) -> list[SpanKey]:
    """A span that has ended cut at the quarters' first days; a running one whole."""
    start, end, *rest = span
    if not end:
        return [span]
    found = []
    cut = _next_quarter(date.fromisoformat(start)).isoformat()
    while cut < end:
        found.append((start, cut, *rest))
        start, cut = cut, _next_quarter(date.fromisoformat(cut)).isoformat()
    found.append((start, end, *rest))
    return found  # type: ignore[return-value]


def quarter_of(day: date) -> date:
    """The first day of the calendar quarter holding `day`."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_quarter(day: date) -> date:
    first = quarter_of(day)
    return (
        date(first.year + 1, 1, 1)
        if first.month == LAST_QUARTER
        else first.replace(month=first.month + 3)
    )


def change_spans(
    session: Session,
    case_id: UUID,
    before: dict[SpanKey, int],
    facts: list[Fact],
    folded: Folded | None = None,
) -> dict[SpanKey, int]:
    """Close the spans the event changed, open the new ones; returns span -> added_at.

    `folded`, when given, is `timeline.fold(facts)` (already computed by the caller).
    """
    after = running(facts, folded)
    position = session.position
    kept: dict[SpanKey, int] = {}
    for span, added in before.items():
        if span in after:
            kept[span] = added
        else:  # the stored row is this one, open: written whole, it is not read back
            session.put(SPANS, _span(case_id, span, added, position))
    for span in after - kept.keys():
        kept[span] = position
        session.put(SPANS, _span(case_id, span, position, None))
    return kept


def _span(case_id: UUID, span: SpanKey, added: int, removed: int | None) -> Span:
    """The row of `span`, added at log position `added` (and removed at `removed`)."""
    start, end, due, status, stage, path, kind = span
    agencies = expansion(path)
    first = day_of(start)
    # Built as `make_row` does: a frozen dataclass's `__init__` costs a tenth of a rebuild's
    # statistics handling.
    return make_row(
        Span,
        key=_key(case_id, span, added),
        case_id=case_id,
        agency_id=agencies[-1][0] if agencies else UUID(int=0),
        agency_path=path,
        kind=kind,
        status=status,
        stage=stage,
        due_date=day_of(due),
        from_day=first,
        to_day=day_of(end) if end else OPEN_END,
        added_at=added,
        removed_at=removed,
        quarter=quarter_of(first),
    )


def _key(case_id: UUID, span: SpanKey, added: int) -> str:
    return f"{case_id}|{span[0]}|{span[1]}|{span[2]}|{span[3]}|{span[5]}|{added}"


def spans_at(
    view: RowStore,
    counters: Counters,
    on: date,
    agencies: list[UUID] | None,
    known: int | None,
    due_from: date | None,
    due_to: date,
    limit: int,
) -> list[DueItem]:
    """Spans running on `on` with a due date in [due_from, due_to], as known at `known`.

    Soonest due first, at most `limit` (1..500): the pieces of `on`'s quarter, and the
    spans still running that started before it (see the module docstring). Only the
    columns a report lists are read (`DueItem`): a row costs its columns' decoding.
    """
    limit = max(1, min(limit, 500))
    scope = None if agencies is None else counters.scope(view, agencies)
    if scope is not None and not scope:
        return []
    common = ["due_date <= ?", "from_day <= ?", "to_day > ?"]
    args: list[Any] = [due_to, on, on]
    if due_from is not None:
        common.append("due_date >= ?")
        args.append(due_from)
    if known is not None:
        common.append("added_at <= ?")
        args.append(known)
    if scope is not None:
        common.append(
            "(" + " OR ".join("(agency_path >= ? AND agency_path < ?)" for _ in scope) + ")"
        )
        for _, path in scope:
            args += [path, path[:-1] + "0"]  # "0" sorts right after "/"
    first = quarter_of(on)
    # Alive at `known`: not removed, or removed after it, each its own part so that both
    # are index conditions (an OR is checked on the table row, read for nothing).
    parts: list[tuple[list[str], list[Any]]] = [
        (["quarter = ?", "removed_at IS NULL", *common], [first, *args]),
        (["to_day = ?", "removed_at IS NULL", "from_day < ?", *common], [OPEN_END, first, *args]),
    ]
    if known is not None:
        # The pieces of `on`'s quarter (from `first` to `on`) removed after `known`: by
        # day, not `quarter = ?`, so that SQLite too reads them by `removed_at` (few: the
        # facts recorded since the cut-off), not the quarter's pieces due by then.
        parts.append((["removed_at > ?", "from_day >= ?", *common], [known, first, *args]))
        parts.append((["to_day = ?", "removed_at > ?", "from_day < ?", *common],
                      [OPEN_END, known, first, *args]))  # fmt: skip
    # One statement: each part soonest due first up to `limit`, then the first `limit` of
    # them, so only the rows returned are decoded (not up to `limit` a part).
    tail = f"ORDER BY due_date, case_id LIMIT {limit}"
    table = view.qualified(view.table_name(SPANS))
    sql = " UNION ALL ".join(
        f"SELECT {LISTED} FROM (SELECT {LISTED} FROM {table} "  # noqa: S608
        f"WHERE {' AND '.join(where)} {tail}) AS p{i}"
        for i, (where, _) in enumerate(parts)
    )
    rows = view.fetch(f"{sql} {tail}", [p for _, params in parts for p in params])
    return _due_items(view, rows)


def _due_items(view: RowStore, rows: list[Mapping[str, Any]]) -> list[DueItem]:
    """The rows as `DueItem`s: case ids as stored, agency ids and due dates converted once each."""
    convert = view.dialect.from_db
    agencies: dict[object, UUID] = {}
    days: dict[object, date] = {}
    found = []
    for r in rows:
        agency, due = r["agency_id"], r["due_date"]
        agency_id = agencies.get(agency)
        if agency_id is None:
            agency_id = agencies[agency] = cast("UUID", convert("uuid", agency))
        due_date = days.get(due)
        if due_date is None:
            due_date = days[due] = cast("date", convert("date", due))
        found.append(DueItem(r["case_id"], agency_id, r["kind"], r["status"], r["stage"], due_date))
    return found


def overdue_due_to(on: date) -> date:
    """Overdue on `on` means due on the day before at the latest (`domain.overdue`)."""
    return on - timedelta(days=1)
