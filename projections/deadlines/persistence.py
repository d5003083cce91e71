"""Deadlines: every petition or case not yet closed, with the date it is due.

A petition in intake is due on its handling due date (10 working days by
default); once accepted, on its settlement due date, which extensions move and a
suspension stops. Rows stay after closing (`open` false) so a re-opened case
comes back with what is known of it. A transferred case moves to its new agency;
an agency's items include those left with agencies merged or dissolved into it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar, Literal, NamedTuple
from uuid import UUID

from domain.overdue import is_overdue
from projections.counters import Counters, Key
from projections.dialects import StoredId
from projections.rows import Table
from projections.store import RowStore
from projections.succession import SUCCESSIONS, rolled_up, scope

MAX_PAGE = 500
# The open items pre-aggregated by due date, agency (rolled up the tree), officer and
# whether suspended: the load per officer or agency is a sum of a few month buckets.
LOAD = Counters("load")
LAST_DAY = date(9998, 12, 31)  # a month end with a day after it


@dataclass(frozen=True)
class OpenItem:
    """A petition in intake (`stage` "intake") or a case being settled ("settlement")."""

    case_id: UUID
    reference_code: str
    kind: str | None
    status: str
    stage: str
    open: bool
    agency_id: UUID
    agency_path: str
    officer_id: str
    due_date: date
    suspended: bool
    extensions: int

    def is_overdue(self, on: date) -> bool:
        """Open, not suspended, and past its due date on `on`."""
        return is_overdue(self.due_date, on, open_=self.open, stopped=self.suspended)


class ItemNow(NamedTuple):
    """What a report at a cut-off shows of an item's row now: reference, officer, extensions."""

    case_id: StoredId  # as the store returned it
    reference_code: str
    officer_id: str
    extensions: int


@dataclass(frozen=True)
class Load:
    """Open items of one officer or agency: how many, how many overdue, how many due soon."""

    key: str
    open: int
    overdue: int
    due_soon: int


ITEMS: Table[OpenItem] = Table(
    "items",
    OpenItem,
    "case_id",
    indexes=(("open", "due_date"), ("officer_id", "open")),
)


def item_contributions(item: OpenItem) -> Counter[Key]:
    """What an item adds to the load counters: 1 on its due date while it is open."""
    if not item.open:
        return Counter()
    dims = (item.officer_id, str(item.agency_id), "suspended" if item.suspended else "")
    return Counter({("open", item.due_date.isoformat(), item.agency_path, dims): 1})


class DeadlinesView(RowStore):
    name: ClassVar[str] = "deadlines"
    tables: ClassVar[tuple[Table[Any], ...]] = (ITEMS, SUCCESSIONS, *LOAD.tables)

    def item(self, case_id: UUID) -> OpenItem | None:
        """One case's deadline row (also once closed), or None."""
        rows = self.select_rows(ITEMS, "case_id = ?", [case_id])
        return rows[0] if rows else None

    def items_now(self, stored_ids: Sequence[StoredId]) -> dict[StoredId, ItemNow]:
        """The reference, officer and extensions now of these cases (also once closed): one query.

        The columns a report at a cut-off shows of the rows now, not whole rows; the cases'
        ids as the store returns them (`StoredId`), and the answer keyed by them.
        """
        wanted = list(dict.fromkeys(stored_ids))
        if not wanted:
            return {}
        among, params = self.dialect.any_of("case_id", wanted)
        table = self.qualified(self.table_name(ITEMS))
        sql = f"SELECT case_id, reference_code, officer_id, extensions FROM {table} WHERE {among}"  # noqa: S608
        found: dict[StoredId, ItemNow] = {}
        for r in self.fetch(sql, params):
            case_id = r["case_id"]
            found[case_id] = ItemNow(case_id, r["reference_code"], r["officer_id"], r["extensions"])
        return found

    def open_items(
        self,
        agency_id: UUID | None = None,
        officer_id: str | None = None,
        due_by: date | None = None,
        overdue_on: date | None = None,
        stage: str | None = None,
        limit: int = 100,
        due_from: date | None = None,
    ) -> list[OpenItem]:
        """Open items soonest due first, filtered by agency subtree, officer and dates.

        `due_by` keeps items due on or before that date; `overdue_on` keeps the
        items overdue on that date (suspended ones never are).
        """
        where, params = self._filters(agency_id, officer_id, stage)
        if due_by is not None:
            where.append("due_date <= ?")
            params.append(due_by)
        if due_from is not None:
            where.append("due_date >= ?")
            params.append(due_from)
        if overdue_on is not None:
            where.append("suspended = ? AND due_date < ?")
            params += [False, overdue_on]
        tail = f"ORDER BY due_date, case_id LIMIT {max(1, min(limit, MAX_PAGE))}"
        return self.select_rows(ITEMS, " AND ".join(where), params, tail)

    def due_within(
        self,
        days: int,
        today: date,
        agency_id: UUID | None = None,
        officer_id: str | None = None,
        limit: int = 100,
    ) -> list[OpenItem]:
        """Open items not yet overdue and due within `days` days of `today`."""
        soon = today + timedelta(days=days)
        return self.open_items(agency_id, officer_id, soon, due_from=today, limit=limit)

    def overdue(
        self,
        on: date,
        agency_id: UUID | None = None,
        officer_id: str | None = None,
        limit: int = 100,
    ) -> list[OpenItem]:
        """Items overdue on `on`, most overdue first."""
        return self.open_items(agency_id, officer_id, overdue_on=on, limit=limit)

    def load(
        self,
        on: date,
        by: Literal["officer", "agency"] = "officer",
        agency_id: UUID | None = None,
        soon_days: int = 7,
    ) -> list[Load]:
        """Per officer (or per agency) within `agency_id`'s subtree: open, overdue, due soon.

        Sums of the pre-aggregated load counters (`LOAD`), whatever the number of items.
        """
        agencies = rolled_up(self, agency_id) if agency_id else None
        soon = on + timedelta(days=soon_days)
        every = LOAD.sums(self, ("open",), agencies, None, LAST_DAY)["open"]
        late = LOAD.sums(self, ("open",), agencies, None, on - timedelta(days=1))["open"]
        coming = LOAD.sums(self, ("open",), agencies, on, soon)["open"]
        column = 0 if by == "officer" else 1
        counts: dict[str, list[int]] = {}
        for found, which in ((every, 0), (late, 1), (coming, 2)):
            for dims, n in found.items():
                if which == 1 and dims[2]:  # a suspended item is never overdue
                    continue
                counts.setdefault(dims[column], [0, 0, 0])[which] += n
        return [Load(k, *v) for k, v in sorted(counts.items()) if v[0]]

    def _filters(
        self, agency_id: UUID | None, officer_id: str | None, stage: str | None
    ) -> tuple[list[str], list[object]]:
        within, params = scope(self, "agency_path", agency_id)
        return _more_filters(["open = ?", within], [True, *params], officer_id, stage)


def _more_filters(
    where: list[str], params: list[object], officer_id: str | None, stage: str | None
) -> tuple[list[str], list[object]]:
    if officer_id is not None:
        where.append("officer_id = ?")
        params.append(officer_id)
    if stage is not None:
        where.append("stage = ?")
        params.append(stage)
    return where, params
