"""`make bench`: every benchmark on PostgreSQL and SQLite, a markdown table and a PNG plot.

    .venv/bin/python -m bench                        # defaults: ~20 minutes on 2 cores
    .venv/bin/python -m bench --events 1000000       # the rebuild at 1 M events (longer)
    .venv/bin/python -m bench --stores sqlite --runs 5
    .venv/bin/python -m bench --only reports --report-events 10000,1000000  # 1 M (longer)

Each store is a fresh one (a SQLite file in a temporary folder; a new PostgreSQL
schema in POSTGRES_DBNAME, dropped afterwards); PostgreSQL is skipped, saying so,
when it cannot be reached. Results go to `bench/results/<stamp>.md` and `.png`,
and to `bench/results/latest.md` / `latest.png`.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Figure, fresh_store, postgres_reachable, say
from bench.http import http_figures
from bench.latency import report_figures
from bench.rebuild import rebuild
from bench.report import plot, table
from bench.snapshots import case_loads
from bench.writes import bulk

RESULTS = Path(__file__).resolve().parent / "results"


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark and write the report."""
    parser = argparse.ArgumentParser(prog="bench", description=__doc__)
    parser.add_argument("--stores", default="postgres,sqlite")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--events", type=int, default=100_000, help="events of the rebuild")
    parser.add_argument("--bulk-cases", type=int, default=2000)
    parser.add_argument("--http-count", type=int, default=200, help="commands per run")
    parser.add_argument("--rates", default="50,100,200", help="open-loop offered rates")
    parser.add_argument("--seconds", type=float, default=10.0, help="of each open-loop run")
    parser.add_argument("--loads", type=int, default=50, help="loads of each case")
    parser.add_argument("--report-events", default="10000,100000", help="report latency scales")
    parser.add_argument("--report-samples", type=int, default=200, help="requests per run")
    parser.add_argument(
        "--only", default="", help="rebuild,bulk,http,snapshots,reports (default all)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-plot", action="store_true", help="the table only (no matplotlib)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # drop the schemas on the way out
    parts = (
        set(args.only.split(","))
        if args.only
        else {"rebuild", "bulk", "http", "snapshots", "reports"}
    )
    figures: list[Figure] = []
    for store in args.stores.split(","):
        if store == "postgres" and not postgres_reachable():
            say("PostgreSQL is not reachable (POSTGRES_* variables): skipped")
            continue
        say(f"{store}:")
        figures += _store(store, args, parts)
    command = "python -m bench " + " ".join(sys.argv[1:] if argv is None else argv)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = f"{datetime.now(UTC):%Y%m%d-%H%M}"
    markdown = args.out / f"{stamp}.md"
    markdown.write_text(table(figures, command.strip()) + f"\n![plot]({stamp}.png)\n")
    if not args.no_plot:
        plot(figures, args.out / f"{stamp}.png")
    shutil.copy(markdown, args.out / "latest.md")
    if (args.out / f"{stamp}.png").exists():
        shutil.copy(args.out / f"{stamp}.png", args.out / "latest.png")
    say(table(figures, command.strip()))
    say(f"written: {markdown}")
    return 0


def _store(store: str, args: argparse.Namespace, parts: set[str]) -> list[Figure]:
    figures: list[Figure] = []
    if "rebuild" in parts:
        with fresh_store(store) as settings:
            figures += rebuild(store, settings, args.events, args.runs)
    if "bulk" in parts:
        figures += bulk(store, args.bulk_cases, args.runs)
    if "http" in parts:
        rates = [float(r) for r in args.rates.split(",") if r]
        with fresh_store(store) as settings:
            figures += http_figures(
                store, settings, args.http_count, args.runs, rates, args.seconds
            )
    if "snapshots" in parts:
        with fresh_store(store) as settings:
            figures += case_loads(store, settings, args.loads, args.runs)
    if "reports" in parts:
        scales = [int(n) for n in args.report_events.split(",") if n]
        figures += report_figures(store, scales, args.runs, args.report_samples)
    return figures


if __name__ == "__main__":
    raise SystemExit(main())
