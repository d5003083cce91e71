"""Audit exports: cases' full histories, with inclusion proofs and their checkpoint.

JSON Lines (checked offline by `verify-proof`) or CSV.

No personal data: a case's events carry who acted, when and why, never their fields;
its identity's events carry only the hash of their stored (encrypted) bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.application import Petitions
from domain.views import HistoryEntry
from ops.integrity.checkpoints import Checkpoint
from ops.integrity.proofs import event_proof
from projections.integrity.persistence import IntegrityView

CSV_COLUMNS = (
    "case_id",
    "reference_code",
    "aggregate",
    "originator_id",
    "originator_version",
    "notification_id",
    "topic",
    "event",
    "legal_date",
    "recorded_at",
    "actor_id",
    "actor_agency_id",
    "reason",
    "legal_basis",
    "state_sha256",
    "position",
    "leaf_hash",
    "chain",
    "checkpoint_size",
    "checkpoint_root",
    "path",
)


@dataclass(frozen=True)
class Row:
    """One exported event: its case, its history entry (case events only) and its proof."""

    case_id: UUID
    reference_code: str
    aggregate: str  # "case" or "identity"
    proof: dict[str, Any]
    history: dict[str, Any] | None


def rows(
    app: Petitions, log: IntegrityView, checkpoint: Checkpoint, case_ids: Sequence[UUID]
) -> Iterator[Row]:
    """Every event of each case, and of its identity, with its proof against `checkpoint`."""
    for case_id in case_ids:
        case = app.get_case(case_id)
        history = {e.version: _history(e) for e in app.case_history(case_id)}
        aggregates = [("case", case_id)]
        if case.identity_id is not None:
            aggregates.append(("identity", case.identity_id))
        for kind, aggregate_id in aggregates:
            for leaf in log.leaves_of(aggregate_id):
                yield Row(
                    case_id,
                    case.reference_code,
                    kind,
                    event_proof(log, leaf, checkpoint.tree_size),
                    history.get(leaf.originator_version) if kind == "case" else None,
                )


def _history(entry: HistoryEntry) -> dict[str, Any]:
    return {
        "event": entry.event,
        "legal_date": entry.legal_date.isoformat(),
        "recorded_at": entry.recorded_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_agency_id": str(entry.actor_agency_id),
        "reason": entry.reason,
        "legal_basis": entry.legal_basis,
    }


def jsonl(scope: dict[str, Any], checkpoint: Checkpoint, exported: Iterator[Row]) -> Iterator[str]:
    """The export as JSON Lines: a header, the checkpoint, then one line per event."""
    header = {
        "record": "export",
        "scope": scope,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    yield json.dumps(header, sort_keys=True)
    yield json.dumps({"record": "checkpoint", "checkpoint": checkpoint.to_dict()}, sort_keys=True)
    for row in exported:
        line = {
            "record": "event",
            "store": checkpoint.store,
            "checkpoint_size": checkpoint.tree_size,
            "case_id": str(row.case_id),
            "reference_code": row.reference_code,
            "aggregate": row.aggregate,
            "proof": row.proof,
            "history": row.history,
        }
        yield json.dumps(line, sort_keys=True, ensure_ascii=False)


def csv_lines(checkpoint: Checkpoint, exported: Iterator[Row]) -> Iterator[str]:
    """The export as CSV: one row per event, the proof path joined by `;`."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in exported:
        proof, history = row.proof, row.history or {}
        writer.writerow(
            {
                "case_id": row.case_id,
                "reference_code": row.reference_code,
                "aggregate": row.aggregate,
                **{k: proof[k] for k in _PROOF_COLUMNS},
                **history,
                "checkpoint_size": checkpoint.tree_size,
                "checkpoint_root": checkpoint.root_hash,
                "path": ";".join(proof["path"] or []),
            }
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()


_PROOF_COLUMNS = (
    "originator_id",
    "originator_version",
    "notification_id",
    "topic",
    "state_sha256",
    "position",
    "leaf_hash",
    "chain",
)
