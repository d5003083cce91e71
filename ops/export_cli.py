"""`petitions-ops export`: one case, or an agency's cases of a period, with their proofs.

The integrity log is caught up and (with the signing key) a checkpoint signed first,
so every exported event is proved against the checkpoint written into the export.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from domain.application import Petitions
from domain.errors import NotFoundError
from ops.integrity import checkpoints
from ops.integrity.checkpoints import open_integrity_view
from ops.integrity.export import csv_lines, jsonl, rows
from ops.rebuild import catch_up
from ops.settings import Settings, get_settings
from ops.wiring import open_view
from projections.case_index.persistence import CaseIndexView
from projections.case_index.projection import CaseIndexProjection
from projections.catalogue import INTEGRITY_PROJECTIONS


def main(argv: Sequence[str] | None = None) -> int:
    """Write the audit export of one case or of an agency's cases received in a period."""
    parser = argparse.ArgumentParser(
        prog="petitions-ops export",
        description="Export cases' full histories with inclusion proofs and the signed "
        "checkpoint they verify against (JSON Lines, checked by verify-proof), or as CSV.",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", type=UUID, help="one case's id")
    which.add_argument("--agency", type=UUID, help="an agency (its whole subtree)")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, help="received from")
    parser.add_argument("--to", dest="end", type=date.fromisoformat, help="received until")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument("--output", type=Path, help="the file to write (default: stdout)")
    args = parser.parse_args(argv)
    if args.agency and not (args.start and args.end):
        parser.error("--agency needs --from and --to")
    settings = get_settings()
    checkpoint = prepare(settings)
    if checkpoint is None:
        sys.stderr.write("export: no signed checkpoint; run `petitions-ops keygen` first\n")
        return 2
    scope: dict[str, Any] = (
        {"case_id": str(args.case)}
        if args.case
        else {"agency_id": str(args.agency), "from": str(args.start), "to": str(args.end)}
    )
    case_ids = (
        [args.case] if args.case else agency_cases(settings, args.agency, args.start, args.end)
    )
    out = args.output.open("w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        for line in export_lines(settings, checkpoint, case_ids, scope, args.format):
            out.write(line if args.format == "csv" else line + "\n")
    except NotFoundError as error:
        sys.stderr.write(f"export: {error}\n")
        return 1
    finally:
        if args.output:
            out.close()
    return 0


def prepare(settings: Settings) -> checkpoints.Checkpoint | None:
    """Catch the petitions integrity log up and sign it (when the key is there)."""
    projection = INTEGRITY_PROJECTIONS["petitions"]
    view = open_view(settings, projection)
    try:
        catch_up(settings, projection, view)
    finally:
        view.close()
    if settings.integrity_key.exists():
        checkpoints.sign_now(settings)
    return checkpoints.latest(settings.integrity_checkpoints, "petitions")


def agency_cases(settings: Settings, agency_id: UUID, start: date, end: date) -> list[UUID]:
    view = open_view(settings, CaseIndexProjection)
    try:
        catch_up(settings, CaseIndexProjection, view)
        if not isinstance(view, CaseIndexView):
            raise TypeError("not a case index")
        return view.received_between(agency_id, start, end)
    finally:
        view.close()


def export_lines(
    settings: Settings,
    checkpoint: checkpoints.Checkpoint,
    case_ids: Sequence[UUID],
    scope: dict[str, Any],
    fmt: str,
) -> Iterator[str]:
    app = Petitions(settings.eventsourcing_env())
    log = open_integrity_view(settings, "petitions")
    try:
        exported = rows(app, log, checkpoint, case_ids)
        yield from (
            jsonl(scope, checkpoint, exported)
            if fmt == "jsonl"
            else csv_lines(checkpoint, exported)
        )
    finally:
        log.close()
        app.close()


if __name__ == "__main__":
    raise SystemExit(main())
