"""The one projection path: lanes do not wait for each other, a lane's error stops the runner."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import pytest

from domain.application import Petitions
from ops.history import generate
from ops.rebuild import head
from ops.settings import Settings
from ops.wiring import open_views, source_of, view_class
from projections.batching import BatchProjection
from projections.escalations.projection import EscalationsProjection
from projections.group import GroupRunner
from projections.pipeline import Batch, Lane, Pipeline
from projections.rebuilding import _Reader
from projections.session import Changes
from projections.statistics.projection import StatisticsProjection

GATE = threading.Event()


class GatedEscalations(EscalationsProjection):
    """Escalations that handle nothing until `GATE` opens: the slowest view there can be."""

    def handle_events(
        self, events: Sequence[Any], base: Changes | None = None, complete: bool = False
    ) -> Changes:
        GATE.wait(30)
        return super().handle_events(events, base, complete)


class BrokenError(Exception):
    pass


class BrokenEscalations(EscalationsProjection):
    def handle_events(
        self, events: Sequence[Any], base: Changes | None = None, complete: bool = False
    ) -> Changes:
        raise BrokenError("escalations cannot handle this batch")


def _history(settings: Settings, cases: int) -> int:
    app = Petitions(settings.eventsourcing_env())
    try:
        generate(app, cases, seed=11)
    finally:
        app.close()
    return head(settings)


def test_a_blocked_view_does_not_hold_up_a_fast_one(sqlite_settings: Settings) -> None:
    end = _history(sqlite_settings, 60)
    views = open_views(sqlite_settings)
    fast = StatisticsProjection(views.statistics)
    slow = GatedEscalations(views.escalations)
    app = Petitions(sqlite_settings.eventsourcing_env())
    GATE.clear()
    pipeline = Pipeline([fast, slow], app.name, {fast.name: None, slow.name: None})
    pipeline.start()
    try:
        # Three batches: the gated lane holds one and queues the others; the reader
        # never waits for it, and the fast lane writes every batch meanwhile.
        for notifications in _Reader(app.recorder, None, None, end // 3 + 1):
            pipeline.feed(notifications, app.mapper)
        assert fast.view.wait_for(end, timeout=30)
        assert slow.view.position() is None
        GATE.set()
        pipeline.finish()
        assert slow.view.position() == end
    finally:
        GATE.set()
        pipeline.stop()
        app.close()
        views.close()


def test_an_error_in_one_lane_stops_the_runner_and_surfaces_from_run_forever(
    store_settings: Settings,
) -> None:
    _history(store_settings, 20)
    projections: list[type[BatchProjection[Any]]] = [StatisticsProjection, BrokenEscalations]
    application_class, env = source_of(store_settings, StatisticsProjection)
    runner = GroupRunner(
        application_class=application_class,
        projection_classes=projections,
        view_classes=[view_class(store_settings, p) for p in projections],
        env=env,
    )
    started = time.monotonic()
    try:
        with runner, pytest.raises(BrokenError):
            runner.run_forever(timeout=30)
    finally:
        runner.close_views()
    assert time.monotonic() - started < 30
    assert runner.is_interrupted.is_set()


class SlowlyWritten:
    """A one-counter view whose writes take 0.5 s: a lane handles its next batch meanwhile."""

    name = "slow"

    def __init__(self) -> None:
        self.stored: dict[object, Any] = {}
        self.view = SimpleNamespace(tables=(), write=self.write)

    def interest_topics(self) -> tuple[str, ...]:
        return ()

    def handle_events(self, events: list[Any], base: Changes, complete: bool) -> Changes:
        rows = base.get("rows", {})
        count = rows["n"] if "n" in rows else 0 if complete else self.stored.get("n", 0)
        return {"rows": {"n": count + len(events)}}

    def write(self, changes: Changes, tracking: object, after: object) -> None:
        time.sleep(0.5)
        self.stored.update(changes["rows"])


def test_a_released_cache_is_dropped_only_once_the_write_in_flight_is_in() -> None:
    """Caught up, a lane drops its row cache; what it reads back then includes its last write.

    Dropped while the previous batch was still being written, the next batch would
    read the row as it was before that write and lose it (seen as a flaky
    live-vs-rebuild difference of the counters' clock).
    """
    view = SlowlyWritten()
    lane = Lane(view, "petitions", None, lambda error: None)  # type: ignore[arg-type]
    lane.start()
    lane.offer(Batch(1, 1, ["first"]))
    time.sleep(0.05)  # handled; its write in flight
    lane.releasing.set()
    time.sleep(0.15)  # the lane, waiting for its next batch, sees the release
    lane.offer(Batch(2, 1, ["second"]))
    lane.offer(None)
    lane.join(5)
    assert view.stored == {"n": 2}
    assert lane.known.complete is False  # read back from now on
