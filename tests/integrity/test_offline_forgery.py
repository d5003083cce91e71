"""Offline checks refuse what the signed tree does not prove (verify-proof, issue 10).

A proof or export is a document its bearer can edit: only what the signed checkpoint
proves may verify. An event without an inclusion path, or an event of another
aggregate spliced into a case's proof, proves nothing about the case.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ops.integrity.checkpoints import sign
from ops.integrity.offline import check_text
from projections.integrity.merkle import (
    CHAIN_START,
    MemoryTree,
    chain_hash,
    event_leaf,
    inclusion_path,
)

KEY = Ed25519PrivateKey.generate()
CASE, OTHER = uuid4(), uuid4()
TOPIC = "domain.case:Case.Classified"


def _events() -> list[dict[str, Any]]:
    """Three events of CASE and two of OTHER, interleaved, as a proof lists them."""
    order = [(CASE, 1), (OTHER, 1), (CASE, 2), (OTHER, 2), (CASE, 3)]
    chains: dict[UUID, bytes] = {}
    events = []
    for position, (aggregate, version) in enumerate(order):
        state = f"state {aggregate} {version}".encode()
        leaf = event_leaf(aggregate, version, TOPIC, state)
        chains[aggregate] = chain_hash(chains.get(aggregate, CHAIN_START), leaf)
        events.append(
            {
                "notification_id": position + 1,
                "originator_id": str(aggregate),
                "originator_version": version,
                "topic": TOPIC,
                "state_sha256": hashlib.sha256(state).hexdigest(),
                "position": position,
                "leaf_hash": leaf.hex(),
                "chain": chains[aggregate].hex(),
            }
        )
    return events


def _proof(aggregate: UUID, events: list[dict[str, Any]]) -> dict[str, Any]:
    tree = MemoryTree([bytes.fromhex(e["leaf_hash"]) for e in events])
    checkpoint = sign(KEY, "petitions", tree.size, tree.root(), datetime.now(UTC))
    for event in events:
        event["path"] = [h.hex() for h in inclusion_path(tree.node, event["position"], tree.size)]
    return {
        "kind": "inclusion",
        "checkpoint": checkpoint.to_dict(),
        "originator_id": str(aggregate),
        "events": [e for e in events if e["originator_id"] == str(aggregate)],
    }


def _check(document: dict[str, Any]) -> list[str]:
    return check_text(json.dumps(document), KEY.public_key())[1]


def test_a_case_proof_as_served_verifies() -> None:
    assert _check(_proof(CASE, _events())) == []


def test_an_event_forged_without_an_inclusion_path_does_not_verify() -> None:
    document = _proof(CASE, _events())
    last = document["events"][-1]
    # Edited by its bearer: another topic, its leaf and chain recomputed to match, and
    # claimed to come after the checkpoint so that no path is needed.
    last["topic"] = "domain.case:Case.Closed"
    leaf = event_leaf(CASE, 3, last["topic"], b"state forged")
    last["state_sha256"] = hashlib.sha256(b"state forged").hexdigest()
    last["leaf_hash"] = leaf.hex()
    last["chain"] = chain_hash(bytes.fromhex(document["events"][1]["chain"]), leaf).hex()
    last["position"] = 99
    last["path"] = None
    problems = _check(document)
    assert any(f"#{last['notification_id']}" in p and "not proved" in p for p in problems)


def test_an_export_event_without_an_inclusion_path_does_not_verify() -> None:
    document = _proof(CASE, _events())
    document["events"][0]["path"] = None
    checkpoint = document["checkpoint"]
    lines = [{"record": "checkpoint", "checkpoint": checkpoint}] + [
        {
            "record": "event",
            "store": "petitions",
            "checkpoint_size": checkpoint["tree_size"],
            "proof": e,
        }
        for e in document["events"]
    ]
    text = "\n".join(json.dumps(line) for line in lines)
    problems = check_text(text, KEY.public_key())[1]
    assert any("#1" in p and "not proved" in p for p in problems)


def test_another_aggregates_event_spliced_into_a_case_proof_does_not_verify() -> None:
    events = _events()
    document = _proof(CASE, events)
    # OTHER's version 3 does not exist; its version 2 is in the tree: present it as the
    # case's version 2 in place of the case's own (the chain is recomputed to match).
    spliced = dict(events[3])
    first = document["events"][0]
    spliced["chain"] = chain_hash(
        bytes.fromhex(first["chain"]), bytes.fromhex(spliced["leaf_hash"])
    ).hex()
    document["events"] = [first, spliced]
    problems = _check(document)
    assert any(str(OTHER) in p and str(CASE) in p for p in problems), problems
