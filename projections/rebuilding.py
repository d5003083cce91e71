"""Catching views up from their positions to a stop on the one projection path.

`rebuild_all` reads the log once from the lowest position of the views, in batches
read ahead in a thread (`_Reader`), and feeds a `projections.pipeline.Pipeline`;
`projections.batching.rebuild` is its one-view use. `ops.rebuild.catch_up_all` and
`ops.replay` (`replay --all`) run it on fresh copies of the views.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from time import monotonic
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder, Notification

from projections.batching import BatchProjection, Progress
from projections.pipeline import Pipeline
from projections.resources import known_rows_limit


def rebuild_all(
    app: Application[Any],
    projections: Sequence[BatchProjection[Any]],
    *,
    stop: int | None = None,
    batch_size: int = 5000,
    on_batch: Callable[[int], object] | None = None,
) -> Progress:
    """Catch every view of `projections` up from its position to `stop` (or the log's end).

    The log is read once, in batches of `batch_size`, from the lowest position of the
    views; every view commits its own batches. Returns the progress of the pass (its
    `events`: the events the views handled, summed).
    """
    positions = {p.name: p.view.max_tracking_id(app.name) for p in projections}
    known = [p for p in positions.values() if p is not None]
    start = min(known) if len(known) == len(positions) else None
    progress = Progress(started=monotonic(), position=start)
    pipeline = Pipeline(projections, app.name, positions, known_rows=known_rows_limit())
    with gc_paused():
        pipeline.start()
        try:
            for notifications in _Reader(app.recorder, start, stop, batch_size):
                pipeline.feed(notifications, app.mapper)
                progress.notifications += len(notifications)
                progress.batches += 1
                progress.position = notifications[-1].id
                if on_batch is not None:
                    on_batch(len(notifications))
            pipeline.finish()
        finally:
            pipeline.stop()
    progress.events = sum(lane.progress.events for lane in pipeline.lanes)
    return progress


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a rebuild holds many objects and makes no cycles.

    Without this, collections triggered by the rebuild's allocations re-scan the rows
    it keeps in memory and cost about a fifth of its time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Reader:
    """Reads the next batch in a thread while the current one is being processed."""

    def __init__(
        self, recorder: ApplicationRecorder, start: int | None, stop: int | None, batch_size: int
    ) -> None:
        self._recorder = recorder
        self._start = start or 0
        self._stop = stop
        self._limit = batch_size

    def _select(self, start: int) -> Sequence[Notification]:
        return self._recorder.select_notifications(
            start=start, limit=self._limit, stop=self._stop, inclusive_of_start=False
        )

    def __iter__(self) -> Iterator[Sequence[Notification]]:
        with ThreadPoolExecutor(max_workers=1) as pool:
            current = self._select(self._start)
            while current:
                ahead = (
                    pool.submit(self._select, current[-1].id)
                    if len(current) == self._limit
                    else None
                )
                yield current
                if ahead is None:
                    return
                current = ahead.result()
