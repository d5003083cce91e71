"""The agency directory: every agency by name, code, level and parent, for lists and trees.

A tree is built from the parent links when read: agencies are few (hundreds), and a
re-parenting then moves a whole subtree without rewriting its rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from projections.rows import Table
from projections.store import RowStore


@dataclass(frozen=True)
class AgencyRow:
    agency_id: UUID
    name: str
    code: str
    level: str
    parent_id: UUID | None
    successor_id: UUID | None
    version: int
    kind: str = "peoples_committee"


@dataclass(frozen=True)
class AgencyNode:
    """An agency with the agencies directly under it, each a node in turn."""

    agency: AgencyRow
    children: tuple[AgencyNode, ...]


AGENCIES: Table[AgencyRow] = Table("agencies", AgencyRow, "agency_id", indexes=(("parent_id",),))


class AgenciesView(RowStore):
    name: ClassVar[str] = "agencies"
    tables: ClassVar[tuple[Table[Any], ...]] = (AGENCIES,)

    def all(self) -> list[AgencyRow]:
        """Every agency, by name."""
        return self.select_rows(AGENCIES, "", (), "ORDER BY name, agency_id")

    def tree(self, root_id: UUID | None = None) -> list[AgencyNode]:
        """The roots (or the agency `root_id`) with their subtrees; names in order."""
        rows = self.all()
        under: dict[UUID | None, list[AgencyRow]] = {}
        for row in rows:
            under.setdefault(row.parent_id, []).append(row)
        starts = [r for r in rows if r.agency_id == root_id] if root_id else under.get(None, [])
        return [_node(row, under, frozenset()) for row in starts]


def _node(
    row: AgencyRow, under: dict[UUID | None, list[AgencyRow]], seen: frozenset[UUID]
) -> AgencyNode:
    seen = seen | {row.agency_id}
    children = tuple(
        _node(child, under, seen)
        for child in under.get(row.agency_id, [])
        if child.agency_id not in seen
    )
    return AgencyNode(row, children)
