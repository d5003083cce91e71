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

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Literal
from uuid import UUID

from projections.counters import Counters, Key
from projections.periods import Period
from projections.rows import Table
from projections.store import RowStore
from projections.succession import SUCCESSIONS, rolled_up, scope

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


COUNTERS = Counters("c")
FIELDS = (
    "meetings", "visits", "persons", "legacy_persons", "new_matters", "repeated_matters",
    "delegations", "delegation_persons", "dialogues", "dialogue_visits", "dialogue_persons",
    "refusals", "refused_persons", "petitions",
)  # fmt: skip


def grouped(name: str, by: str) -> str:
    """The counter of `name` pre-aggregated for grouping `by` of `ReceptionView.figures`.

    Every grouping has its own counter, so a report reads one row a bucket and group,
    whatever the number of agencies, hosts and kinds under the agency. Dims: kind,
    agency and host for `"host"` (the bare name), the kind, the agency, or none.
    """
    return name if by == "host" else f"{name}@{by}"


def meeting_contributions(m: Meeting) -> Counter[Key]:
    """A session's register totals, on the day it was held, once per grouping of `figures`.

    By kind, holding agency and host (the bare metric), and again by kind alone,
    by agency alone and in total (`grouped`).
    """
    dialogue = m.kind == "dialogue"
    values = {
        "meetings": 1,
        "visits": m.visits,
        "persons": m.persons + m.legacy_persons,
        "legacy_persons": m.legacy_persons,
        "new_matters": m.new_matters,
        "repeated_matters": m.repeated_matters,
        "delegations": m.delegations,
        "delegation_persons": m.delegation_persons,
        "dialogues": 1 if dialogue else 0,
        "dialogue_visits": m.visits if dialogue else 0,
        "dialogue_persons": m.persons + m.legacy_persons if dialogue else 0,
        "refusals": m.refusals,
        "refused_persons": m.refused_persons,
        "petitions": m.petitions,
    }
    agency = str(m.agency_id)
    groupings: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("host", (m.kind, agency, m.host_id)),
        ("kind", (m.kind,)),
        ("agency", (agency,)),
        ("total", ()),
    )
    day = m.held_on.isoformat()
    return Counter(
        {
            (grouped(name, by), day, m.agency_path, dims): n
            for name, n in values.items()
            if n
            for by, dims in groupings
        }
    )


class ReceptionView(RowStore):
    name: ClassVar[str] = "reception"
    tables: ClassVar[tuple[Table[Any], ...]] = (MEETINGS, SUCCESSIONS, *COUNTERS.tables)

    def figures(
        self,
        period: Period,
        agency_id: UUID | None = None,
        by: Literal["total", "agency", "host", "kind"] = "total",
        as_of: date | None = None,
        known_at: int | datetime | None = None,
    ) -> list[ReceptionFigures]:
        """Sessions held in `period` by `agency_id`'s subtree, with the register's counts.

        `by="agency"` gives one row per holding agency, `by="host"` one per agency
        and host, `by="kind"` one per kind of reception; `"total"` one row (zeros
        when nothing was held). Sessions held after the legal cut-off `as_of`, or
        recorded after the knowledge cut-off `known_at`, are left out; the counts
        come from the pre-aggregated counters.
        """
        end = min(as_of or period.end, period.end)
        known = None if known_at is None else COUNTERS.knowledge(self, known_at)
        agencies = (
            rolled_up(self, agency_id, known.position if known else None) if agency_id else None
        )
        metrics = [grouped(name, by) for name in FIELDS]
        sums = (
            COUNTERS.sums(self, metrics, agencies, period.start, end, known)
            if end >= period.start
            else {m: {} for m in metrics}
        )
        groups: dict[tuple[str, ...], dict[str, int]] = {}
        if by == "total":
            groups[()] = dict.fromkeys(FIELDS, 0)
        for name, metric in zip(FIELDS, metrics, strict=True):
            for dims, n in sums[metric].items():
                group = (dims[1], dims[2]) if by == "host" else dims
                groups.setdefault(group, dict.fromkeys(FIELDS, 0))[name] += n
        return [
            ReceptionFigures(
                agency_id=UUID(group[0]) if by in {"agency", "host"} else None,
                host_id=group[1] if by == "host" else None,
                kind=group[0] if by == "kind" else None,
                **counts,
            )
            for group, counts in sorted(groups.items())
            if by == "total" or counts["meetings"]
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
