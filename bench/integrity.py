"""Benchmark (not a test): the integrity log's rebuild rate beside a plain view's, and verify-log.

    .venv/bin/python -m bench.integrity --events 100000                 # SQLite and PostgreSQL
    POSTGRES_DBNAME=test .venv/bin/python -m bench.integrity --events 1000000

For each store (a fresh SQLite file; a new PostgreSQL schema from the POSTGRES_*
variables, dropped after), a generated history of at least `--events` events, then,
alternately, best of `--repeats`:

- plain rebuild: the `statistics` and `case_index` read models rebuilt from event zero
  into scratch tables (batched, one transaction per batch), events/s;
- integrity rebuild: the petitions integrity log rebuilt the same way (every event
  hashed as stored: leaf, chain, tree nodes), events/s and its share of each plain rate;
- verify-log: the whole check (raw rows read, leaves and roots recomputed, compared with
  the log and a signed checkpoint), events/s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from bench.common import execute
from domain.application import Petitions
from ops.history import Generator
from ops.integrity.check import verify_log
from ops.integrity.checkpoints import generate_key, sign_now
from ops.rebuild import catch_up, fresh_copy
from ops.settings import Settings, get_settings
from projections.batching import BatchProjection
from projections.case_index.projection import CaseIndexProjection
from projections.catalogue import INTEGRITY_PROJECTIONS
from projections.statistics.projection import StatisticsProjection

CASES_PER_EVENT = 1 / 5.2
PERCENT = 100
PLAIN = (StatisticsProjection, CaseIndexProjection)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the integrity benchmark on the chosen stores and print its figures."""
    parser = argparse.ArgumentParser(prog="bench.integrity", description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--repeats", type=int, default=2, help="best of N for each rate")
    args = parser.parse_args(argv)
    for store in args.stores.split(","):
        with _settings(store) as settings:
            _run(settings, args.events, args.repeats)
    return 0


@contextmanager
def _settings(store: str) -> Iterator[Settings]:
    with tempfile.TemporaryDirectory() as scratch:
        keys = {
            "integrity_key_file": f"{scratch}/key.pem",
            "integrity_checkpoint_dir": f"{scratch}/checkpoints",
        }
        if store == "sqlite":
            yield Settings(sqlite_dbname=f"{scratch}/bench.sqlite", **keys)  # type: ignore[arg-type]
            return
        base = get_settings()
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        settings = base.model_copy(
            update={
                "persistence_module": "eventsourcing.postgres",
                "postgres_schema": schema,
                **keys,
            }
        )
        execute(settings, f'CREATE SCHEMA "{schema}"')
        try:
            yield settings
        finally:
            execute(settings, f'DROP SCHEMA "{schema}" CASCADE')


def _run(settings: Settings, events: int, repeats: int) -> None:
    app = Petitions(settings.eventsourcing_env())
    started = time.perf_counter()
    generator = Generator(app, seed=1)
    generator.agencies()
    generator.generate(int(events * CASES_PER_EVENT) + 1)
    total = app.recorder.max_notification_id() or 0
    app.close()
    _say(f"{settings.persistence_module}: {total:,} events generated in {_since(started):.0f} s")
    plain: dict[str, float] = {}
    integrity = 0.0
    for _ in range(repeats):  # alternate, so both see the same machine load
        for projection in PLAIN:
            plain[projection.name] = max(
                plain.get(projection.name, 0.0), _rebuild(settings, projection)
            )
        integrity = max(
            integrity, _rebuild(settings, INTEGRITY_PROJECTIONS["petitions"], keep=True)
        )
    for name, rate in plain.items():
        _say(f"  plain rebuild {name:<11} {rate:>9,.0f} events/s")
    shares = ", ".join(f"{PERCENT * integrity / r:.0f} % of {n}" for n, r in plain.items())
    _say(f"  integrity rebuild        {integrity:>9,.0f} events/s ({shares}; best of {repeats})")
    generate_key(settings)
    sign_now(settings)
    started = time.perf_counter()
    report = verify_log(settings, ("petitions",))
    seconds = _since(started)
    status = "OK" if report.ok else f"{len(report.findings)} differences"
    rate = report.events / seconds
    _say(f"  verify-log               {rate:>9,.0f} events/s ({seconds:.1f} s, {status})")


def _rebuild(
    settings: Settings, projection: type[BatchProjection[Any]], keep: bool = False
) -> float:
    name = projection.name if keep else f"{projection.name}_bench"
    copy = fresh_copy(settings, projection, name)
    try:
        return catch_up(settings, projection, copy).rate()
    finally:
        if not keep:
            copy.drop_view()
        copy.close()


def _since(started: float) -> float:
    return time.perf_counter() - started


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
