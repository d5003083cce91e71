"""The agency tree as the dashboard uses it: a unit's children, a name, the filter's list."""

from __future__ import annotations

from uuid import UUID

from api.schemas import AgencyTreeNode


def children(nodes: list[AgencyTreeNode], agency: UUID | None) -> list[AgencyTreeNode]:
    if agency is None:
        return nodes
    found = find(nodes, agency)
    return found.children if found else []


def find(nodes: list[AgencyTreeNode], agency: UUID) -> AgencyTreeNode | None:
    for node in nodes:
        if node.id == agency:
            return node
        found = find(node.children, agency)
        if found:
            return found
    return None


def name_of(nodes: list[AgencyTreeNode], agency: UUID | None) -> str:
    found = find(nodes, agency) if agency else None
    return found.name if found else ""


def flatten(nodes: list[AgencyTreeNode], depth: int = 0) -> list[tuple[UUID, str, int]]:
    """The agencies of a tree in order, with their depth, for the agency filter."""
    out = []
    for node in nodes:
        out.append((node.id, node.name, depth))
        out += flatten(node.children, depth + 1)
    return out
