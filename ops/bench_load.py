"""Benchmark: how long a case with a long history takes to load, with and without snapshots.

    .venv/bin/python -m ops.bench_load --events 1000 --repeat 200

Uses the configured store (Settings); run with PERSISTENCE_MODULE=eventsourcing.postgres
and POSTGRES_* for PostgreSQL. Writes a fresh case each run; not part of the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import date
from uuid import UUID

from domain.act import Act
from domain.application import Accept, Classify, Petitions
from domain.case import Case, Petition
from domain.kinds import Channel, Complexity, Kind
from ops.settings import get_settings

START = date(2024, 1, 2)


def _long_case(app: Petitions, events: int) -> UUID:
    root = app.register_agency("Bench province", "BENCH", "province", None, _act(app, None))
    agency = root.id
    act = Act("bench", agency, START)
    case = app.record_petition(Petition("", Channel.POST, "benchmark petition"), act)
    app.classify(case.id, Classify(Kind.RECOMMENDATION, "policy", agency), act)
    app.accept(case.id, Accept(Complexity.ORDINARY), act)
    loaded = app.get_case(case.id)
    for step in range(events - loaded.version):
        loaded.record_verification("document request", f"step {step}", act)
    app.save(loaded)
    return case.id


def _act(app: Petitions, agency: UUID | None) -> Act:
    del app
    return Act("bench", agency or UUID(int=0), START)


def _timed_loads(app: Petitions, case_id: UUID, repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        case: object = app.repository.get(case_id)
        timings.append((time.perf_counter() - began) * 1000)
        if not isinstance(case, Case):
            raise TypeError("not a case")
    return timings


def _report(label: str, timings: list[float]) -> None:
    p99 = sorted(timings)[int(len(timings) * 0.99) - 1]
    sys.stdout.write(
        f"{label}: median {statistics.median(timings):.2f} ms, p99 {p99:.2f} ms "
        f"over {len(timings)} loads\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Measure loading one case of N events from the configured store."""
    parser = argparse.ArgumentParser(prog="bench-load", description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args(argv)
    env = get_settings().eventsourcing_env()
    env.pop("AGGREGATE_CACHE_MAXSIZE", None)  # no aggregate cache: every load reads the store
    app = Petitions(env)
    case_id = _long_case(app, args.events)
    _report(f"with snapshots ({args.events} events)", _timed_loads(app, case_id, args.repeat))
    plain = Petitions(env)
    plain.repository.snapshot_store = None
    _report(f"without snapshots ({args.events} events)", _timed_loads(plain, case_id, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
