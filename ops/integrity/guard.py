"""Commands that rebuild from the log (`replay`, `verify`) run only over a log that verifies.

Over a log failing `verify-log` they refuse, unless the operator accepts the tampering
with a reason; that acceptance is recorded as an event of the operations audit store
(`domain.audit`), which the integrity log covers like every store.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from uuid import UUID

from domain.audit import OperationsAudit
from ops.integrity.check import verify_log
from ops.integrity.findings import Report
from ops.settings import Settings
from ops.wiring import audit_env

SHOWN = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--accept-tampered",
        action="store_true",
        help="run even over a log failing verify-log (recorded, with --reason)",
    )
    parser.add_argument("--reason", default="", help="why a tampered log is accepted")


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.accept_tampered and not args.reason.strip():
        parser.error("--accept-tampered needs --reason TEXT")


def allowed(settings: Settings, command: str, accept: bool, reason: str) -> bool:
    """True when the log verifies, or when the tampering is accepted (and then recorded)."""
    report = verify_log(settings)
    if report.ok:
        return True
    for finding in report.findings[:SHOWN]:
        sys.stderr.write(f"{finding}\n")
    if not accept:
        sys.stderr.write(
            f"{command}: refused: the log fails verify-log ({len(report.findings)} "
            "differences); rerun with --accept-tampered --reason TEXT to run anyway\n"
        )
        return False
    record = accept_tampering(settings, command, reason, report)
    sys.stderr.write(f"{command}: tampering accepted and recorded (audit record {record})\n")
    return True


def accept_tampering(settings: Settings, command: str, reason: str, report: Report) -> UUID:
    """Record in the operations audit store that `command` ran over a tampered log."""
    audit = OperationsAudit(audit_env(settings))
    try:
        return audit.accept_tampering(
            command,
            reason.strip(),
            _operator(),
            [str(f) for f in report.findings[:100]],
            datetime.now(UTC),
        )
    finally:
        audit.close()


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
