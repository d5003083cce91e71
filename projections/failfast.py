"""Fail fast while PostgreSQL is away, and recover at once when it is back.

The library's defaults suit a batch job, not a request: a pool waits 30 s for a
connection, each recorder method retries ten times 0.2 s apart (so a request
could hang for minutes), a stale pooled connection is only found by the query it
breaks, and a pool that lost its connections reconnects with an exponential
back-off (1, 2, 4, ... s) that leaves it empty long after the server is back.

`FailFastPostgresFactory` (chosen by `PERSISTENCE_MODULE`) builds every pool as a
`FailFastPool`: a short wait for a connection (`POSTGRES_POOL_TIMEOUT`), a libpq
connect timeout, a check of each connection handed out that costs nothing when the
server did not drop it, and reconnection attempts at most `RECONNECT_DELAY_MAX`
apart. `quick_retry` replaces the recorders' retries by one quick retry, and none
after a pool timeout (the server is away: answer now, 503).
"""

from __future__ import annotations

import select
from collections.abc import Callable
from functools import wraps
from time import monotonic, sleep
from typing import Any

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import ConnectionPool, PostgresAggregateRecorder, PostgresFactory
from eventsourcing.utils import Environment, EnvType
from psycopg_pool import PoolTimeout
from psycopg_pool.base import AttemptWithBackoff

POOL_TIMEOUT = "POSTGRES_POOL_TIMEOUT"
DEFAULT_POOL_TIMEOUT = 0.8
RECONNECT_DELAY_FIRST = 0.05
RECONNECT_DELAY_MAX = 0.25
RETRY_WAIT = 0.05
RETRIED = (InterfaceError, OperationalError)


class QuickReconnect(AttemptWithBackoff):
    """Reconnection attempts that back off from 50 ms to at most `RECONNECT_DELAY_MAX`."""

    INITIAL_DELAY = RECONNECT_DELAY_FIRST

    def update_delay(self, now: float) -> None:
        super().update_delay(now)
        self.delay = min(self.delay, RECONNECT_DELAY_MAX)


class FailFastPool(ConnectionPool[Any]):
    """The library's pool, handing out only connections the server has not dropped."""

    def getconn(self, timeout: float | None = None) -> Any:  # noqa: ANN401  # the pool's type
        deadline = monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            conn = super().getconn(max(deadline - monotonic(), 0.001))
            if looks_alive(conn):
                return conn
            self.putconn(conn)  # broken: the pool discards it and connects anew

    def _add_connection(self, attempt: AttemptWithBackoff | None, growing: bool = False) -> None:
        super()._add_connection(attempt or QuickReconnect(timeout=self.reconnect_timeout), growing)


def looks_alive(conn: psycopg.Connection[Any]) -> bool:
    """False when the server closed the connection (its socket has something to read).

    An idle connection has nothing to read, so the usual case costs one `select`
    without a round trip; a readable socket is then pinged to be sure.
    """
    if conn.closed:
        return False
    try:
        readable, _, _ = select.select([conn.pgconn.socket], [], [], 0)
        if readable:
            conn.execute("")
    except (psycopg.Error, OSError, ValueError):
        conn.close()
        return False
    return True


def quick_retry(method: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a recorder method (unwrapped from the library's retry) with one quick retry.

    The retry follows a connection that broke under the call (a server restart);
    a pool timeout is not retried: the server is away, and the caller answers 503.
    """
    inner: Callable[..., Any] = getattr(method, "__wrapped__", method)

    @wraps(inner)
    def retried(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        try:
            return inner(*args, **kwargs)
        except RETRIED as error:
            if isinstance(error.__cause__, PoolTimeout):
                raise
            sleep(RETRY_WAIT)
            return inner(*args, **kwargs)

    return retried


class FailFastAggregateRecorder(PostgresAggregateRecorder):
    """The library's aggregate recorder (snapshots), retrying once and quickly."""

    insert_events = quick_retry(PostgresAggregateRecorder.insert_events)
    select_events = quick_retry(PostgresAggregateRecorder.select_events)


class FailFastPostgresFactory(PostgresFactory):
    """The library's PostgreSQL factory, whose pool fails fast and recovers at once.

    Its aggregate recorders (the snapshot stores) retry once, quickly, too: with the
    library's ten retries a load of a snapshotted aggregate waited for a server that
    was away for up to ten pool timeouts. (Application recorders are chosen by
    `APPLICATION_RECORDER_TOPIC`; see `projections.recorders`.)
    """

    aggregate_recorder_class = FailFastAggregateRecorder

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        datastore = self.datastore
        old = datastore.pool
        kwargs = dict(old.kwargs) if isinstance(old.kwargs, dict) else {}
        connect_timeout = self.env.get(self.POSTGRES_CONNECT_TIMEOUT) or "2"
        kwargs["connect_timeout"] = max(int(connect_timeout), 2)  # libpq's least useful value
        datastore.pool = FailFastPool(
            get_password_func=old.get_password_func,
            connection_class=old.connection_class,
            kwargs=kwargs,
            min_size=old.min_size,
            max_size=old.max_size,
            open=False,
            configure=datastore.after_connect_func(),
            timeout=float(self.env.get(POOL_TIMEOUT) or DEFAULT_POOL_TIMEOUT),
            max_waiting=old.max_waiting,
            max_lifetime=old.max_lifetime,
        )
