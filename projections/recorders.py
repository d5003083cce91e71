"""The library's recorders and subscriptions, handing out batches of notifications.

The batching subscriptions hand out whole pulls (up to `SELECT_LIMIT` notifications
while behind; following live, a pull after a NOTIFY, or a poll on SQLite, is usually
a batch of one), which `projections.group.GroupRunner` feeds to the views' pipeline.

`PollingSQLiteApplicationRecorder` gives SQLite the `subscribe()` it lacks in 9.5.6,
through the library's extension point (`APPLICATION_RECORDER_TOPIC`).

Both application recorders here also run a save's companion writes (`WITH_EVENTS`, a
keyword of `Application.save`) inside the transaction that inserts its events, through
the library's hook for that (`_insert_events`): the data keys a petition's events were
sealed under are committed with them, not in a transaction of their own.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    ListenNotifySubscription,
    Notification,
    ShutDown,
    StoredEvent,
    Subscription,
)
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresSubscription,
)
from eventsourcing.projection import ApplicationSubscription
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composable, Composed, Identifier

from domain.read_cache import Change
from domain.sealing import WITH_EVENTS
from projections.changes import PostgresChanges, sqlite_changes
from projections.failfast import quick_retry

SELECT_LIMIT = 2000  # notifications per pull while behind (fewer: less memory in flight)
PULLS_AHEAD = 2  # pulls a subscription keeps ready (the library's default: 10)
POLL_INTERVAL = 0.01


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

    def select_changes(
        self, after: int, limit: int, stop: int | None = None, topics: Sequence[str] = ()
    ) -> Sequence[Change]:
        """The events after `after` without their states (`domain.read_cache.ChangeLog`)."""
        return sqlite_changes(self, after, limit, stop, topics)

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


def binary_parameters(statement: Composed) -> Composed:
    """The library's statement, with each `%s` parameter sent in binary (`%b`).

    The library sends a save's array of stored-event composites as text, which psycopg
    builds by escaping every field of every event in Python: half of a bulk save's time
    on the client. Sent in binary, each field goes as its own bytes, and a save takes
    about half as long. The rows stored are the same (`tests/projections/test_binary_insert.py`).
    (With `POSTGRES_ENABLE_DB_FUNCTIONS` the library inserts through a database function
    instead, whose call is left as it is.)
    """
    return Composed([_binary_part(part) for part in statement])


def _binary_part(part: Composable) -> Composable:
    if isinstance(part, Composed):
        return binary_parameters(part)
    if isinstance(part, SQL):
        return SQL(_TEXT_PARAMETER.sub(_to_binary, part.as_string()))
    return part


_TEXT_PARAMETER = re.compile(r"%(%|s)")  # `%%` is a literal percent sign, left alone


def _to_binary(match: re.Match[str]) -> str:
    return "%%" if match[1] == "%" else "%b"


class BatchPostgresApplicationRecorder(PostgresApplicationRecorder):
    """The PostgreSQL application recorder, whose subscriptions hand out batches.

    Its reads and writes retry once, quickly, instead of the library's ten times
    0.2 s (see `projections.failfast`).
    """

    writes_with_events: ClassVar[bool] = True  # runs a save's `WITH_EVENTS` writes

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401 (the library's)
        super().__init__(*args, **kwargs)
        # Binary fields are dumped by the column's type: a uuid column takes UUIDs only
        # (a text id type keeps the library's text parameter, which converts either).
        if self.datastore.originator_id_type == "uuid":
            self.insert_events_statement = binary_parameters(self.insert_events_statement)
        self._changes = PostgresChanges(self.datastore, self.events_table_name)

    @quick_retry
    def select_changes(
        self, after: int, limit: int, stop: int | None = None, topics: Sequence[str] = ()
    ) -> Sequence[Change]:
        """The events after `after` without their states (`domain.read_cache.ChangeLog`)."""
        return self._changes.select(after, limit, stop, topics)

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


def batches_of(subscription: ApplicationSubscription[Any]) -> BatchSubscription:
    batches = subscription.subscription
    if not isinstance(batches, BatchSubscription):
        raise TypeError("set APPLICATION_RECORDER_TOPIC to a batching recorder")
    return batches
