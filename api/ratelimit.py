"""Rate limits counted where every API process sees them: fixed windows per client address.

Each hit is one atomic upsert of the (key, window) row's counter, in PostgreSQL when
it is the store (table `rate_limits` in the store's schema) or in a SQLite file
beside the embedded store, so N processes behind a proxy share one limit. A window
allows at most `limit` hits; a burst across a window boundary may see up to twice
that, the usual price of fixed windows. The client address is the socket's peer,
or what a trusted proxy forwarded (`TRUSTED_PROXIES`, read by uvicorn).
"""

# Table names in this module's SQL are constants or the configured schema, never input.
# ruff: noqa: S608
from __future__ import annotations

import ipaddress
import math
import sqlite3
import threading
from contextlib import closing
from pathlib import Path
from time import time as wall_clock
from typing import Protocol

import psycopg
from eventsourcing.persistence import OperationalError
from fastapi import Request
from psycopg_pool import ConnectionPool

from api.problems import ApiProblemError
from ops.settings import Settings

CLEAN_EVERY = 1000  # hits between deletions of past windows


class Counter(Protocol):
    def hit(self, key: str, window_start: int) -> int:
        """Count one hit in the window; the window's count so far."""

    def forget_before(self, window_start: int) -> None:
        """Delete the counts of windows that started before `window_start`."""

    def close(self) -> None: ...


class MemoryCounter:
    """Counts in this process only (tests, or `RATE_LIMIT_STORE=process`)."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, int], int] = {}
        self.lock = threading.Lock()

    def hit(self, key: str, window_start: int) -> int:
        with self.lock:
            count = self.counts.get((key, window_start), 0) + 1
            self.counts[(key, window_start)] = count
            return count

    def forget_before(self, window_start: int) -> None:
        with self.lock:
            for old in [k for k in self.counts if k[1] < window_start]:
                del self.counts[old]

    def close(self) -> None:
        self.counts.clear()


UPSERT = (
    "INSERT INTO {table} (key, window_start, hits) VALUES ({mark}, {mark}, 1) "
    "ON CONFLICT (key, window_start) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits"
)
CREATE = (
    "CREATE TABLE IF NOT EXISTS {table} "
    "(key TEXT NOT NULL, window_start BIGINT NOT NULL, hits INTEGER NOT NULL, "
    "PRIMARY KEY (key, window_start))"
)


class SQLiteCounter:
    """Counts in a SQLite file shared by the processes of one machine."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._created = False

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
        if not self._created:
            conn.execute(CREATE.format(table="rate_limits"))
            self._created = True
        return conn

    def hit(self, key: str, window_start: int) -> int:
        try:
            with closing(self._connect()) as conn:
                row = conn.execute(
                    UPSERT.format(table="rate_limits", mark="?"), (key, window_start)
                ).fetchone()
        except sqlite3.Error as error:
            raise OperationalError(str(error)) from error
        return int(row[0])

    def forget_before(self, window_start: int) -> None:
        try:
            with closing(self._connect()) as conn:
                conn.execute("DELETE FROM rate_limits WHERE window_start < ?", (window_start,))
        except sqlite3.Error as error:
            raise OperationalError(str(error)) from error

    def close(self) -> None:
        """Nothing is held open between hits."""


RATE_LIMIT_CONNECTIONS = 2  # counted in the API's connection budget (api/stores.py)


class PostgresCounter:
    """Counts in the PostgreSQL store, shared by every API process."""

    def __init__(self, settings: Settings) -> None:
        self.table = f'"{settings.postgres_schema}"."rate_limits"'
        self.pool: ConnectionPool[psycopg.Connection[tuple[object, ...]]] = ConnectionPool(
            kwargs={
                "dbname": settings.postgres_dbname,
                "host": settings.postgres_host,
                "port": settings.postgres_port,
                "user": settings.postgres_user,
                "password": settings.postgres_password,
                "connect_timeout": settings.postgres_connect_timeout,
                "autocommit": True,
            },
            min_size=1,
            max_size=RATE_LIMIT_CONNECTIONS,
            open=False,
            timeout=settings.postgres_pool_timeout,
            check=ConnectionPool.check_connection,
        )
        self._created = False

    def _execute(self, sql: str, params: tuple[object, ...]) -> tuple[object, ...] | None:
        try:
            self.pool.open(wait=False)
            with self.pool.connection() as conn:
                if not self._created:
                    conn.execute(CREATE.format(table=self.table))
                    self._created = True
                return conn.execute(sql, params).fetchone()
        except psycopg.Error as error:
            raise OperationalError(str(error)) from error

    def hit(self, key: str, window_start: int) -> int:
        row = self._execute(UPSERT.format(table=self.table, mark="%s"), (key, window_start))
        return int(str(row[0])) if row else 0

    def forget_before(self, window_start: int) -> None:
        self._execute(f"DELETE FROM {self.table} WHERE window_start < %s", (window_start,))

    def close(self) -> None:
        self.pool.close()


def counter_for(settings: Settings) -> Counter:
    """Where the limits are counted: the store's database, or this process."""
    if settings.rate_limit_store == "process":
        return MemoryCounter()
    if settings.uses_postgres:
        return PostgresCounter(settings)
    dbname = settings.sqlite_dbname
    if dbname.startswith((":memory:", "file:")):
        return MemoryCounter()
    path = Path(dbname)
    return SQLiteCounter(str(path.with_name(f"{path.stem}.ratelimit{path.suffix}")))


def client_network(request: Request) -> str:
    """The caller's address; an IPv6 one as its /64, which one subscriber holds whole."""
    host = request.client.host if request.client else "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)


class RateLimiter:
    """At most `limit` hits per `window` seconds per key, counted in `counter`."""

    def __init__(self, limit: int, window: float, counter: Counter | None = None) -> None:
        self.limit = limit
        self.window = int(window)
        self.counter = counter or MemoryCounter()
        self._hits = 0

    def retry_after(self, key: str) -> float:
        """Record a hit; 0 when allowed, else the seconds to wait."""
        now = wall_clock()
        start = int(now // self.window) * self.window
        self._hits += 1
        if self._hits % CLEAN_EVERY == 0:
            self.counter.forget_before(start - self.window)
        if self.counter.hit(key, start) > self.limit:
            return start + self.window - now
        return 0.0

    def check(self, request: Request, bucket: str, account: str | None = None) -> None:
        """429 once the caller's network, or the `account` named, is over the limit.

        Counting per account too bounds guesses at one password from many addresses.
        """
        wait = self.retry_after(f"{bucket}:{client_network(request)}")
        if account is not None:
            wait = max(wait, self.retry_after(f"{bucket}-account:{account.strip().lower()[:64]}"))
        if wait > 0:
            raise ApiProblemError(
                429,
                "too-many-requests",
                "too many requests from this address; try again later",
                {"Retry-After": str(max(math.ceil(wait), 1))},
            )
