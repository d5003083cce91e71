"""The case index: the officers' work queue and case search. Never holds identities.

Rows carry no `identity_id` and no personal data: the denouncer's identity stays
in the Identity aggregate, whose events this view does not read.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from domain.overdue import INTAKE, SETTLEMENT, item_overdue
from projections.case_index.history import FACTS, STATES
from projections.case_index.load import LOAD, OPEN
from projections.periods import Period
from projections.rows import Table
from projections.store import RowStore
from projections.succession import SUCCESSIONS, scope

MAX_PAGE = 500


@dataclass(frozen=True)
class CaseEntry:
    """One petition/case as the work queue shows it (no petitioner identity)."""

    case_id: UUID
    reference_code: str
    status: str
    kind: str | None
    channel: str
    instance: int
    summary: str  # sealed under `summary_key_id` (layout 5); plain text when that is None
    anonymous: bool
    received_on: date
    receiving_agency_id: UUID
    handling_agency_id: UUID
    handling_agency_path: str
    competent_agency_id: UUID | None
    officer_id: str
    handling_due_date: date | None  # None while a referred petition awaits its receipt
    accepted_on: date | None
    due_date: date | None
    extensions: int
    concluded_on: date | None
    outcome: str
    first_instance_case_id: UUID | None
    second_instance_case_id: UUID | None
    last_act_on: date
    version: int
    # Whether the limit behind each due date is confirmed law (None: no such date).
    handling_due_date_confirmed: bool | None = None
    due_date_confirmed: bool | None = None
    summary_key_id: UUID | None = None  # the data key sealing `summary` (None: plain, legacy)

    def is_overdue(self, on: date) -> bool:
        """As `Case.overdue_on`: past the due date of its running clock (`domain.overdue`)."""
        return item_overdue(self.status, self.handling_due_date, self.due_date, on)


@dataclass(frozen=True)
class CaseFilter:
    """Search filters; every one given must match.

    `agency_id` matches the handling agency and its whole subtree, and the agencies
    merged or dissolved into it; `year` is the
    calendar year of receipt and `statistical_year` the 15 Dec-14 Dec year of
    receipt; `overdue_on` keeps those overdue on that day (`domain.overdue`).
    """

    status: str | None = None
    kind: str | None = None
    agency_id: UUID | None = None
    officer_id: str | None = None
    year: int | None = None
    statistical_year: int | None = None
    overdue_on: date | None = None


@dataclass(frozen=True)
class QueueFilter:
    """Which open cases a work queue shows: an agency's own (or its subtree's), by kind/officer."""

    agency_id: UUID | None
    subtree: bool = False
    kind: str | None = None
    officer_id: str | None = None


@dataclass(frozen=True)
class CasePage:
    """A page of entries, newest receipt first; pass `next_cursor` for the next page."""

    items: tuple[CaseEntry, ...]
    next_cursor: str | None


CASES: Table[CaseEntry] = Table(
    "cases",
    CaseEntry,
    "case_id",
    indexes=(("received_on", "case_id"), ("status",), ("officer_id",), ("due_date",)),
)


class CaseIndexView(RowStore):
    """Queries of the case index, in SQL both stores run."""

    name: ClassVar[str] = "case_index"
    tables: ClassVar[tuple[Table[Any], ...]] = (CASES, SUCCESSIONS, FACTS, STATES, *LOAD.tables)

    def get(self, case_id: UUID) -> CaseEntry | None:
        """The entry of one case, or None if the view has not seen it."""
        rows = self.select_rows(CASES, "case_id = ?", [case_id])
        return rows[0] if rows else None

    def search(
        self, filters: CaseFilter | None = None, limit: int = 50, cursor: str | None = None
    ) -> CasePage:
        """Entries matching `filters`, newest receipt first (ties by case id), `limit` a page.

        `cursor` is the `next_cursor` of the previous page (opaque); it stays valid
        while cases are added, as pagination is by key, not by offset.
        """
        limit = max(1, min(limit, MAX_PAGE))
        where, params = self.clauses(filters or CaseFilter())
        if cursor is not None:
            received_on, case_id = decode_cursor(cursor)
            where.append("(received_on < ? OR (received_on = ? AND case_id < ?))")
            params += [received_on, received_on, case_id]
        rows = self.select_rows(
            CASES,
            " AND ".join(where) or "1 = 1",
            params,
            f"ORDER BY received_on DESC, case_id DESC LIMIT {limit + 1}",
        )
        more = len(rows) > limit
        items = tuple(rows[:limit])
        return CasePage(items, encode_cursor(items[-1]) if more else None)

    def work_queue(self, queue: QueueFilter, on: date, limit: int = 200) -> list[CaseEntry]:
        """Open petitions and cases of an agency: overdue on `on` first, then by due date.

        The due date of a case in settlement is its `due_date`; of a petition still
        in intake, its `handling_due_date`.
        """
        marks = ", ".join("?" for _ in OPEN)
        where = [f"status IN ({marks})"]
        params: list[object] = list(OPEN)
        if queue.agency_id is not None and queue.subtree:
            within, scoped = scope(self, "handling_agency_path", queue.agency_id)
            where.append(within)
            params += scoped
        elif queue.agency_id is not None:
            where.append("handling_agency_id = ?")
            params.append(queue.agency_id)
        for column, value in (("kind", queue.kind), ("officer_id", queue.officer_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        tail = (
            "ORDER BY CASE WHEN status = 'in_progress' AND due_date < ? THEN 0 ELSE 1 END, "
            "COALESCE(due_date, handling_due_date), received_on, case_id "
            f"LIMIT {max(1, min(limit, MAX_PAGE))}"
        )
        return self.select_rows(CASES, " AND ".join(where), [*params, on], tail)

    def count(self, filters: CaseFilter | None = None) -> int:
        """How many entries match `filters`."""
        where, params = self.clauses(filters or CaseFilter())
        sql = f"SELECT COUNT(*) AS n FROM {self.qualified(self.table_name(CASES))}"  # noqa: S608
        if where:
            sql += " WHERE " + " AND ".join(where)
        return int(self.fetch(sql, params)[0]["n"])

    def open_case_ids(self, agency_id: UUID, limit: int = 100_000) -> list[UUID]:
        """Ids of the open cases (intake or settlement) the agency itself holds now."""
        where = f"handling_agency_id = ? AND status IN ({', '.join('?' * len(OPEN))})"
        rows = self.select_rows(
            CASES, where, [agency_id, *OPEN], f"ORDER BY case_id LIMIT {max(1, limit)}"
        )
        return [r.case_id for r in rows]

    def received_between(self, agency_id: UUID, start: date, end: date) -> list[UUID]:
        """The cases of `agency_id`'s subtree received from `start` to `end`, oldest first."""
        within, params = scope(self, "handling_agency_path", agency_id)
        rows = self.select_rows(
            CASES,
            f"{within} AND received_on BETWEEN ? AND ?",
            [*params, start, end],
            "ORDER BY received_on, case_id",
        )
        return [row.case_id for row in rows]

    def clauses(self, f: CaseFilter, known: int | None = None) -> tuple[list[str], list[object]]:
        """The WHERE clauses of `f` (the agency's successions as known at `known`)."""
        within, params = scope(self, "handling_agency_path", f.agency_id, known)
        where, more = _where(f)
        return ([within, *where] if f.agency_id else where), [*params, *more]


