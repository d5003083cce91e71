"""The integrity log follows every stored event of one application, undecoded, in order.

Each notification becomes a leaf of the store's Merkle tree (RFC 9162) and a link of
its aggregate's hash chain; the perfect subtrees it completes are stored as nodes and
the frontier in the head row, so the tree head needs no more than the head row. Rows
and tracking are committed in one transaction, as for every view.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import Mapper, Notification

from projections.batching import BatchProjection
from projections.integrity.merkle import CHAIN_START, append, chain_hash, event_bytes, leaf_hash
from projections.integrity.persistence import (
    CHAINS,
    HEAD,
    HEAD_KEY,
    LEAVES,
    NODES,
    ChainRow,
    HeadRow,
    IntegrityView,
    LeafRow,
    NodeRow,
    node_key,
)
from projections.integrity.postgres import PostgresIntegrityView
from projections.integrity.sqlite import SQLiteIntegrityView
from projections.session import Changes, Session


def as_uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


class IntegrityProjection(BatchProjection[IntegrityView]):
    """Hashes one application's notifications as stored (subclassed per application)."""

    name = "integrity"
    application: ClassVar[str] = "petitions"
    raw: ClassVar[bool] = True  # handles `Notification`s, not decoded events
    _views: ClassVar[dict[str, type[IntegrityView]]] = {}

    @classmethod
    def view_classes(cls) -> dict[str, type[IntegrityView]]:
        return cls._views

    def decode(self, notifications: Sequence[Notification], mapper: Mapper[Any]) -> list[Any]:
        del mapper
        return list(notifications)

    def handle(self, event: object, session: Session) -> None:
        raise NotImplementedError("the integrity log handles whole batches of notifications")

    def handle_events(
        self, events: Sequence[Any], base: Changes | None = None, complete: bool = False
    ) -> Changes:
        """The rows a batch of notifications adds: leaves, nodes, chain heads and the head."""
        base = base or {}
        head = self._head(base, complete)
        chains = self._chains(events, base, complete)
        frontier, size = head.hashes(), head.size
        leaves: dict[object, Any] = {}
        nodes: dict[object, Any] = {}
        sha256 = hashlib.sha256
        for n in events:
            originator_id = as_uuid(n.originator_id)
            state_hash = sha256(n.state).digest()
            leaf = leaf_hash(event_bytes(originator_id, n.originator_version, n.topic, state_hash))
            previous = chains.get(originator_id.int)
            chain = chain_hash(bytes.fromhex(previous.chain) if previous else CHAIN_START, leaf)
            chains[originator_id.int] = ChainRow(
                originator_id, n.originator_version, chain.hex(), size
            )
            leaves[size] = LeafRow(
                size,
                n.id,
                originator_id,
                n.originator_version,
                n.topic,
                state_hash.hex(),
                leaf.hex(),
                chain.hex(),
            )
            for level, index, node in append(frontier, size, leaf):
                key = node_key(level, index)
                nodes[key] = NodeRow(key, node.hex())
            size += 1
        last = events[-1].id if events else head.last_id
        new_head = HeadRow(HEAD_KEY, size, last, "".join(h.hex() for h in frontier))
        touched: dict[object, Any] = {
            k: chains[k] for k in {as_uuid(n.originator_id).int for n in events}
        }
        return {
            LEAVES.suffix: leaves,
            NODES.suffix: nodes,
            CHAINS.suffix: touched,
            HEAD.suffix: {HEAD_KEY: new_head},
        }

    def _head(self, base: Changes, complete: bool) -> HeadRow:
        known = base.get(HEAD.suffix, {}).get(HEAD_KEY)
        if known is not None:
            return known  # type: ignore[no-any-return]
        return HeadRow(HEAD_KEY, 0, 0, "") if complete else self.view.head()

    def _chains(self, events: Sequence[Any], base: Changes, complete: bool) -> dict[int, ChainRow]:
        known = base.get(CHAINS.suffix, {})
        chains: dict[int, ChainRow] = {}
        missing = []
        for n in events:
            key = as_uuid(n.originator_id)
            if key.int in known:
                chains[key.int] = known[key.int]
            elif key.int not in chains:
                missing.append(key)
        if missing and not complete:
            for found, row in self.view.load_rows(CHAINS, list(set(missing))).items():
                chains[as_uuid(found).int] = row
        return chains


def integrity_projection(application: str) -> type[IntegrityProjection]:
    """The integrity log's projection class for the store of `application`."""
    name = f"integrity_{application}"
    view_attrs = {"name": name, "application": application, "__module__": __name__}
    views: dict[str, type[IntegrityView]] = {
        "sqlite": type(f"SQLiteIntegrity_{application}", (SQLiteIntegrityView,), view_attrs),
        "postgres": type(f"PostgresIntegrity_{application}", (PostgresIntegrityView,), view_attrs),
    }
    attrs = {**view_attrs, "_views": views}
    return type(f"Integrity_{application}", (IntegrityProjection,), attrs)
