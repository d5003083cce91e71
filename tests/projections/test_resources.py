"""The runners' memory: a cache bound that follows the memory left, caches dropped once caught up."""

from __future__ import annotations

import time

from domain.application import Petitions
from ops.history import generate
from ops.rebuild import head
from ops.settings import Settings
from ops.wiring import source_of, view_class
from projections.case_index.projection import CaseIndexProjection
from projections.group import GroupRunner
from projections.pipeline import KNOWN_ROWS
from projections.resources import ROW_BYTES, hand_back, known_rows_limit


def test_the_row_cache_shrinks_when_memory_is_short() -> None:
    assert known_rows_limit(available=64 * 2**30) == KNOWN_ROWS
    assert known_rows_limit(available=80 * ROW_BYTES * 1000) == 10_000
    assert known_rows_limit(available=0) == 0
    assert 0 <= known_rows_limit() <= KNOWN_ROWS
    hand_back()  # harmless anywhere


def test_a_live_runner_drops_its_caches_once_caught_up(sqlite_settings: Settings) -> None:
    app = Petitions(sqlite_settings.eventsourcing_env())
    generate(app, 400, seed=4)  # more than one large pull: a catch-up
    end = head(sqlite_settings)
    application_class, env = source_of(sqlite_settings, CaseIndexProjection)
    runner = GroupRunner(
        application_class=application_class,
        projection_classes=[CaseIndexProjection],
        view_classes=[view_class(sqlite_settings, CaseIndexProjection)],
        env=env,
    )
    try:
        with runner:
            assert runner.views[0].wait_for(end, timeout=60, application_name="petitions")
            pipeline = runner._pipeline
            assert pipeline is not None
            lane = pipeline.lanes[0]
            generate(app, 1, seed=5)  # a short pull: following live
            deadline = time.monotonic() + 10
            while lane.known.complete and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not lane.known.complete  # read back from now on
            _, tables = runner.views[0].dump()
            kept = sum(len(rows) for rows in tables.values())
            assert lane.known.size < kept / 2  # only what the last batches changed
    finally:
        runner.close_views()
        app.close()
