"""One projection path for live catch-up, rebuild and replay.

A `Pipeline` takes the batches of notifications read once from a log, decodes each
notification once for all its views (the union of their interests; integrity views,
`raw`, take the notifications undecoded) and hands each view its share through a
`Lane`: a thread with a bounded queue. A lane handles a batch against the rows it
wrote before (its row cache, `_Known`: complete when the view started empty, so
nothing is read back) while its previous batch is being written, and merges batches
waiting in its queue into one transaction. Each write is one transaction holding the
rows and the view's tracking position, by compare-and-set from the lane's own
position. A lane never waits for another lane: the reader waits only while a lane's
queue is full, so memory stays bounded (`QUEUE_DEPTH` batches per lane, fewer
following live, and at most `KNOWN_ROWS` cached rows shared by the lanes, fewer
where memory is short: `projections.resources.known_rows_limit`). `release()`
drops the caches once a live runner has caught up.

`GroupRunner` (`projections.group`) feeds a pipeline from the live subscription;
`projections.rebuilding.rebuild_all` (and `rebuild`, one view) feed it from
`select_notifications` up to a stop position.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from queue import Empty, Full, Queue
from threading import Event, Thread
from time import monotonic
from typing import Any

from eventsourcing.persistence import Mapper, Notification, Tracking

from projections.batching import BatchProjection, Progress, decode_at
from projections.session import Changes

QUEUE_DEPTH = 3  # batches waiting for a lane (a rebuild's; a live runner's: see group.py)
MERGE_UP_TO = 5000  # notifications a lane merges from its queue into one transaction
KNOWN_ROWS = 200_000  # rows the lanes of a pipeline keep in all (~1 KiB each), not read back
WAIT = 0.05  # seconds between checks for a stop while a queue is full or empty


class Stopped(Exception):  # noqa: N818  # a signal, not a failure
    """The pipeline was stopped (or a lane failed) while a batch waited for a lane."""


@dataclass
class Batch:
    """One lane's share of a batch: its last notification id, its size, its events."""

    last: int
    notifications: int
    events: list[Any]


class _Known:
    """Rows a lane wrote, up to a bound; past it, only the last batch's are kept."""

    def __init__(
        self, complete: bool, bound: int = KNOWN_ROWS, additive: frozenset[str] = frozenset()
    ) -> None:
        self.rows: Changes = {}
        # Tables of deltas (counters): never read back by a session, so not kept.
        self.additive = additive
        self.complete = complete
        self.size = 0
        self.bound = bound

    def forget(self) -> None:
        """Drop the rows kept: from now on the lane reads back what it needs."""
        self.rows, self.size, self.complete = {}, 0, False

    def add(self, changes: Changes) -> None:
        if self.size > self.bound:
            self.forget()
        for suffix, rows in changes.items():
            if suffix in self.additive:
                continue
            mine = self.rows.setdefault(suffix, {})
            self.size += len(rows.keys() - mine.keys())
            mine.update(rows)


