"""Batched projection processing on the library's recorders, subscriptions and runner.

The library's `ProjectionRunner` commits once per event. Here the subscription's
pulls (up to `select_limit` notifications each) are handed to the projection as
one batch, processed in one transaction with the tracking of the batch's last
notification. Live following uses the same path: a pull after a NOTIFY (or a
poll on SQLite) is usually a batch of one.

`PollingSQLiteApplicationRecorder` gives SQLite the `subscribe()` it lacks in 9.5.6,
through the library's extension point (`APPLICATION_RECORDER_TOPIC`).
"""

from __future__ import annotations

import gc
import inspect
import threading
import weakref
from abc import abstractmethod
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from time import monotonic
from traceback import format_exc
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar
from uuid import UUID
from warnings import warn

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    ApplicationRecorder,
    ListenNotifySubscription,
    Mapper,
    Notification,
    ShutDown,
    Subscription,
    Tracking,
)
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresSubscription,
)
from eventsourcing.projection import ApplicationSubscription, Projection, ProjectionRunner
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import get_topic
from psycopg.sql import SQL, Identifier

from projections.counters import Counters, Key
from projections.failfast import quick_retry
from projections.rows import Table
from projections.store import Changes, RowStore, Session

if TYPE_CHECKING:
    from threading import Event

TView = TypeVar("TView", bound=RowStore)
SELECT_LIMIT = 500
KNOWN_ROWS = 500_000  # rows a rebuild keeps in memory to avoid reading back what it wrote
POLL_INTERVAL = 0.01


def decode_at(mapper: Mapper[Any], notification: Notification) -> Any:  # noqa: ANN401
    """The notification's domain event, remembering its log position (see `log_position`)."""
    event = mapper.to_domain_event(notification)
    object.__setattr__(event, "_log_position", notification.id)
    return event


def log_position(event: object) -> int:
    """The notification id an event was decoded from (0 when it was not decoded from the log)."""
    position: int = getattr(event, "_log_position", 0)
    return position


class BatchSubscription(ListenNotifySubscription[Any]):
    """A listen/notify subscription that also hands out whole pulls as batches."""

    select_limit: ClassVar[int] = SELECT_LIMIT
    poll_interval: ClassVar[float] = POLL_INTERVAL

    def next_batch(self) -> Sequence[Notification]:
        """The notifications not yet taken from the current pull, waiting for the next one."""
        if self._notifications_index == len(self._notifications) and not self._has_been_stopped:
            try:
                self._notifications = self._notifications_queue.get()
            except ShutDown:
                pass
            else:
                self._notifications_queue.task_done()
                self._notifications_index = 0
        if self._has_been_stopped:
            if self._thread_error is not None:
                raise self._thread_error
            raise StopIteration
        batch = self._notifications[self._notifications_index :]
        self._notifications_index = len(self._notifications)
        return batch


