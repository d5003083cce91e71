"""Checking proofs and exports with nothing but the public key: no database.

A document is an inclusion proof, a consistency proof (both as served by the API), or
a JSON Lines export (`petitions-ops export`). Each check returns the problems found;
an empty list means everything verified.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ops.integrity.checkpoints import Checkpoint, CheckpointFormatError
from projections.integrity.merkle import (
    CHAIN_START,
    chain_hash,
    event_bytes,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)


def check_text(text: str, key: Ed25519PublicKey) -> tuple[int, list[str]]:
    """Check a JSON proof or a JSON Lines export; (items verified, problems)."""
    stripped = text.strip()
    if not stripped:
        return 0, ["the document is empty"]
    try:
        document = json.loads(stripped)
    except json.JSONDecodeError:
        document = None
    try:
        if isinstance(document, dict) and document.get("kind") == "inclusion":
            return check_inclusion(document, key)
        if isinstance(document, dict) and document.get("kind") == "consistency":
            return check_consistency(document, key)
        return check_export(stripped.splitlines(), key)
    except (CheckpointFormatError, KeyError, TypeError, ValueError) as error:
        return 0, [f"malformed document: {error!r}"]


def check_checkpoint(
    data: Mapping[str, Any], key: Ed25519PublicKey
) -> tuple[Checkpoint, list[str]]:
    checkpoint = Checkpoint.from_dict(dict(data))
    if checkpoint.verify(key):
        return checkpoint, []
    return checkpoint, [
        f"checkpoint {checkpoint.store}@{checkpoint.tree_size}: the signature does not verify"
    ]


def check_event(event: Mapping[str, Any], checkpoint: Checkpoint) -> list[str]:
    """One event's leaf, recomputed from its fields, and its inclusion path."""
    aggregate = f"{event['originator_id']} v{event['originator_version']}"
    name = f"{checkpoint.store} #{event['notification_id']} ({aggregate})"
    leaf = leaf_hash(
        event_bytes(
            UUID(str(event["originator_id"])),
            int(event["originator_version"]),
            str(event["topic"]),
            bytes.fromhex(str(event["state_sha256"])),
        )
    )
    if leaf.hex() != event["leaf_hash"]:
        return [f"{name}: its leaf hash is not the hash of its fields"]
    path = event.get("path")
    if path is None:  # after the checkpoint, or so its bearer says: nothing proves it
        size = checkpoint.tree_size
        return [f"{name}: not proved: no inclusion path in the signed tree of size {size}"]
    proof = [bytes.fromhex(h) for h in path]
    root = bytes.fromhex(checkpoint.root_hash)
    if not verify_inclusion(leaf, int(event["position"]), checkpoint.tree_size, proof, root):
        return [f"{name}: not included in the signed tree of size {checkpoint.tree_size}"]
    return []


def check_chain(events: Iterable[Mapping[str, Any]]) -> list[str]:
    """An aggregate's events from version 1: each chain link from the previous one."""
    problems = []
    chain, expected = CHAIN_START, 1
    for event in sorted(events, key=lambda e: int(e["originator_version"])):
        version = int(event["originator_version"])
        if version != expected:
            problems.append(f"{event['originator_id']}: version {expected} is missing")
            return problems
        chain = chain_hash(chain, bytes.fromhex(str(event["leaf_hash"])))
        if chain.hex() != event["chain"]:
            problems.append(f"{event['originator_id']} v{version}: the chain is broken")
            return problems
        expected += 1
    return problems


def check_inclusion(document: Mapping[str, Any], key: Ed25519PublicKey) -> tuple[int, list[str]]:
    checkpoint, problems = check_checkpoint(document["checkpoint"], key)
    events = list(document["events"])
    aggregate = str(UUID(str(document["originator_id"])))
    for event in events:
        if str(UUID(str(event["originator_id"]))) != aggregate:
            problems.append(
                f"#{event['notification_id']} ({event['originator_id']} "
                f"v{event['originator_version']}) is not an event of {aggregate}"
            )
        problems += check_event(event, checkpoint)
    problems += check_chain(events)
    return len(events), problems


def check_consistency(document: Mapping[str, Any], key: Ed25519PublicKey) -> tuple[int, list[str]]:
    first, problems = check_checkpoint(document["first"], key)
    second, more = check_checkpoint(document["second"], key)
    problems += more
    proof = [bytes.fromhex(h) for h in document["path"]]
    if first.store != second.store or not verify_consistency(
        first.tree_size,
        second.tree_size,
        bytes.fromhex(first.root_hash),
        bytes.fromhex(second.root_hash),
        proof,
    ):
        problems.append(
            f"{first.store}: the tree of size {second.tree_size} does not extend "
            f"the tree of size {first.tree_size}"
        )
    return 1, problems


def check_export(lines: list[str], key: Ed25519PublicKey) -> tuple[int, list[str]]:
    """A JSON Lines export: its checkpoints' signatures, then every event against one."""
    checkpoints: dict[tuple[str, int], Checkpoint] = {}
    problems: list[str] = []
    by_aggregate: dict[str, list[Mapping[str, Any]]] = {}
    events = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        record = json.loads(line)
        kind = record.get("record")
        if kind == "checkpoint":
            checkpoint, more = check_checkpoint(record["checkpoint"], key)
            problems += more
            checkpoints[checkpoint.store, checkpoint.tree_size] = checkpoint
        elif kind == "event":
            events += 1
            proof = record["proof"]
            signed = checkpoints.get((record["store"], int(record["checkpoint_size"])))
            if signed is None:
                problems.append(f"line {number}: no checkpoint of that size precedes the event")
                continue
            problems += check_event(proof, signed)
            by_aggregate.setdefault(str(proof["originator_id"]), []).append(proof)
    for aggregate in by_aggregate.values():
        problems += check_chain(aggregate)
    if not checkpoints:
        problems.append("the export holds no checkpoint")
    return events, problems
