"""`petitions-ops verify-log`: recompute every store's log from its events table and compare.

Names each altered, deleted, inserted or re-ordered event and each checkpoint that no
longer verifies; exit status 1 on any difference (docs/integrity.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from time import monotonic

from ops.integrity.check import verify_log
from ops.integrity.findings import Report
from ops.settings import get_settings
from projections.catalogue import STORES


def main(argv: Sequence[str] | None = None) -> int:
    """Check the stores' events against the integrity log and the signed checkpoints."""
    parser = argparse.ArgumentParser(
        prog="petitions-ops verify-log",
        description="Recompute the integrity log from the events tables, check every signed "
        "checkpoint, and name every altered, deleted, inserted or re-ordered event.",
    )
    parser.add_argument(
        "stores", nargs="*", metavar="STORE", help=f"default: all of {', '.join(STORES)}"
    )
    parser.add_argument("--show", type=int, default=50, help="differences shown per store")
    args = parser.parse_args(argv)
    unknown = set(args.stores) - set(STORES)
    if unknown:
        parser.error(f"unknown stores: {', '.join(sorted(unknown))}")
    started = monotonic()
    report = verify_log(get_settings(), tuple(args.stores) or STORES)
    write_report(report, args.show, monotonic() - started)
    return 0 if report.ok else 1


def write_report(report: Report, show: int, seconds: float) -> None:
    out = sys.stdout
    for note in report.notes:
        out.write(f"note: {note}\n")
    for store in report.stores:
        for finding in store.findings[:show]:
            out.write(f"{finding}\n")
        if len(store.findings) > show:
            out.write(f"{store.store}: ... and {len(store.findings) - show} more\n")
        status = "OK" if not store.findings else f"{len(store.findings)} DIFFERENCES"
        out.write(
            f"{store.store}: {store.events} events, {store.covered} in the integrity log, "
            f"{store.uncovered} not yet, {store.checkpoints} checkpoints: {status}\n"
        )
    rate = report.events / seconds if seconds > 0 else 0.0
    out.write(f"verify-log: {report.events} events in {seconds:.1f} s ({rate:,.0f} events/s)\n")


if __name__ == "__main__":
    raise SystemExit(main())
