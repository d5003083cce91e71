"""The case list and the officers' load as they stood: on a legal day, as known at a position.

The list reads the case index's bitemporal states (`projections.case_index.history`):
index lookups on the states in force on the day and alive at the position, never
a replay. The load sums the dated counters those states add to
(`projections.case_index.load`): a bounded read, whatever the history's size.
"Overdue" and "due soon" are `domain.overdue`'s.
"""

# Table names in this module's SQL come from class constants, never from input.
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from uuid import UUID

from projections.case_index.history import COLUMNS, STATES, CaseStateRow
from projections.case_index.load import OfficerLoad, load_counts
from projections.case_index.persistence import (
    CASES,
    MAX_PAGE,
    CaseEntry,
    CaseFilter,
    CaseIndexView,
    CasePage,
    decode_cursor,
    encode_cursor,
)
from projections.dialects import StoredId
from projections.succession import rolled_up

__all__ = ["OfficerLoad", "in_force", "load_at", "officers_at", "search_at"]


def in_force(on: date, known: int | None) -> tuple[list[str], list[object]]:
    """The clauses keeping the states in force on legal day `on` and known at position `known`."""
    where = ["from_day <= ?", "to_day > ?"]
    if known is None:
        return [*where, "removed_at IS NULL"], [on, on]
    return [*where, "added_at <= ?", "(removed_at IS NULL OR removed_at > ?)"], [
        on,
        on,
        known,
        known,
    ]


def search_at(
    view: CaseIndexView,
    filters: CaseFilter,
    on: date,
    known: int | None,
    limit: int = 50,
    cursor: str | None = None,
) -> CasePage:
    """Entries as they stood on `on`, as known at `known`, matching `filters` there.

    Newest receipt first, `limit` a page, `cursor` as `CaseIndexView.search`'s. A
    case received after `on` (or recorded after `known`) is not listed.
    """
    limit = max(1, min(limit, MAX_PAGE))
    where, params = view.clauses(filters, known)
    cut, cut_params = in_force(on, known)
    # A state starts on its case's receipt at the earliest: the receipt index's range.
    where, params = [*where, *cut, "received_on <= ?"], [*params, *cut_params, on]
    if cursor is not None:
        received_on, case_id = decode_cursor(cursor)
        where.append("(received_on < ? OR (received_on = ? AND case_id < ?))")
        params += [received_on, received_on, case_id]
    rows = view.select_rows(
        STATES,
        " AND ".join(where),
        params,
        f"ORDER BY received_on DESC, case_id DESC LIMIT {limit + 1}",
    )
    more = len(rows) > limit
    now = view.load_rows(CASES, [r.case_id for r in rows[:limit]])
    items = tuple(_entry(now[r.case_id], r) for r in rows[:limit] if r.case_id in now)
    return CasePage(items, encode_cursor(items[-1]) if more and items else None)


def _entry(now: CaseEntry, state: CaseStateRow) -> CaseEntry:
    """The entry as it stood: what changes from the state, the rest (reference, summary) now."""
    return replace(now, **{column: getattr(state, column) for column in COLUMNS})


def load_at(
    view: CaseIndexView, on: date, agency_id: UUID | None, known: int | None, soon_days: int
) -> list[OfficerLoad]:
    """Per officer within `agency_id`'s subtree: items open on `on`, overdue then, due soon.

    As known at `known`; "" is the officer of the items nobody was assigned. From
    the load counters (`projections.case_index.load`): a bounded read.
    """
    agencies = rolled_up(view, agency_id, known) if agency_id is not None else None
    return load_counts(view, on, agencies, known, soon_days)


def officers_at(
    view: CaseIndexView, stored_ids: Sequence[StoredId], on: date, known: int | None
) -> dict[StoredId, str]:
    """The officer each of these cases was assigned to on `on`, as known at `known`.

    The cases' ids as the store returns them (`StoredId`, e.g. `DueItem.stored_id`), and
    the answer keyed by them: no id converted a row.
    """
    if not stored_ids:
        return {}
    cut, cut_params = in_force(on, known)
    table = view.qualified(view.table_name(STATES))
    found: dict[StoredId, str] = {}
    for start in range(0, len(stored_ids), MAX_PAGE):
        among, ids = view.dialect.any_of("case_id", stored_ids[start : start + MAX_PAGE])
        where = " AND ".join([among, *cut])
        sql = f"SELECT case_id, officer_id FROM {table} WHERE {where}"  # noqa: S608
        for row in view.fetch(sql, [*ids, *cut_params]):
            found[row["case_id"]] = str(row["officer_id"])
    return found
