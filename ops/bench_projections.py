"""Benchmark (not a test): rebuild rate against decoded-read rate, and live lag, on one store.

    PERSISTENCE_MODULE=eventsourcing.postgres POSTGRES_DBNAME=test
    .venv/bin/python -m ops.bench_projections --events 100000

Generates a history of at least `--events` events into a fresh PostgreSQL schema
(kept with `--keep` and reused when it already holds enough events), then reports:
for each read model, the rate of reading and decoding every notification in batches
(`select_notifications` + the application's mapper) and, alternating with it, the
rebuild rate (batched, one transaction per batch) and its share of the read rate;
and the live lag from a command's save to every view having processed it (p50/p99).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import date

import psycopg

from domain.act import Act
from domain.application import Classify, Petitions
from domain.case import Petition
from domain.kinds import Channel, Kind
from ops.history import Generator
from ops.rebuild import catch_up, fresh_copy
from ops.runners import start_runners
from ops.settings import Settings, get_settings
from ops.wiring import Views, open_views
from projections.catalogue import PROJECTIONS
from projections.store import BOARD

CASES_PER_EVENT = 1 / 5.2
PERCENT = 100


def main(argv: Sequence[str] | None = None) -> int:
    """Run the projection benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="bench_projections", description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--schema", default="", help="PostgreSQL schema (default: a new one)")
    parser.add_argument("--keep", action="store_true", help="keep the schema afterwards")
    parser.add_argument("--lag-samples", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3, help="best of N for each rate")
    args = parser.parse_args(argv)
    base = get_settings()
    schema = args.schema or f"bench_{uuid.uuid4().hex[:8]}"
    settings = base.model_copy(update={"postgres_schema": schema}) if base.uses_postgres else base
    if settings.uses_postgres:
        _execute(settings, f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    try:
        _run(settings, args.events, args.lag_samples, args.repeats)
    finally:
        if settings.uses_postgres and not args.keep:
            _execute(settings, f'DROP SCHEMA "{schema}" CASCADE')
    return 0


def _run(settings: Settings, events: int, samples: int, repeats: int) -> None:
    app = Petitions(settings.eventsourcing_env())
    generator = Generator(app, seed=1)
    existing = app.recorder.max_notification_id() or 0
    if existing < events:
        started = time.perf_counter()
        generator.agencies()
        generator.generate(int(events * CASES_PER_EVENT) + 1)
        _say(f"generated {generator.history.events:,} events in {_since(started):.1f}s")  # type: ignore[union-attr]
    total = app.recorder.max_notification_id() or 0
    batch = settings.projection_batch_size
    _say(f"store: {settings.persistence_module}, {total:,} events, batches of {batch}")
    for name, projection in PROJECTIONS.items():
        reads, rebuilds = [], []
        for _ in range(repeats):
            # Alternate the two measurements, so both see the same machine load.
            reads.append(_read_rate(app, batch))
            copy = fresh_copy(settings, projection, f"{name}_bench")
            cpu = time.process_time()
            progress = catch_up(settings, projection, copy)
            cpu = time.process_time() - cpu
            rebuilds.append((progress.rate(), progress.notifications / cpu))
            copy.drop_view()
            copy.close()
        (read, read_cpu), (rebuild, rebuild_cpu) = max(reads), max(rebuilds)
        _say(
            f"{name:<12} decoded read {read:,.0f} events/s; rebuild {rebuild:,.0f} events/s "
            f"= {PERCENT * rebuild / read:.0f} % of read (per CPU second: "
            f"{PERCENT * rebuild_cpu / read_cpu:.0f} %; best of {repeats})"
        )
    _lag(settings, app, samples)
    app.close()


def _read_rate(app: Petitions, batch: int) -> tuple[float, float]:
    """Events per second and per CPU second of reading and decoding every notification."""
    started, cpu = time.perf_counter(), time.process_time()
    position, count = 0, 0
    while True:
        notes = app.recorder.select_notifications(position, batch, inclusive_of_start=False)
        if not notes:
            break
        for note in notes:
            app.mapper.to_domain_event(note)
        count += len(notes)
        position = notes[-1].id
    return count / _since(started), count / (time.process_time() - cpu)


def _lag(settings: Settings, app: Petitions, samples: int) -> None:
    agency = app.register_agency("Bench", "B", "province", None, _act(uuid.UUID(int=0)))
    with start_runners(settings):
        views = open_views(settings)
        if not views.wait_for(agency.position, timeout=600):
            raise TimeoutError("the runners did not catch up")
        lags: list[float] = []
        per_view: dict[str, list[float]] = {v.name: [] for v in views.all()}
        for _ in range(samples):
            petition = Petition("", Channel.POST, "bench", uuid.uuid4())
            written = app.record_petition(petition, _act(agency.id))
            _measure(views, written.position, lags, per_view)
            command = Classify(Kind.REFLECTION, "land", agency.id)
            written = app.classify(written.id, command, _act(agency.id))
            _measure(views, written.position, lags, per_view)
    _say(
        f"live lag, save returned -> all 5 views committed ({len(lags)} saves): "
        f"p50 {_pct(lags, 50):.1f} ms, p99 {_pct(lags, 99):.1f} ms"
    )
    for name, found in per_view.items():
        _say(f"  {name:<12} p50 {_pct(found, 50):.1f} ms, p99 {_pct(found, 99):.1f} ms")


def _measure(
    views: Views, position: int, lags: list[float], per_view: dict[str, list[float]]
) -> None:
    started = time.perf_counter()
    pending = list(views.all())
    deadline = started + 10
    while pending and time.perf_counter() < deadline:
        for view in list(pending):
            if view.has_reached("petitions", position):
                per_view[view.name].append(_since(started))
                pending.remove(view)
        if pending:
            BOARD.wait(0.001)
    lags.append(_since(started))


def _pct(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    if percent == 50:  # noqa: PLR2004
        return statistics.median(ordered) * 1000
    return ordered[max(0, int(len(ordered) * percent / 100) - 1)] * 1000


def _act(agency_id: uuid.UUID) -> Act:
    return Act("bench", agency_id, date(2025, 6, 2))


def _execute(settings: Settings, sql: str) -> None:
    conninfo = (
        f"host={settings.postgres_host} port={settings.postgres_port} "
        f"user={settings.postgres_user} dbname={settings.postgres_dbname}"
    )
    with psycopg.connect(conninfo, password=settings.postgres_password, autocommit=True) as c:
        c.execute(sql)


def _since(started: float) -> float:
    return time.perf_counter() - started


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
