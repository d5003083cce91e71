"""Crash safety: runners killed mid-batch, several runners at once, a replay under live runners.

After each ordeal the views must equal a rebuild from event zero: no event
counted twice, none skipped.
"""

from __future__ import annotations

import signal
import time

from domain.application import Petitions
from ops.history import Generator, generate
from ops.rebuild import catch_up, fresh_copy, head
from ops.replay import replay
from ops.runners import start_runners
from ops.settings import Settings
from ops.verify import verify
from ops.wiring import open_view, open_views
from projections.case_index.persistence import CaseFilter
from projections.catalogue import PROJECTIONS
from tests.ops.conftest import spawn

CASES = 600
KILLS = 3


def test_runners_killed_mid_batch_resume_without_double_counting(store_settings: Settings) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    history = generate(app, CASES, seed=5)
    app.close()
    end = head(store_settings)
    views = open_views(store_settings)
    positions: list[int] = []
    for kill in range(KILLS):
        runner = spawn(store_settings, "run-projections")
        # Kill the process as soon as the slowest view moves past where the last kill left it.
        start = min(v.position() or 0 for v in views.all())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            reached = [v.position() or 0 for v in views.all()]
            if min(reached) > start or max(reached) >= end:
                break
            time.sleep(0.001)
        runner.send_signal(signal.SIGKILL)
        runner.wait()
        positions.append(min(v.position() or 0 for v in views.all()))
        del kill
    assert positions[0] < end  # at least the first kill landed before the end

    runner = spawn(store_settings, "run-projections")
    assert views.wait_for(end, timeout=60)
    runner.send_signal(signal.SIGTERM)
    assert runner.wait(timeout=30) == 0  # clean shutdown on SIGTERM
    for projection in PROJECTIONS.values():
        assert verify(store_settings, projection) == []
    assert views.case_index.count(CaseFilter()) == len(history.records)


def test_two_sets_of_runners_on_one_store_do_not_corrupt_the_views(
    store_settings: Settings,
) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    try:
        with start_runners(store_settings), start_runners(store_settings):
            history = generate(app, 300, seed=3)
            assert open_views(store_settings).wait_for(history.last_position, timeout=60)
    finally:
        app.close()
    for projection in PROJECTIONS.values():
        assert verify(store_settings, projection) == []


def test_a_replay_swaps_in_beside_live_runners_which_carry_on(store_settings: Settings) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    try:
        with start_runners(store_settings) as runners:
            generator = Generator(app, seed=9)
            generator.agencies()
            generator.generate(200)
            views = open_views(store_settings)
            assert views.wait_for(generator.history.last_position, timeout=60)  # type: ignore[union-attr]
            progress = replay(store_settings, "statistics")
            assert progress.notifications == head(store_settings)
            generator.generate(200)
            assert views.wait_for(generator.history.last_position, timeout=60)  # type: ignore[union-attr]
            # A copy swapped in behind the live position: the live runner must notice and
            # reprocess from the copy's position, not carry on from its own.
            projection = PROJECTIONS["deadlines"]
            copy = fresh_copy(store_settings, projection, "deadlines_replay")
            catch_up(store_settings, projection, copy, stop=head(store_settings) // 2)
            copy.swap_into(open_view(store_settings, projection))
            generator.generate(50)
            assert views.wait_for(generator.history.last_position, timeout=60)  # type: ignore[union-attr]
            assert runners.supervisor.restarts >= 1
    finally:
        app.close()
    for projection in PROJECTIONS.values():
        assert verify(store_settings, projection) == []
