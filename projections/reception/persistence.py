"""Reception activity: sessions (cuộc), citizen visits (lượt) and the petitions taken there.

The four counting units stay apart: `meetings` counts sessions, `citizens` counts
visits, `petitions` counts letters taken at meetings; cases are counted elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal
from uuid import UUID

from projections.periods import Period
from projections.rows import Table, subtree_pattern
from projections.store import RowStore

MAX_PAGE = 500


@dataclass(frozen=True)
class Meeting:
    """One reception session or leaders' dialogue."""

    meeting_id: UUID
    held_on: date
    agency_id: UUID
    agency_path: str
    host_id: str
    kind: str
    dialogue_group: str
    citizens_received: int
    petitions: int


@dataclass(frozen=True)
class ReceptionFigures:
    """Totals for one group: `agency_id` / `host_id` are set when grouped by them."""

    agency_id: UUID | None
    host_id: str | None
    meetings: int
    citizens: int
    petitions: int
    dialogues: int


MEETINGS: Table[Meeting] = Table(
    "meetings", Meeting, "meeting_id", indexes=(("held_on",), ("host_id",))
)


class ReceptionView(RowStore):
    name: ClassVar[str] = "reception"
    tables: ClassVar[tuple[Table[Any], ...]] = (MEETINGS,)

    def figures(
        self,
        period: Period,
        agency_id: UUID | None = None,
        by: Literal["total", "agency", "host"] = "total",
    ) -> list[ReceptionFigures]:
        """Meetings held in `period` by `agency_id`'s subtree: sessions, visits, petitions.

        `by="agency"` gives one row per holding agency, `by="host"` one per
        agency and host; `"total"` one row (zeros when nothing was held).
        """
        groups = {"total": [], "agency": ["agency_id"], "host": ["agency_id", "host_id"]}[by]
        where, params = _where(period, agency_id)
        select = ", ".join(groups)
        sql = (
            f"SELECT {select + ', ' if select else ''}COUNT(*) AS meetings, "  # noqa: S608
            "COALESCE(SUM(citizens_received), 0) AS citizens, "
            "COALESCE(SUM(petitions), 0) AS petitions, "
            "COALESCE(SUM(CASE WHEN kind = 'dialogue' THEN 1 ELSE 0 END), 0) AS dialogues "
            f"FROM {self.qualified(self.table_name(MEETINGS))} WHERE {where}"
        )
        if groups:
            sql += f" GROUP BY {select} ORDER BY {select}"
        decode = self.dialect.from_db
        return [
            ReceptionFigures(
                agency_id=decode("uuid", r["agency_id"]) if groups else None,  # type: ignore[arg-type]
                host_id=str(r["host_id"]) if by == "host" else None,
                meetings=int(r["meetings"]),
                citizens=int(r["citizens"]),
                petitions=int(r["petitions"]),
                dialogues=int(r["dialogues"]),
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
        where, params = _where(period, agency_id)
        if host_id is not None:
            where += " AND host_id = ?"
            params.append(host_id)
        tail = f"ORDER BY held_on, meeting_id LIMIT {max(1, min(limit, MAX_PAGE))}"
        return self.select_rows(MEETINGS, where, params, tail)


def _where(period: Period, agency_id: UUID | None) -> tuple[str, list[object]]:
    where = "held_on BETWEEN ? AND ?"
    params: list[object] = [period.start, period.end]
    if agency_id is not None:
        where += " AND agency_path LIKE ?"
        params.append(subtree_pattern(agency_id))
    return where, params
