"""The one projection path: lanes do not wait for each other, a lane's error stops the runner."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
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
from projections.pipeline import Pipeline, _Known
from projections.rebuilding import _Reader
from projections.statistics.projection import StatisticsProjection
from projections.store import Changes

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


def test_a_released_cache_keeps_the_batch_whose_write_may_be_in_flight() -> None:
    """Released (caught up) or past its bound, a lane's cache still holds its last batch.

    The lane handles a batch while the previous one is being written: were that
    batch's rows dropped, the next read back would see them as before the write
    (a lost update of the row, seen as a flaky live-vs-rebuild difference).
    """
    first: Changes = {"clock": {"09:00:01": "first"}, "counts": {"k": 1}}
    last: Changes = {"clock": {"09:00:02": "last"}, "counts": {"k": 1}}
    known = _Known(complete=True, bound=0, additive=frozenset({"counts"}))
    known.add(first)
    known.add(last)  # past the bound: the committed rows go, the last batch's stay
    assert known.rows == {"clock": {"09:00:02": "last"}}
    assert known.complete is False
    known.forget()
    assert known.rows == {"clock": {"09:00:02": "last"}}