RUNNING_DUE = (  # `domain.overdue.running_due`, in SQL
    f"(CASE WHEN status IN ({', '.join(repr(s) for s in sorted(INTAKE))}) THEN handling_due_date "
    f"WHEN status = '{SETTLEMENT}' THEN due_date END)"
)


def _where(f: CaseFilter) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    for column, value in (("status", f.status), ("kind", f.kind), ("officer_id", f.officer_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    for period in _periods(f):
        where.append("received_on BETWEEN ? AND ?")
        params += [period.start, period.end]
    if f.overdue_on is not None:  # `domain.overdue.item_overdue`, in SQL
        where.append(f"{RUNNING_DUE} < ?")
        params.append(f.overdue_on)
    return where, params


def _periods(f: CaseFilter) -> list[Period]:
    periods = []
    if f.year is not None:
        periods.append(Period.calendar_year(f.year))
    if f.statistical_year is not None:
        periods.append(Period.statistical_year(f.statistical_year))
    return periods


def encode_cursor(entry: CaseEntry) -> str:
    raw = f"{entry.received_on.isoformat()}|{entry.case_id}".encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str) -> tuple[date, UUID]:
    try:
        day, case_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return date.fromisoformat(day), UUID(case_id)
    except ValueError as error:
        raise InvalidCursorError(cursor) from error


class InvalidCursorError(ValueError):
    """The pagination cursor was not one this view handed out."""