class PollingSubscription(BatchSubscription):
    """Follows a SQLite store by polling its maximum notification id."""

    def __init__(
        self, recorder: SQLiteApplicationRecorder, gt: int | None = None, topics: Sequence[str] = ()
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._select_limit = self.select_limit
        self._poll_thread = threading.Thread(target=self._poll, daemon=True)
        self._poll_thread.start()

    def __exit__(self, *args: object, **kwargs: object) -> None:
        try:
            super().__exit__(*args, **kwargs)
        finally:
            self._poll_thread.join()

    def _poll(self) -> None:
        seen = -1
        try:
            while not self._has_been_stopped:
                current = self._recorder.max_notification_id() or 0
                if current != seen:
                    seen = current
                    self._has_been_notified.set()
                threading.Event().wait(self.poll_interval)
        except BaseException as error:  # noqa: BLE001  # handed to the reader, as the library does
            if self._thread_error is None:
                self._thread_error = error
            self.stop()


class PollingSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """The SQLite application recorder, with a polling `subscribe()`."""

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return PollingSubscription(self, gt=gt, topics=topics)

    def position_of(self, originator_id: UUID, version: int) -> int | None:
        """The notification id of one stored event, if it is stored."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT rowid FROM {self.events_table_name} "  # noqa: S608  # our table name
                "WHERE originator_id = ? AND originator_version = ?",
                (originator_id.hex, version),
            )
            row = c.fetchone()
        return None if row is None else int(row[0])


class SlowPollingSubscription(PollingSubscription):
    """Polls every quarter second: for followers that need no millisecond latency."""

    poll_interval: ClassVar[float] = 0.25


class SlowPollingSQLiteApplicationRecorder(PollingSQLiteApplicationRecorder):
    """The polling SQLite recorder for the integrity logs' runners."""

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return SlowPollingSubscription(self, gt=gt, topics=topics)


class BatchPostgresSubscription(PostgresSubscription, BatchSubscription):
    def __init__(
        self,
        recorder: PostgresApplicationRecorder,
        gt: int | None = None,
        topics: Sequence[str] = (),
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._select_limit = self.select_limit


class BatchPostgresApplicationRecorder(PostgresApplicationRecorder):
    """The PostgreSQL application recorder, whose subscriptions hand out batches.

    Its reads and writes retry once, quickly, instead of the library's ten times
    0.2 s (see `projections.failfast`).
    """

    insert_events = quick_retry(PostgresApplicationRecorder.insert_events)
    select_events = quick_retry(PostgresAggregateRecorder.select_events)
    select_notifications = quick_retry(PostgresApplicationRecorder.select_notifications)
    max_notification_id = quick_retry(PostgresApplicationRecorder.max_notification_id)

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return BatchPostgresSubscription(recorder=self, gt=gt, topics=topics)

    @quick_retry
    def position_of(self, originator_id: UUID, version: int) -> int | None:
        """The notification id of one stored event, if it is stored."""
        statement = SQL(
            "SELECT notification_id FROM {schema}.{table} "
            "WHERE originator_id = %s AND originator_version = %s"
        ).format(schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, (originator_id, version), prepare=True)
            row = curs.fetchone()
        return None if row is None else int(row["notification_id"])


class BatchProjection(Projection[TView]):
    """A projection whose events are applied a batch at a time to a `RowStore` view.

    Subclasses register one `handle` method per event class they need; the
    catch-all ignores the event, so the batch's tracking still records it.
    `interests` names the event classes to decode; other notifications are
    skipped undecoded but still advance the position, so read-your-writes waits
    on any notification id complete.
    """

    interests: ClassVar[tuple[type, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._interest_topics = frozenset(get_topic(c) for c in cls.interests)

    _interest_topics: ClassVar[frozenset[str]] = frozenset()

    def process_event(self, domain_event: DomainEventProtocol[Any], tracking: Tracking) -> None:
        """The library's per-event entry point: a batch of one."""
        after = self.view.max_tracking_id(tracking.application_name)
        with self.view.session(tracking, after) as session:
            session.prefetch([domain_event.originator_id])
            session.position = tracking.notification_id
            session.recorded_at = getattr(domain_event, "timestamp", None)
            if self.counted is None:
                self._handler(type(domain_event))(self, domain_event, session)
            else:
                self._counting(self.counted, domain_event, session)

    def process_notifications(
        self,
        notifications: Sequence[Notification],
        mapper: Mapper[Any],
        tracking: Tracking,
        after: int | None,
    ) -> int:
        """Decode, handle and commit one batch; returns how many events were decoded."""
        changes, events = self.handle_batch(notifications, mapper)
        self.view.write(changes, tracking, after)
        return events

    def handle_batch(
        self,
        notifications: Sequence[Notification],
        mapper: Mapper[Any],
        base: Changes | None = None,
        complete: bool = False,
    ) -> tuple[Changes, int]:
        """Decode and handle a batch, returning the rows it changes (not yet written)."""
        events = self.decode(notifications, mapper)
        return self.handle_events(events, base, complete), len(events)

    def decode(self, notifications: Sequence[Notification], mapper: Mapper[Any]) -> list[Any]:
        """The domain events of the notifications this projection is interested in."""
        wanted = self._interest_topics
        return [decode_at(mapper, n) for n in notifications if n.topic in wanted]

    def handle_events(
        self, events: Sequence[Any], base: Changes | None = None, complete: bool = False
    ) -> Changes:
        """Handle decoded events, returning the rows they change (not yet written)."""
        session = Session(self.view, base, complete)
        session.prefetch(e.originator_id for e in events)
        handler = self._handler
        counted = self.counted
        for event in events:
            session.position = log_position(event)
            session.recorded_at = getattr(event, "timestamp", None)
            if counted is None:
                handler(type(event))(self, event, session)
            else:
                self._counting(counted, event, session)
        return session.changes()

    def _counting(self, counted: Table[Any], event: Any, session: Session) -> None:  # noqa: ANN401
        """Handle `event`, adding the change of its row's contributions to the counters."""
        old = session.get(counted, event.originator_id)
        before = self.contributions(old) if old is not None else Counter()
        self._handler(type(event))(self, event, session)
        new = session.get(counted, event.originator_id)
        after = self.contributions(new) if new is not None else Counter()
        if before != after:
            self.counters().change(session, before, after)

    # Views whose figures are pre-aggregated name the table whose rows contribute to the
    # counters (one row per originator), and say what each row contributes.
    counted: ClassVar[Table[Any] | None] = None

    def contributions(self, row: Any) -> Counter[Key]:  # noqa: ANN401
        """What one row of `counted` adds to the counters."""
        raise NotImplementedError

    def counters(self) -> Counters:
        raise NotImplementedError

    @classmethod
    def interest_topics(cls) -> frozenset[str]:
        return cls._interest_topics

    def _handler(self, cls: type) -> Callable[[Any, Any, Session], None]:
        handlers: dict[type, Any] | None = self.__dict__.get("_handlers")
        if handlers is None:
            handlers = self.__dict__["_handlers"] = {}
        handler = handlers.get(cls)
        if handler is None:
            descriptor: Any = inspect.getattr_static(type(self), "handle")
            descriptor.__get__(self, type(self))  # completes deferred registrations
            handler = handlers[cls] = descriptor.dispatcher.dispatch(cls)
        return handler  # type: ignore[no-any-return]

    @abstractmethod
    def handle(self, event: object, session: Session) -> None:
        """Apply one event to the session's rows (a `singledispatchmethod` in subclasses)."""

    @classmethod
    @abstractmethod
    def view_classes(cls) -> dict[str, type[TView]]:
        """The view class for each persistence module."""


@dataclass
class Progress:
    notifications: int = 0
    events: int = 0
    batches: int = 0
    position: int | None = None
    started: float = 0.0

    def rate(self) -> float:
        elapsed = monotonic() - self.started
        return self.notifications / elapsed if elapsed > 0 else 0.0


class BatchProjectionRunner(ProjectionRunner[Application[Any], TView], Generic[TView]):
    """The library's runner, processing each pull of the subscription as one batch."""

    def __init__(
        self,
        *,
        application_class: type[Application[Any]],
        projection_class: type[Projection[TView]],
        view_class: type[TView],
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.progress = Progress(started=monotonic())
        super().__init__(
            application_class=application_class,
            projection_class=projection_class,
            view_class=view_class,
            env=env,
        )

    @staticmethod
    def _process_events_loop(  # type: ignore[override]
        subscription: ApplicationSubscription[Any],
        projection: BatchProjection[Any],
        is_stopping: Event,
        runner: weakref.ReferenceType[BatchProjectionRunner[Any]],
    ) -> None:
        try:
            batches = batches_of(subscription)
            after = projection.view.max_tracking_id(subscription.name)
            while True:
                try:
                    notifications = batches.next_batch()
                except StopIteration:
                    break
                if not notifications:
                    continue
                last = notifications[-1].id
                tracking = Tracking(subscription.name, last)
                events = projection.process_notifications(
                    notifications, subscription.mapper, tracking, after
                )
                after = last
                record_progress(runner(), len(notifications), events, last)
        except BaseException as error:  # noqa: BLE001  # re-raised by run_forever()
            keep_thread_error(runner(), error)
        finally:
            is_stopping.set()


def batches_of(subscription: ApplicationSubscription[Any]) -> BatchSubscription:
    batches = subscription.subscription
    if not isinstance(batches, BatchSubscription):
        raise TypeError("set APPLICATION_RECORDER_TOPIC to a batching recorder")
    return batches


class HasProgress(Protocol):
    progress: Progress
    _thread_error: BaseException | None


def record_progress(runner: HasProgress | None, notes: int, events: int, last: int) -> None:
    """Count one processed batch on a runner still alive."""
    if runner is None:
        return
    runner.progress.notifications += notes
    runner.progress.events += events
    runner.progress.batches += 1
    runner.progress.position = last


def keep_thread_error(runner: HasProgress | None, error: BaseException) -> None:
    """Hand a processing thread's error to its runner, whose `run_forever()` re-raises it."""
    if runner is not None:
        runner._thread_error = error  # noqa: SLF001
    else:
        warn(f"runner deleted before its error was kept:\n{format_exc()}", stacklevel=2)


def rebuild(
    app: Application[Any],
    projection: BatchProjection[Any],
    *,
    stop: int | None = None,
    batch_size: int = 1000,
    on_batch: Callable[[int], object] | None = None,
) -> Progress:
    """Catch `projection`'s view up from its position to `stop` (or the end), in batches.

    Reads with the library's `select_notifications`; each batch is one transaction
    holding the rows it changed and the tracking of its last notification.
    """
    with _gc_paused():
        return _rebuild(app, projection, stop, batch_size, on_batch)


@contextmanager
def _gc_paused() -> Iterator[None]:
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


def _rebuild(
    app: Application[Any],
    projection: BatchProjection[Any],
    stop: int | None,
    batch_size: int,
    on_batch: Callable[[int], object] | None,
) -> Progress:
    progress = Progress(started=monotonic())
    position = projection.view.max_tracking_id(app.name)
    # Rows this rebuild has written; from an empty view they are all the rows there are.
    known = _Known(complete=position is None)
    batches = _decoded_here(app, projection, position, stop, batch_size)
    with ThreadPoolExecutor(max_workers=1) as writer:
        writing: Future[None] | None = None
        for batch in batches:
            # Handle this batch while the previous one is being written.
            changes = projection.handle_events(batch.events, known.rows, known.complete)
            if writing is not None:
                writing.result()
            tracking = Tracking(app.name, batch.last)
            writing = writer.submit(projection.view.write, changes, tracking, position)
            known.add(changes)
            position = batch.last
            progress.events += len(batch.events)
            progress.notifications += batch.notifications
            progress.batches += 1
            progress.position = batch.last
            if on_batch is not None:
                on_batch(batch.notifications)
        if writing is not None:
            writing.result()
    return progress


@dataclass(frozen=True)
class Decoded:
    """A batch read and decoded: its last notification id, its size, its wanted events."""

    last: int
    notifications: int
    events: list[Any]


def _decoded_here(
    app: Application[Any],
    projection: BatchProjection[Any],
    start: int | None,
    stop: int | None,
    batch_size: int,
) -> Iterator[Decoded]:
    for notifications in _Reader(app.recorder, start, stop, batch_size):
        events = projection.decode(notifications, app.mapper)
        yield Decoded(notifications[-1].id, len(notifications), events)


class _Known:
    """Rows a rebuild wrote, up to a bound; past it, only the last batch's are kept."""

    def __init__(self, complete: bool) -> None:
        self.rows: Changes = {}
        self.complete = complete
        self.size = 0

    def add(self, changes: Changes) -> None:
        if self.size > KNOWN_ROWS:
            self.rows, self.size, self.complete = {}, 0, False
        for suffix, rows in changes.items():
            mine = self.rows.setdefault(suffix, {})
            self.size += len(rows.keys() - mine.keys())
            mine.update(rows)


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
