"""The integrity log's tables: leaves, tree nodes, aggregate chains and the tree head.

Hashes are stored as lowercase hex. A leaf row keeps the event's position in the tree,
its notification id, aggregate id and version, topic and a hash of the stored state,
so a later check can say what about an event differs, not only that it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from projections.integrity.merkle import EMPTY_ROOT, root_of
from projections.rows import Table
from projections.store import RowStore

HEAD_KEY = "head"
LEVEL_SHIFT = 40  # a node's key: level << 40 | index


@dataclass(frozen=True)
class LeafRow:
    """One stored event as the integrity log saw it."""

    position: int  # 0-based index in the tree
    notification_id: int
    originator_id: UUID
    originator_version: int
    topic: str
    state_hash: str  # SHA-256 of the stored state bytes
    leaf: str
    chain: str  # the aggregate's chain after this event


@dataclass(frozen=True)
class NodeRow:
    """A perfect subtree's hash, level 1 and up (level 0 is the leaf)."""

    node: int
    hash: str


@dataclass(frozen=True)
class ChainRow:
    """The head of one aggregate's hash chain."""

    originator_id: UUID
    version: int
    chain: str
    position: int


@dataclass(frozen=True)
class HeadRow:
    """The tree's size, last notification id and frontier (the perfect subtrees' roots)."""

    name: str
    size: int
    last_id: int
    frontier: str  # the frontier's hashes in hex, largest subtree first, concatenated

    def hashes(self) -> list[bytes]:
        text = self.frontier
        return [bytes.fromhex(text[i : i + 64]) for i in range(0, len(text), 64)]

    def root(self) -> bytes:
        return root_of(self.hashes()) if self.size else EMPTY_ROOT


LEAVES: Table[LeafRow] = Table(
    "leaves", LeafRow, "position", indexes=(("originator_id",), ("notification_id",))
)
NODES: Table[NodeRow] = Table("nodes", NodeRow, "node")
CHAINS: Table[ChainRow] = Table("chains", ChainRow, "originator_id")
HEAD: Table[HeadRow] = Table("head", HeadRow, "name")


def node_key(level: int, index: int) -> int:
    return (level << LEVEL_SHIFT) | index


class IntegrityView(RowStore):
    """The integrity log of one application's store."""

    name: ClassVar[str] = "integrity"
    tables: ClassVar[tuple[Table[Any], ...]] = (LEAVES, NODES, CHAINS, HEAD)

    def head(self) -> HeadRow:
        rows = self.load_rows(HEAD, [HEAD_KEY])
        return rows.get(HEAD_KEY) or HeadRow(HEAD_KEY, 0, 0, "")

    def node(self, level: int, index: int) -> bytes:
        """The hash of the perfect subtree (`level`, `index`); level 0 is a leaf."""
        if level == 0:
            leaf = self.load_rows(LEAVES, [index]).get(index)
            if leaf is None:
                raise MissingNodeError(f"no leaf {index}")
            return bytes.fromhex(leaf.leaf)
        node = self.load_rows(NODES, [node_key(level, index)]).get(node_key(level, index))
        if node is None:
            raise MissingNodeError(f"no node {level}/{index}")
        return bytes.fromhex(node.hash)

    def leaves_of(self, originator_id: UUID) -> list[LeafRow]:
        """The leaves of one aggregate's events, in order."""
        return self.select_rows(LEAVES, "originator_id = ?", (originator_id,), "ORDER BY position")

    def leaves(self, start: int, limit: int) -> list[LeafRow]:
        """Leaves from tree position `start`, in order."""
        return self.select_rows(
            LEAVES, "position >= ?", (start,), f"ORDER BY position LIMIT {int(limit)}"
        )

    def chain_of(self, originator_id: UUID) -> ChainRow | None:
        return self.load_rows(CHAINS, [originator_id]).get(originator_id)


class MissingNodeError(LookupError):
    """The integrity log holds no such leaf or node."""
