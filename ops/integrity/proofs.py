"""Inclusion and consistency proofs from an integrity view, against signed checkpoints."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ops.integrity.checkpoints import Checkpoint
from projections.integrity.merkle import consistency_path, inclusion_path
from projections.integrity.persistence import IntegrityView, LeafRow


def event_proof(view: IntegrityView, leaf: LeafRow, size: int) -> dict[str, Any]:
    """One event's leaf data and, when the checkpoint covers it, its inclusion path."""
    covered = leaf.position < size
    return {
        "notification_id": leaf.notification_id,
        "originator_id": str(leaf.originator_id),
        "originator_version": leaf.originator_version,
        "topic": leaf.topic,
        "state_sha256": leaf.state_hash,
        "position": leaf.position,
        "leaf_hash": leaf.leaf,
        "chain": leaf.chain,
        "path": [h.hex() for h in inclusion_path(view.node, leaf.position, size)]
        if covered
        else None,
    }


def inclusion(view: IntegrityView, checkpoint: Checkpoint, originator_id: UUID) -> dict[str, Any]:
    """The proof that an aggregate's events are in the log the checkpoint signs."""
    leaves = view.leaves_of(originator_id)
    return {
        "kind": "inclusion",
        "checkpoint": checkpoint.to_dict(),
        "originator_id": str(originator_id),
        "events": [event_proof(view, leaf, checkpoint.tree_size) for leaf in leaves],
    }


def consistency(view: IntegrityView, first: Checkpoint, second: Checkpoint) -> dict[str, Any]:
    """The proof that the log of `second` extends the log of `first` (append-only)."""
    if first.store != second.store:
        raise ProofError("the two checkpoints are of different stores")
    if not 0 < first.tree_size <= second.tree_size:
        raise ProofError("the first checkpoint must be non-empty and no larger than the second")
    head = view.head()
    if second.tree_size > head.size:
        raise ProofError(f"the log holds {head.size} events, fewer than {second.tree_size}")
    return {
        "kind": "consistency",
        "first": first.to_dict(),
        "second": second.to_dict(),
        "path": [h.hex() for h in consistency_path(view.node, first.tree_size, second.tree_size)],
    }


class ProofError(ValueError):
    """No such proof can be made."""
