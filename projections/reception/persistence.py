"""Reception activity as the register counts it: sessions, visits, persons, matters, delegations.

The counting units stay apart (Circular 04/2021/TT-TTCP; DOMAIN review): `meetings`
counts sessions (cuộc), `visits` the visits (lượt), `persons` the persons received
(a petition signed by 40 is 40), `new_matters` / `repeated_matters` the matters by
whether they were received before, `delegations` the mass delegations (đoàn đông
người) and their persons; dialogues and refusals are counted apart, and petitions
taken at sessions are letters, not cases. A session recorded before visits existed
keeps its typed count in `legacy_persons` (included in `persons`). An agency's
figures include the sessions of agencies merged or dissolved into it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal
from uuid import UUID

from projections.periods import Period
from projections.rows import Table
from projections.store import RowStore
from projections.succession import SUCCESSIONS, scope

MAX_PAGE = 500
GROUPS: dict[str, list[str]] = {
    "total": [],
    "agency": ["agency_id"],
    "host": ["agency_id", "host_id"],
    "kind": ["kind"],
}
SUMS = (
    ("visits", "visits"),
    ("persons", "persons + legacy_persons"),
    ("legacy_persons", "legacy_persons"),
    ("new_matters", "new_matters"),
    ("repeated_matters", "repeated_matters"),
    ("delegations", "delegations"),
    ("delegation_persons", "delegation_persons"),
    ("dialogues", "CASE WHEN kind = 'dialogue' THEN 1 ELSE 0 END"),
    ("dialogue_visits", "CASE WHEN kind = 'dialogue' THEN visits ELSE 0 END"),
    ("dialogue_persons", "CASE WHEN kind = 'dialogue' THEN persons + legacy_persons ELSE 0 END"),
    ("refusals", "refusals"),
    ("refused_persons", "refused_persons"),
    ("petitions", "petitions"),
)


@dataclass(frozen=True)
class Meeting:
    """One reception session or leaders' dialogue, with its register's totals."""

    meeting_id: UUID
    held_on: date
    agency_id: UUID
    agency_path: str
    host_id: str
    kind: str
    dialogue_group: str
    legacy_persons: int
    visits: int
    persons: int
    new_matters: int
    repeated_matters: int
    delegations: int
    delegation_persons: int
    refusals: int
    refused_persons: int
    petitions: int


@dataclass(frozen=True)
class ReceptionFigures:
    """Totals for one group: `agency_id`, `host_id` or `kind` are set when grouped by them."""

    agency_id: UUID | None
    host_id: str | None
    kind: str | None
    meetings: int
    visits: int
    persons: int
    legacy_persons: int
    new_matters: int
    repeated_matters: int
    delegations: int
    delegation_persons: int
    dialogues: int
    dialogue_visits: int
    dialogue_persons: int
    refusals: int
    refused_persons: int
    petitions: int


MEETINGS: Table[Meeting] = Table(
    "meetings", Meeting, "meeting_id", indexes=(("held_on",), ("host_id",))
)


class ReceptionView(RowStore):
    name: ClassVar[str] = "reception"
    tables: ClassVar[tuple[Table[Any], ...]] = (MEETINGS, SUCCESSIONS)

    def figures(
        self,
        period: Period,
        agency_id: UUID | None = None,
        by: Literal["total", "agency", "host", "kind"] = "total",
    ) -> list[ReceptionFigures]:
        """Sessions held in `period` by `agency_id`'s subtree, with the register's counts.

        `by="agency"` gives one row per holding agency, `by="host"` one per agency
        and host, `by="kind"` one per kind of reception; `"total"` one row (zeros
        when nothing was held).
        """
        groups = GROUPS[by]
        where, params = self._where(period, agency_id)
        select = ", ".join(groups)
        sums = ", ".join(f"COALESCE(SUM({sql}), 0) AS {name}" for name, sql in SUMS)
        sql = (
            f"SELECT {select + ', ' if select else ''}COUNT(*) AS meetings, {sums} "  # noqa: S608
            f"FROM {self.qualified(self.table_name(MEETINGS))} WHERE {where}"
        )
        if groups:
            sql += f" GROUP BY {select} ORDER BY {select}"
        decode = self.dialect.from_db
        return [
            ReceptionFigures(
                agency_id=decode("uuid", r["agency_id"]) if "agency_id" in groups else None,  # type: ignore[arg-type]
                host_id=str(r["host_id"]) if by == "host" else None,
                kind=str(r["kind"]) if by == "kind" else None,
                meetings=int(r["meetings"]),
                **{name: int(r[name]) for name, _ in SUMS},
            )
            for r in self.fetch(sql, params)
        ]

    def meetings(
        self,
        period: Period,
        agency_id: UUID | None = None,
        host_id: str | None = None,
        limit: int = 100,
    ) -> list[Meeting]:
        """The meetings behind a figure, in date order."""
        where, params = self._where(period, agency_id)
        if host_id is not None:
            where += " AND host_id = ?"
            params.append(host_id)
        tail = f"ORDER BY held_on, meeting_id LIMIT {max(1, min(limit, MAX_PAGE))}"
        return self.select_rows(MEETINGS, where, params, tail)

    def _where(self, period: Period, agency_id: UUID | None) -> tuple[str, list[object]]:
        within, params = scope(self, "agency_path", agency_id)
        return f"held_on BETWEEN ? AND ? AND {within}", [period.start, period.end, *params]
