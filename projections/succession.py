"""Roll-ups through the successor chain, the same in every read model.

Each view keeps a small table of successions (predecessor -> successor, from the
agencies' `MergedInto` and `Dissolved` events). A query for an agency covers its
subtree and the subtrees of every agency that passed into it, directly or through
others (a district merged in 2024 into one dissolved in 2025 into a commune). A
dissolved agency with several successors appears whole in each successor's
figures; its ancestors count it once, as they always did. Rows keep the agency as
it was: a merger rewrites nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from domain.agency import Agency
from projections.rows import Table, subtree_pattern
from projections.session import Session
from projections.store import RowStore


@dataclass(frozen=True)
class Succession:
    """`predecessor_id` passed (some of) its work to `successor_id` on `effective_on`.

    `position` is the log position it was recorded at: figures as known before it do
    not roll the predecessor up.
    """

    key: UUID  # derived from both ids: the rows' key type is the one every table shares
    predecessor_id: UUID
    successor_id: UUID
    effective_on: date
    position: int = 0


SUCCESSIONS: Table[Succession] = Table("successions", Succession, "key")
SUCCESSION_EVENTS: tuple[type, ...] = (Agency.MergedInto, Agency.Dissolved)


def record_succession(event: Any, session: Session) -> None:  # noqa: ANN401 - either agency event
    """Put the rows of a merger (one successor) or a dissolution (several)."""
    successors = (
        event.successor_ids if isinstance(event, Agency.Dissolved) else [event.successor_id]
    )
    for successor_id in successors:
        session.put(
            SUCCESSIONS,
            Succession(
                uuid5(event.originator_id, str(successor_id)),
                event.originator_id,
                successor_id,
                event.legal_date,
                session.position,
            ),
        )


def rolled_up(view: RowStore, agency_id: UUID, known: int | None = None) -> list[UUID]:
    """`agency_id` and every agency that passed into it, directly or through others.

    `known`: only the successions recorded at or before that log position (None: all).
    """
    predecessors: dict[UUID, list[UUID]] = {}
    for row in view.select_rows(SUCCESSIONS):
        if known is None or row.position <= known:
            predecessors.setdefault(row.successor_id, []).append(row.predecessor_id)
    found = [agency_id]
    for agency in found:
        found += [p for p in predecessors.get(agency, []) if p not in found]
    return found


def subtrees(column: str, agencies: list[UUID]) -> tuple[str, list[object]]:
    """A WHERE clause matching rows whose `column` path lies under any of `agencies`."""
    if not agencies:
        return "1 = 1", []
    clause = " OR ".join(f"{column} LIKE ?" for _ in agencies)
    return f"({clause})", [subtree_pattern(a) for a in agencies]


def scope(
    view: RowStore, column: str, agency_id: UUID | None, known: int | None = None
) -> tuple[str, list[object]]:
    """The clause for `agency_id`'s subtree rolled up through successions (None: all).

    `known`: through the successions recorded up to that log position (None: all).
    """
    return subtrees(column, rolled_up(view, agency_id, known) if agency_id else [])
