"""Batched projections on the library's recorders and subscriptions.

`BatchProjection` handles a batch of events against a `Session` of rows, returning
the rows changed; `projections.pipeline` is the one path that feeds it (live
catch-up through `projections.group.GroupRunner`, rebuild and replay through
`rebuild_all`, or `rebuild` for one view). The batching subscriptions hand out
whole pulls (up to `SELECT_LIMIT` notifications while behind; following live, a
pull after a NOTIFY, or a poll on SQLite, is usually a batch of one).

`PollingSQLiteApplicationRecorder` gives SQLite the `subscribe()` it lacks in 9.5.6,
through the library's extension point (`APPLICATION_RECORDER_TOPIC`).

Both application recorders here also run a save's companion writes (`WITH_EVENTS`, a
keyword of `Application.save`) inside the transaction that inserts its events, through
the library's hook for that (`_insert_events`): the data keys a petition's events were
sealed under are committed with them, not in a transaction of their own.
"""

from __future__ import annotations

import inspect
import threading
from abc import abstractmethod
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from time import monotonic
from traceback import format_exc
from typing import Any, ClassVar, Protocol, TypeVar
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
    StoredEvent,
    Subscription,
    Tracking,
)
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresSubscription,
)
from eventsourcing.projection import ApplicationSubscription, Projection
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from eventsourcing.utils import get_topic
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from domain.sealing import WITH_EVENTS
from projections.counters import Counters, Key
from projections.failfast import quick_retry
from projections.rows import Table
from projections.session import Changes, Session
from projections.store import RowStore

TView = TypeVar("TView", bound=RowStore)
SELECT_LIMIT = 2000  # notifications per pull while behind (fewer: less memory in flight)
PULLS_AHEAD = 2  # pulls a subscription keeps ready (the library's default: 10)
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

    def _loop_on_pull(self) -> None:
        # Set here, in the pulling thread, before its first pull: set after the
        # constructor, a first pull shorter than the new limit would end the catch-up.
        self._select_limit = self.select_limit
        self._notifications_queue.maxsize = PULLS_AHEAD
        super()._loop_on_pull()

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


def run_companions(cursor: Any, kwargs: dict[str, Any]) -> None:  # noqa: ANN401
    """Run a save's companion writes (`WITH_EVENTS`) on the cursor of its events' transaction."""
    for write in kwargs.get(WITH_EVENTS, ()):
        write(cursor)


class PollingSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """The SQLite application recorder, with a polling `subscribe()`."""

    writes_with_events: ClassVar[bool] = True  # runs a save's `WITH_EVENTS` writes

    def _insert_events(
        self,
        c: SQLiteCursor,
        stored_events: Sequence[StoredEvent],
        **kwargs: Any,  # noqa: ANN401 (the library's signature)
    ) -> Sequence[int] | None:
        run_companions(c, kwargs)
        return super()._insert_events(c, stored_events, **kwargs)

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
    """The library's LISTEN/NOTIFY subscription, handing out whole pulls."""


class BatchPostgresApplicationRecorder(PostgresApplicationRecorder):
    """The PostgreSQL application recorder, whose subscriptions hand out batches.

    Its reads and writes retry once, quickly, instead of the library's ten times
    0.2 s (see `projections.failfast`).
    """

    writes_with_events: ClassVar[bool] = True  # runs a save's `WITH_EVENTS` writes

    insert_events = quick_retry(PostgresApplicationRecorder.insert_events)
    select_events = quick_retry(PostgresAggregateRecorder.select_events)
    select_notifications = quick_retry(PostgresApplicationRecorder.select_notifications)
    max_notification_id = quick_retry(PostgresApplicationRecorder.max_notification_id)

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return BatchPostgresSubscription(recorder=self, gt=gt, topics=topics)

    def _insert_events(
        self,
        curs: Cursor[DictRow],
        stored_events: Sequence[StoredEvent],
        **kwargs: Any,  # noqa: ANN401 (the library's signature)
    ) -> None:
        """The library runs this first in the transaction (pipelined): the companion writes."""
        run_companions(curs, kwargs)
        super()._insert_events(curs, stored_events, **kwargs)

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
        """The library's per-event entry point: a batch of one, through `handle_events`."""
        object.__setattr__(domain_event, "_log_position", tracking.notification_id)
        after = self.view.max_tracking_id(tracking.application_name)
        self.view.write(self.handle_events([domain_event]), tracking, after)

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


def batches_of(subscription: ApplicationSubscription[Any]) -> BatchSubscription:
    batches = subscription.subscription
    if not isinstance(batches, BatchSubscription):
        raise TypeError("set APPLICATION_RECORDER_TOPIC to a batching recorder")
    return batches


class HasProgress(Protocol):
    @property
    def progress(self) -> Progress: ...

    _thread_error: BaseException | None


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

    The one-view use of the shared path (`projections.rebuilding.rebuild_all`): each
    batch is one transaction holding the rows it changed and the tracking of its last
    notification.
    """
    from projections.rebuilding import rebuild_all  # noqa: PLC0415  # it builds on this module

    return rebuild_all(app, [projection], stop=stop, batch_size=batch_size, on_batch=on_batch)
