"""Running-clock spans: when each petition or case had a clock running, against which due date.

A span is a stretch of legal days [from_day, to_day) over which an open item's
clock ran (not suspended, not awaiting a referral's receipt) with one due date,
status and holding agency. Spans are bitemporal: a span is `added_at` the log
position of the event that made it and `removed_at` the one that changed it
(a late fact, a correction), never deleted. "Overdue on D as known at P" is then a
query on the spans containing D, due before D, alive at P: the deadlines report
at any legal and knowledge cut-off, with the same definition as everywhere
(`domain.overdue`).
"""

# Table names in this module's SQL come from class constants, never from input.
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from projections.counter_rows import expansion
from projections.counters import Counters
from projections.rows import Table
from projections.statistics.timeline import INTAKE, Fact, segments
from projections.store import RowStore, Session

OPEN_END = date(9999, 12, 31)  # `to_day` of a span still running, so an index serves to_day > D
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


SPANS: Table[Span] = Table(
    "spans",
    Span,
    "key",
    indexes=(("to_day", "from_day"), ("case_id",)),
    prefetched=False,
)


def running(facts: list[Fact]) -> set[SpanKey]:
    """The spans of the whole timeline, consecutive equal ones merged."""
    found: list[list[str]] = []
    for start, end, state in segments(facts):
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
    return {tuple(r) for r in found}  # type: ignore[misc]


def change_spans(
    session: Session,
    case_id: UUID,
    before: dict[SpanKey, int],
    facts: list[Fact],
) -> dict[SpanKey, int]:
    """Close the spans the event changed, open the new ones; returns span -> added_at."""
    after = running(facts)
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
    return Span(
        _key(case_id, span, added),
        case_id,
        agencies[-1][0] if agencies else UUID(int=0),
        path,
        kind,
        status,
        stage,
        date.fromisoformat(due),
        date.fromisoformat(start),
        date.fromisoformat(end) if end else OPEN_END,
        added,
        removed,
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
) -> list[Span]:
    """Spans running on `on` with a due date in [due_from, due_to], as known at `known`."""
    # Spans ending after `on` (an index range: few, for a recent day), then started by it.
    where = ["to_day > ?", "from_day <= ?", "due_date <= ?"]
    params: list[Any] = [on, on, due_to]
    if due_from is not None:
        where.append("due_date >= ?")
        params.append(due_from)
    if known is None:
        where.append("removed_at IS NULL")
    else:
        where += ["added_at <= ?", "(removed_at IS NULL OR removed_at > ?)"]
        params += [known, known]
    if agencies is not None:
        scope = counters.scope(view, agencies)
        if not scope:
            return []
        where.append(
            "(" + " OR ".join("(agency_path >= ? AND agency_path < ?)" for _ in scope) + ")"
        )
        for _, path in scope:
            params += [path, path[:-1] + "0"]
    tail = f"ORDER BY due_date, case_id LIMIT {max(1, min(limit, 500))}"
    return view.select_rows(SPANS, " AND ".join(where), params, tail)


def overdue_due_to(on: date) -> date:
    """Overdue on `on` means due on the day before at the latest (`domain.overdue`)."""
    return on - timedelta(days=1)