class Lane:
    """One view's thread: handles its batches in order, writing each while the next is handled."""

    def __init__(
        self,
        projection: BatchProjection[Any],
        application_name: str,
        position: int | None,
        on_error: Callable[[BaseException], None],
        known_rows: int = KNOWN_ROWS,
        queue_depth: int = QUEUE_DEPTH,
    ) -> None:
        self.projection = projection
        self.name = projection.name
        self.raw = bool(getattr(projection, "raw", False))
        self.topics = projection.interest_topics()
        self.application_name = application_name
        self.fed = position  # the last notification id handed to this lane
        self.position = position  # the last notification id whose write was submitted
        self.committed = position  # the last notification id committed
        self.progress = Progress(started=monotonic(), position=position)
        additive = frozenset(t.suffix for t in projection.view.tables if t.additive)
        self.known = _Known(complete=position is None, bound=known_rows, additive=additive)
        self.queue: Queue[Batch | None] = Queue(queue_depth)
        self.stopping = Event()
        self.releasing = Event()  # drop the row cache before the next batch
        self._on_error = on_error
        self._thread = Thread(target=self._run, name=f"lane-{self.name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def offer(self, batch: Batch | None) -> None:
        """Queue `batch` (None: the end), waiting while the queue is full; `Stopped` if stopped."""
        while True:
            if self.stopping.is_set():
                raise Stopped(self.name)
            try:
                self.queue.put(batch, timeout=WAIT)
            except Full:
                continue
            return

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def _next(self) -> Batch | None:
        """The next batch, merged with those queued behind it (None at the end or on a stop)."""
        while not self.stopping.is_set():
            if self.releasing.is_set():  # here, in the lane's thread, which owns the cache
                self.releasing.clear()
                self.known.forget()  # incomplete: the next batch waits for the write in flight
            try:
                batch = self.queue.get(timeout=WAIT)
            except Empty:
                continue
            while batch is not None and batch.notifications < MERGE_UP_TO:
                try:
                    more = self.queue.get_nowait()
                except Empty:
                    break
                if more is None:
                    self.queue.put(None)  # the end, after this merged batch
                    break
                batch = Batch(
                    more.last, batch.notifications + more.notifications, batch.events + more.events
                )
            return batch
        return None

    def _run(self) -> None:
        try:
            with ThreadPoolExecutor(1, thread_name_prefix=f"write-{self.name}") as writer:
                writing: Future[None] | None = None
                while (batch := self._next()) is not None:
                    writing = self._handle(batch, writer, writing)
                if writing is not None:
                    writing.result()
        except BaseException as error:  # noqa: BLE001  # handed to the pipeline's owner
            self.stopping.set()
            self._on_error(error)

    def _handle(
        self, batch: Batch, writer: ThreadPoolExecutor, writing: Future[None] | None
    ) -> Future[None] | None:
        """Handle `batch` while the previous one is written, then submit its own write."""
        known = self.known
        if not known.complete and writing is not None:
            # Rows read back must include the write in flight (and they are read on the
            # view's one connection, `ops.budget`, which the write holds): wait for it.
            writing.result()
            writing = None
        changes = self.projection.handle_events(batch.events, known.rows, known.complete)
        if writing is not None:
            writing.result()
        if self.stopping.is_set():
            return None
        tracking = Tracking(self.application_name, batch.last)
        after, self.position = self.position, batch.last
        writing = writer.submit(self.projection.view.write, changes, tracking, after)
        writing.add_done_callback(lambda done: self._written(done, batch.last))
        known.add(changes)
        progress = self.progress
        progress.events += len(batch.events)
        progress.notifications += batch.notifications
        progress.batches += 1
        progress.position = batch.last
        return writing

    def _written(self, done: Future[None], last: int) -> None:
        """Note a commit; a failed write stops the pipeline now, not at the next batch."""
        error = done.exception()
        if error is None:
            self.committed = last
            return
        self.stopping.set()
        self._on_error(error)


class Pipeline:
    """Views following one log: each notification decoded once, each view in its own lane."""

    def __init__(
        self,
        projections: Sequence[BatchProjection[Any]],
        application_name: str,
        positions: Mapping[str, int | None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        queue_depth: int = QUEUE_DEPTH,
        known_rows: int = KNOWN_ROWS,
    ) -> None:
        share = known_rows // max(len(projections), 1)  # memory: `known_rows` rows in all
        self.lanes = [
            Lane(p, application_name, positions[p.name], self._failed, share, queue_depth)
            for p in projections
        ]
        self.wanted = frozenset().union(*(lane.topics for lane in self.lanes if not lane.raw))
        self.error: BaseException | None = None
        self._on_error = on_error

    def start(self) -> None:
        for lane in self.lanes:
            lane.start()

    def position(self) -> int | None:
        """The lowest position the lanes have committed (None while one has none)."""
        positions = [lane.committed for lane in self.lanes]
        return None if any(p is None for p in positions) else min(p or 0 for p in positions)

    def feed(self, notifications: Sequence[Notification], mapper: Mapper[Any]) -> int:
        """Hand each lane its part of `notifications`; the events decoded (0 if none are due).

        Waits while a due lane's queue is full; raises a lane's error, or `Stopped`.
        """
        last = notifications[-1].id
        due = [lane for lane in self.lanes if lane.fed is None or lane.fed < last]
        if not due:
            return 0
        wanted = self.wanted
        decoded = [
            (n.id, n.topic, decode_at(mapper, n) if n.topic in wanted else None)
            for n in notifications
        ]
        first = notifications[0].id
        try:
            for lane in due:
                lane.offer(_share(lane, notifications, decoded, first))
                lane.fed = last
        except Stopped:
            if self.error is not None:
                raise self.error from None
            raise
        if self.error is not None:
            raise self.error
        return sum(1 for _, _, event in decoded if event is not None)

    def finish(self) -> None:
        """Let the lanes handle and write everything fed, then raise the first error if any."""
        try:
            for lane in self.lanes:
                lane.offer(None)
        except Stopped:
            pass
        for lane in self.lanes:
            lane.join()
        if self.error is not None:
            raise self.error

    def release(self) -> None:
        """Have every lane drop its row cache before its next batch (caught up: memory back)."""
        for lane in self.lanes:
            lane.releasing.set()

    def stop(self, timeout: float | None = None) -> None:
        """Stop every lane after its current batch; wait for them (at most `timeout` s in all).

        Its owner closes the views after this: without a timeout, no lane still uses
        them then (closing a SQLite connection a lane is using crashes the process).
        """
        for lane in self.lanes:
            lane.stopping.set()
        deadline = None if timeout is None else monotonic() + timeout
        for lane in self.lanes:
            lane.join(None if deadline is None else max(deadline - monotonic(), 0.0))

    def _failed(self, error: BaseException) -> None:
        if self.error is None:
            self.error = error
        for lane in self.lanes:
            lane.stopping.set()
        if self._on_error is not None:
            self._on_error(error)


def _share(
    lane: Lane,
    notifications: Sequence[Notification],
    decoded: list[tuple[int, str, Any]],
    first: int,
) -> Batch:
    """The part of a batch `lane` has not processed: undecoded for a raw lane."""
    after = lane.fed
    last = notifications[-1].id
    if after is None or after < first:
        count = len(notifications)
        if lane.raw:
            return Batch(last, count, list(notifications))
        topics = lane.topics
        return Batch(last, count, [e for _, t, e in decoded if t in topics])
    count = sum(1 for n in notifications if n.id > after)
    if lane.raw:
        return Batch(last, count, [n for n in notifications if n.id > after])
    topics = lane.topics
    return Batch(last, count, [e for i, t, e in decoded if i > after and t in topics])
