"""The full rebuild through the real path against reading and decoding the same log.

- ceiling: every notification of the log read in batches of `PROJECTION_BATCH_SIZE`
  (`select_notifications`) and decoded (the application's mapper), in this process;
- figure: `petitions-ops run-projections` started as its own process on views dropped
  beforehand, timed from its start until every view has reached the log's head
  (the process's start-up included).

The log is written once by the history generator; the two measurements alternate,
so both see the same machine load. The runner's peak RSS and its PostgreSQL
connections are taken just before it is stopped.
"""

from __future__ import annotations

import signal
from time import perf_counter, sleep

from bench.common import (
    Figure,
    load_average,
    median,
    peak_rss_mib,
    pg_connections,
    say,
    spawn,
)
from bench.write_floor import write_floor
from domain.application import Petitions
from ops.history import Generator
from ops.settings import Settings
from ops.wiring import Views, open_users_view, open_views

EVENTS_PER_CASE = 5.2
TARGET = 0.7
CATCH_UP_LIMIT = 3600.0


def write_log(settings: Settings, events: int) -> tuple[int, float]:
    """Generate a history of about `events` events; its events and write rate."""
    app = Petitions(settings.eventsourcing_env())
    try:
        started = perf_counter()
        generator = Generator(app, seed=1)
        generator.agencies()
        history = generator.generate(int(events / EVENTS_PER_CASE) + 1)
        return history.events, history.events / (perf_counter() - started)
    finally:
        app.close()


def read_and_decode(settings: Settings) -> tuple[int, float]:
    """Notifications read and decoded, and the rate (per second)."""
    app = Petitions(settings.eventsourcing_env())
    batch = settings.projection_batch_size
    try:
        started = perf_counter()
        position, count = 0, 0
        while notes := app.recorder.select_notifications(position, batch, inclusive_of_start=False):
            for note in notes:
                app.mapper.to_domain_event(note)
            count += len(notes)
            position = notes[-1].id
        return count, count / (perf_counter() - started)
    finally:
        app.close()


def drop_views(settings: Settings) -> None:
    views = open_views(settings)
    users = open_users_view(settings)
    for view in (*views.all(), users):
        view.drop_view()
        view.close()


def run_projections(settings: Settings, head: int) -> tuple[float, float, int]:
    """Seconds for `run-projections` to rebuild every view from empty; its RSS and conns."""
    drop_views(settings)
    views = open_views(settings)
    try:
        started = perf_counter()
        runner = spawn(settings, "ops.cli", "run-projections")
        try:
            wait_for_views(views, head)  # read from the tables (the in-process board remembers)
            seconds = perf_counter() - started
            rss = peak_rss_mib(runner.pid)
            connections = pg_connections(runner.pid) if settings.uses_postgres else 0
        finally:
            runner.send_signal(signal.SIGTERM)
            runner.wait(timeout=30)
        return seconds, rss, connections
    finally:
        views.close()


def wait_for_views(views: Views, head: int) -> None:
    """Wait until every view has reached position `head` (TimeoutError after an hour)."""
    deadline = perf_counter() + CATCH_UP_LIMIT
    while any((view.position() or 0) < head for view in views.all()):
        if perf_counter() > deadline:
            raise TimeoutError("run-projections did not catch up")
        sleep(0.02)


def rebuild(store: str, settings: Settings, events: int, runs: int) -> list[Figure]:
    """The rebuild figure (and the runner's resources) on a store of about `events` events."""
    written, write_rate = write_log(settings, events)
    say(f"  {store}: wrote {written:,} events at {write_rate:,.0f} events/s")
    ceilings, rates, loads, rss, conns = [], [], [], [], []
    for _ in range(runs):
        head, rate = read_and_decode(settings)
        ceilings.append(rate)
        sleep(0.5)
        seconds, peak, connections = run_projections(settings, head)
        rates.append(head / seconds)
        loads.append(load_average())
        rss.append(peak)
        conns.append(connections)
        say(f"  {store} rebuild: read+decode {rate:,.0f} ev/s, run-projections {rates[-1]:,.0f}")
    value, ceiling, load = median(rates), median(ceilings), median(loads)
    figures = [
        Figure(
            store,
            f"full rebuild, run-projections from empty ({head:,} events)",
            value,
            "events/s",
            ceiling,
            f">= {TARGET:.0%}",
            value / ceiling >= TARGET,
            load,
            note="ceiling: read + decode of the same notifications",
            runs=rates,
        ),
        Figure(store, "run-projections peak RSS", max(rss), "MiB", load=load),
    ]
    figures += _floor_figures(store, settings, head, ceiling)
    if settings.uses_postgres:
        figures.append(
            Figure(store, "run-projections PostgreSQL connections", max(conns), "conns", load=load)
        )
    return figures


def _floor_figures(store: str, settings: Settings, head: int, ceiling: float) -> list[Figure]:
    """The rows the rebuilt views hold per event, and the rate at which the store takes them."""
    batches = -(-head // settings.projection_batch_size)
    floor = write_floor(store, settings, batches)
    rate = floor.rate(head)
    say(f"  {store} write floor: {floor.rows:,} rows in {floor.seconds:.1f} s, {rate:,.0f} ev/s")
    return [
        Figure(
            store,
            "rows the rebuilt views hold per log event",
            floor.rows / head if head else 0.0,
            "rows",
            load=load_average(),
        ),
        Figure(
            store,
            "write floor: the rebuilt views' rows inserted into empty views",
            rate,
            "events/s",
            ceiling,
            load=load_average(),
            note="COPY (PostgreSQL) or INSERTs (SQLite) in key order, no projection work: "
            "no rebuild of these rows is faster, so its ratio is the most the rebuild's can be",
        ),
    ]
