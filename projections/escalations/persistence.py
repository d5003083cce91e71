"""Escalations beyond authority (vượt cấp), derived from routing events, not self-reported.

A petition is escalated when the agency that received it is an ancestor of the
competent one in the tree (`via` "received"; fixed once the petition leaves the
receiver), or when it is referred up to an ancestor of the competent one (`via`
"referred"). A sibling or another province is a wrong address, not an escalation.
Figures count petitions by the legal date of receipt; an agency's figures include
those of the agencies merged or dissolved into it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

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


class EscalationsView(RowStore):
    name: ClassVar[str] = "escalations"
    tables: ClassVar[tuple[Table[Any], ...]] = (ROUTES, SUCCESSIONS)

    def _where(self, period: Period, agency_id: UUID | None, path: str) -> tuple[str, list[object]]:
        within, params = scope(self, path, agency_id)
        return f"received_on BETWEEN ? AND ? AND {within}", [period.start, period.end, *params]

    def route(self, case_id: UUID) -> Route | None:
        rows = self.select_rows(ROUTES, "case_id = ?", [case_id])
        return rows[0] if rows else None

    def figures(self, period: Period, agency_id: UUID | None = None) -> list[EscalationFigure]:
        """Escalations per (agency above, competent agency), escalating agency in the subtree."""
        where, params = self._where(period, agency_id, "above_agency_path")
        sql = (
            "SELECT above_agency_id, competent_agency_id, COUNT(*) AS n "  # noqa: S608
            f"FROM {self.qualified(self.table_name(ROUTES))} "
            f"WHERE escalated = ? AND {where} "
            "GROUP BY above_agency_id, competent_agency_id "
            "ORDER BY above_agency_id, competent_agency_id"
        )
        uuid = self.dialect.from_db
        return [
            EscalationFigure(
                uuid("uuid", r["above_agency_id"]),  # type: ignore[arg-type]
                uuid("uuid", r["competent_agency_id"]),  # type: ignore[arg-type]
                int(r["n"]),
            )
            for r in self.fetch(sql, [True, *params])
        ]

    def share(self, period: Period, agency_id: UUID | None = None) -> EscalationShare:
        """Petitions received in the period by the subtree, and how many were escalated there."""
        table = self.qualified(self.table_name(ROUTES))
        where, params = self._where(period, agency_id, "receiving_agency_path")
        received = self.fetch(f"SELECT COUNT(*) AS n FROM {table} WHERE {where}", params)  # noqa: S608
        where, params = self._where(period, agency_id, "above_agency_path")
        escalated = self.fetch(
            f"SELECT COUNT(*) AS n FROM {table} WHERE escalated = ? AND {where}",  # noqa: S608
            [True, *params],
        )
        return EscalationShare(int(escalated[0]["n"]), int(received[0]["n"]))

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
