"""Escalations beyond authority (vượt cấp), derived from routing events, not self-reported.

A petition is escalated when the agency that received it is an ancestor of the
competent one in the tree (`via` "received"; fixed once the petition leaves the
receiver), or when it is referred up to an ancestor of the competent one (`via`
"referred"). A sibling or another province is a wrong address, not an escalation.
Figures count petitions by the legal date of receipt; an agency's figures include
those of the agencies merged or dissolved into it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from projections.counters import Counters, Key, Sums
from projections.periods import Period
from projections.rows import Table
from projections.store import RowStore
from projections.succession import SUCCESSIONS, rolled_up, scope

MAX_PAGE = 500


@dataclass(frozen=True)
class Route:
    """A petition's routing: who received it, who holds it, who is competent."""

    case_id: UUID
    reference_code: str
    received_on: date
    receiving_agency_id: UUID
    receiving_agency_path: str
    holder_agency_id: UUID
    holder_agency_path: str
    kind: str | None
    competent_agency_id: UUID | None
    competent_level: str
    escalated: bool
    via: str
    escalated_on: date | None
    above_agency_id: UUID | None
    above_agency_path: str


@dataclass(frozen=True)
class EscalationFigure:
    """Escalated petitions received in a period by `above_agency_id` for `competent_agency_id`."""

    above_agency_id: UUID
    competent_agency_id: UUID
    petitions: int


@dataclass(frozen=True)
class EscalationShare:
    """Escalated petitions against all petitions received (same agency subtree and period)."""

    escalated: int
    received: int

    @property
    def share(self) -> float | None:
        return self.escalated / self.received if self.received else None


ROUTES: Table[Route] = Table(
    "routes", Route, "case_id", indexes=(("received_on",), ("escalated", "received_on"))
)


COUNTERS = Counters("c")


def route_contributions(route: Route) -> Counter[Key]:
    """A petition counts as received by its receiver, and as escalated by the agency above."""
    found: Counter[Key] = Counter()
    day = route.received_on.isoformat()
    found[("received", day, route.receiving_agency_path, ())] += 1
    if route.escalated and route.above_agency_id and route.competent_agency_id:
        dims = (str(route.above_agency_id), str(route.competent_agency_id))
        found[("escalated", day, route.above_agency_path, dims)] += 1
    return found


class EscalationsView(RowStore):
    name: ClassVar[str] = "escalations"
    tables: ClassVar[tuple[Table[Any], ...]] = (ROUTES, SUCCESSIONS, *COUNTERS.tables)

    def counted(
        self,
        period: Period,
        agency_id: UUID | None,
        as_of: date | None = None,
        known_at: int | datetime | None = None,
    ) -> Sums:
        """Received and escalated petitions of the period, from the pre-aggregated counters.

        Up to the legal cut-off `as_of` (default: the period's end), as known at
        `known_at` (a log position or recorded time; default: everything recorded).
        """
        end = min(as_of or period.end, period.end)
        if end < period.start:
            return {"received": {}, "escalated": {}}
        known = None if known_at is None else COUNTERS.knowledge(self, known_at)
        agencies = (
            rolled_up(self, agency_id, known.position if known else None) if agency_id else None
        )
        return COUNTERS.sums(self, ("received", "escalated"), agencies, period.start, end, known)

    def _where(self, period: Period, agency_id: UUID | None, path: str) -> tuple[str, list[object]]:
        within, params = scope(self, path, agency_id)
        return f"received_on BETWEEN ? AND ? AND {within}", [period.start, period.end, *params]

    def route(self, case_id: UUID) -> Route | None:
        rows = self.select_rows(ROUTES, "case_id = ?", [case_id])
        return rows[0] if rows else None

    def figures(
        self,
        period: Period,
        agency_id: UUID | None = None,
        as_of: date | None = None,
        known_at: int | datetime | None = None,
    ) -> list[EscalationFigure]:
        """Escalations per (agency above, competent agency), escalating agency in the subtree."""
        sums = self.counted(period, agency_id, as_of, known_at)["escalated"]
        return [
            EscalationFigure(UUID(above), UUID(competent), n)
            for (above, competent), n in sorted(sums.items())
            if n
        ]

    def share(
        self,
        period: Period,
        agency_id: UUID | None = None,
        as_of: date | None = None,
        known_at: int | datetime | None = None,
    ) -> EscalationShare:
        """Petitions received in the period by the subtree, and how many were escalated there."""
        sums = self.counted(period, agency_id, as_of, known_at)
        return EscalationShare(sum(sums["escalated"].values()), sum(sums["received"].values()))

    def escalated(self, period: Period, agency_id: UUID | None = None) -> list[Route]:
        """The escalated petitions `share` counts for the subtree, by date of receipt."""
        where, params = self._where(period, agency_id, "above_agency_path")
        tail = f"ORDER BY received_on, case_id LIMIT {MAX_PAGE * 4}"
        return self.select_rows(ROUTES, f"escalated = ? AND {where}", [True, *params], tail)

    def cases(
        self,
        period: Period,
        above_agency_id: UUID | None = None,
        competent_agency_id: UUID | None = None,
        limit: int = 100,
    ) -> list[Route]:
        """The escalated petitions behind a figure, by date of receipt.

        An agency given also matches the agencies merged or dissolved into it.
        """
        where = "escalated = ? AND received_on BETWEEN ? AND ?"
        params: list[object] = [True, period.start, period.end]
        for column, value in (
            ("above_agency_id", above_agency_id),
            ("competent_agency_id", competent_agency_id),
        ):
            if value is not None:
                agencies = rolled_up(self, value)
                where += f" AND {column} IN ({', '.join('?' * len(agencies))})"
                params += agencies
        tail = f"ORDER BY received_on, case_id LIMIT {max(1, min(limit, MAX_PAGE))}"
        return self.select_rows(ROUTES, where, params, tail)
