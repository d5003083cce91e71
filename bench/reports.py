r"""Benchmark (not a test): each report's p50/p99 through HTTP, with and without cut-offs.

    .venv/bin/python -m bench.reports --events 10000
    .venv/bin/python -m bench.reports --events 1000000 --db /tmp/bench-1m.sqlite --keep
    POSTGRES_DBNAME=... .venv/bin/python -m bench.reports --store postgres \\
        --schema bench_1m --events 1000000 --keep

The 10 M run (not part of `make bench`; a longer run, best on an idle machine):

    .venv/bin/python -m bench.reports --events 10000000 --db /var/tmp/bench-10m.sqlite --keep
    POSTGRES_DBNAME=... .venv/bin/python -m bench.reports --store postgres \\
        --schema bench_10m --events 10000000 --keep

Measured on the 2-core development machine (load average 6-9 from other work):
generating 1 M events took 126 s on SQLite and 494 s on PostgreSQL, and catching
the statistics view up 1 M events took 20 min on SQLite (every read model:
43 min). Ten times that: about 25 min (SQLite) / 80 min (PostgreSQL) of generation
and 4-8 hours of catch-up, so 10 M was not run in that session. Both commands
resume: a kept store holding enough events is reused and each view caught up from
where it stopped.

Generates a multi-year province history of at least `--events` events
(`ops.history`: a department, districts merged and dissolved, the 2025 reform),
catches every read model up, then signs in as the province's leader and times
each report `--samples` times through the app's HTTP interface (httpx, in-process
ASGI): statistics, escalations, reception, deadlines and the three official forms,
plain and with a legal cut-off (`as_of`) and a knowledge cut-off (`known_at`,
`--behind` events before the log's head). A `--db` file holding enough events is
reused (`--keep` keeps it).

The generated history is all recorded "late" (old legal dates, recorded now), so a
knowledge cut-off subtracts the counter deltas recorded after it: its cost grows
with the facts recorded after the cut-off (`--behind`), not with the history.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.bootstrap import create_administrator
from api.logs import configure_logging
from api.main import create_app
from bench.common import analyze_schema, execute
from domain.application import Petitions
from ops.history import Generator
from ops.rebuild import catch_up_all
from ops.settings import Settings, get_settings
from ops.wiring import open_views
from projections.catalogue import PROJECTIONS, application_of

PASSWORD = "bench password, not a secret"  # noqa: S105
EVENTS_PER_CASE = 5.2
CHUNK = 20_000  # cases generated per round
YEAR = 2024
AS_OF = "2024-06-30"
OK, CREATED = 200, 201
CUT = "as_of+known_at"


def main(argv: Sequence[str] | None = None) -> int:
    """Build (or reuse) the history, then time every report."""
    parser = argparse.ArgumentParser(prog="bench.reports", description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--behind", type=int, default=1000, help="known_at: events before head")
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--db", default="", help="SQLite file (reused when big enough)")
    parser.add_argument("--schema", default="", help="PostgreSQL schema (reused likewise)")
    parser.add_argument("--keep", action="store_true", help="keep the store afterwards")
    parser.add_argument("--rebuild", action="store_true", help="drop the read models first")
    parser.add_argument(
        "--only", default="", help="time only the reports whose name contains this (e.g. deadlines)"
    )
    args = parser.parse_args(argv)
    settings, cleanup = _settings(args.store, args.db, args.schema)
    try:
        head = prepare(settings, args.events, args.rebuild)
        known_at = max(1, head - args.behind)
        sys.stdout.write(
            f"\n{head:,} events, leader of the province subtree, {args.samples} samples each "
            f"(known_at = head - {head - known_at:,}; load average {os.getloadavg()[0]:.1f})\n"
        )
        sys.stdout.write(f"{'report':<30} {'p50 ms':>8} {'p99 ms':>8}\n")
        for name, p50, p99 in time_reports(settings, args.samples, known_at, args.only):
            sys.stdout.write(f"{name:<30} {p50:>8.2f} {p99:>8.2f}\n")
        sys.stdout.write(f"load average {os.getloadavg()[0]:.1f}\n")
    finally:
        if not args.keep:
            cleanup()
    return 0


def _settings(store: str, db: str, schema: str = "") -> tuple[Settings, Callable[[], None]]:
    """The store's settings and how to remove it: a SQLite file, or a PostgreSQL schema.

    A named `schema` is created when missing and reused when it holds a history.
    """
    base = get_settings()
    if store == "postgres":
        name = schema or f"bench_{uuid.uuid4().hex[:8]}"
        settings = base.model_copy(
            update={"persistence_module": "eventsourcing.postgres", "postgres_schema": name}
        )
        execute(settings, f'CREATE SCHEMA IF NOT EXISTS "{name}"')  # a name we were given
        return settings, lambda: execute(settings, f'DROP SCHEMA "{name}" CASCADE')
    path = Path(db) if db else Path(tempfile.mkdtemp()) / "bench.sqlite"
    settings = base.model_copy(
        update={"persistence_module": "eventsourcing.sqlite", "sqlite_dbname": str(path)}
    )

    def remove() -> None:
        for file in path.parent.glob(f"{path.name}*"):
            file.unlink()

    return settings, remove


def prepare(settings: Settings, events: int, rebuild: bool = False) -> int:
    """Generate (or reuse) a history of at least `events` events, catch every view up; the head."""
    head = _history(settings, events)
    _views(settings, rebuild)
    return head


def _history(settings: Settings, events: int) -> int:
    app = Petitions(settings.eventsourcing_env())
    try:
        head = app.recorder.max_notification_id() or 0
        if head >= events:
            _say(f"reusing a history of {head:,} events")
            return head
        if head:
            raise SystemExit(f"the store holds {head:,} events, fewer than {events:,}: start anew")
        started = time.perf_counter()
        generator = Generator(app, seed=11)
        generator.agencies()
        while (app.recorder.max_notification_id() or 0) < events:
            missing = events - (app.recorder.max_notification_id() or 0)
            generator.generate(min(CHUNK, max(1, int(missing / EVENTS_PER_CASE) + 1)))
            _say(f"  {app.recorder.max_notification_id():,} events")
        head = app.recorder.max_notification_id() or 0
        _say(f"generated {head:,} events in {time.perf_counter() - started:,.0f} s")
        return head
    finally:
        app.close()


def _views(settings: Settings, rebuild: bool) -> None:
    """Catch every view up, one pass over each log for all its views (the real rebuild path)."""
    if rebuild:
        stale = open_views(settings)
        for view in stale.all():
            view.drop_view()
        stale.close()
    views = open_views(settings)
    try:
        by_log: dict[str, list[Any]] = {}
        for view in views.all():
            by_log.setdefault(application_of(PROJECTIONS[view.name]), []).append(view)
        for log, kept in by_log.items():
            started = time.perf_counter()
            projections = [PROJECTIONS[view.name] for view in kept]
            progress = catch_up_all(settings, projections, kept)
            if progress.notifications:
                took = time.perf_counter() - started
                _say(f"caught up {len(kept)} views of {log}: "
                     f"{progress.notifications:,} events in {took:,.0f} s")  # fmt: skip
    finally:
        views.close()
    _analyze(settings)


def _analyze(settings: Settings) -> None:
    """PostgreSQL: vacuum the schema's tables and refresh their planner statistics.

    A deployment's autovacuum does this; the shared test cluster runs with it off,
    and a view caught up in bulk and never analysed is planned as if nearly empty
    (the spans' due-date scan then reads a whole quarter and sorts it); never
    vacuumed, its index-only scans read the table too (no visibility map).
    """
    if settings.persistence_module != "eventsourcing.postgres":
        return
    analyze_schema(settings, settings.postgres_schema)


def time_reports(
    settings: Settings, samples: int, known_at: int, only: str = ""
) -> list[tuple[str, float, float]]:
    """Each report's (name, p50 ms, p99 ms) through HTTP, as the province's leader.

    `only`: the reports whose name contains it (all when empty).
    """
    configure_logging(logging.WARNING)  # one JSON line per request would bury the table
    api = create_app(settings, run_projections=False, bootstrap_admin=False)
    with TestClient(api) as client:
        leader = _leader(client, api.state.stores, settings)
        results = []
        for name, path, params in _cases(known_at):
            if only not in name:
                continue
            p50, p99 = _measure(client, path, params, leader, samples)
            results.append((name, p50, p99))
        return results


def _leader(client: TestClient, stores: Any, settings: Settings) -> dict[str, str]:  # noqa: ANN401
    """The headers of the province leader (created, with an administrator, when missing)."""
    if not _can_login(client, "bench-admin"):
        create_administrator(stores.accounts, "bench-admin", PASSWORD)
    admin = _login(client, "bench-admin")
    app = Petitions(settings.eventsourcing_env())
    try:
        province = _province(app)
    finally:
        app.close()
    if not _can_login(client, "bench-leader"):
        body = {"username": "bench-leader", "password": PASSWORD, "role": "leader",
                "agency_id": str(province)}  # fmt: skip
        created = client.post("/users", json=body, headers=admin)
        assert created.status_code == CREATED, created.text  # noqa: S101
    return _login(client, "bench-leader")


def _cases(known_at: int) -> list[tuple[str, str, dict[str, object]]]:
    """Each report's name, path and query: plain, and with `as_of` and `known_at`."""
    cut: dict[str, object] = {"as_of": AS_OF, "known_at": known_at}
    year: dict[str, object] = {"year": YEAR}
    cases: list[tuple[str, str, dict[str, object]]] = []
    paths = [
        (name, f"/reports/{name}", year) for name in ("statistics", "escalations", "reception")
    ]
    paths.append(("deadlines", "/reports/deadlines", {}))
    # The official forms (docs/forms.md).
    paths += [
        (f"form {f}", f"/reports/forms/{f}", year) for f in ("letters", "settlement", "reception")
    ]
    for name, path, params in paths:
        cases += [(name, path, params), (f"{name} {CUT}", path, {**params, **cut})]
    return cases


def _measure(
    client: TestClient, path: str, params: dict[str, object], headers: dict[str, str], n: int
) -> tuple[float, float]:
    for _ in range(5):
        response = client.get(path, params=params, headers=headers)
        assert response.status_code == OK, response.text  # noqa: S101
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(path, params=params, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == OK, response.text  # noqa: S101
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def _province(app: Petitions) -> uuid.UUID:
    """The generated tree's province (the root agency registered first)."""
    for notification in app.recorder.select_notifications(start=1, limit=50):
        event = app.mapper.to_domain_event(notification)
        if getattr(event, "level", "") == "province" and not getattr(event, "parent_id", None):
            return uuid.UUID(str(event.originator_id))
    raise SystemExit("no province in the history")


def _can_login(client: TestClient, username: str) -> bool:
    response = client.post("/auth/token", data={"username": username, "password": PASSWORD})
    return bool(response.status_code == OK)


def _login(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/auth/token", data={"username": username, "password": PASSWORD})
    assert response.status_code == OK, response.text  # noqa: S101
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
