"""The row stores of each store: `RowStore` mixed into the library's tracking recorders.

SQLite: one writer a file in this process (views take turns on a lock), a larger
page cache for a batch's upserts, and large batches upserted by multi-row statements
(`SQLiteRowStore._upsert`). PostgreSQL: its own schema's names, and large batches
upserted through COPY into a temporary table.
"""

# Table names in this module's SQL come from class constants, never from input.
# ruff: noqa: S608
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from itertools import chain
from typing import Any, ClassVar

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteCursor, SQLiteTrackingRecorder
from psycopg import Cursor as PgCursor
from psycopg.rows import DictRow

from projections.dialects import Cursor, Dialect, PostgresDialect, SQLiteDialect
from projections.rows import Table
from projections.session import Changes
from projections.store import COPY_FROM, RowStore, upsert_sql

# SQLite's page cache of a connection that writes a view, in KiB (the default is 2 MiB):
# a rebuild's batch upserts tens of thousands of rows into each index.
WRITE_CACHE_KIB = 16 * 1024
_SQLITE_WRITERS: dict[str, threading.Lock] = {}
_SQLITE_WRITERS_GUARD = threading.Lock()


def _sqlite_writer(key: str) -> threading.Lock:
    """The lock this process's writers to one SQLite file take in turn."""
    with _SQLITE_WRITERS_GUARD:
        return _SQLITE_WRITERS.setdefault(key, threading.Lock())


VALUES_FROM = 32  # rows in a batch from which SQLite upserts go as multi-row statements
ROWS_A_STATEMENT = 512
# Parameters a statement may have, as this SQLite was built (32,766 by default since 3.32).
with closing(sqlite3.connect(":memory:")) as _probe:
    MAX_VARIABLES = _probe.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def statement_sizes(rows: int, most: int) -> Iterator[int]:
    """Rows of each multi-row statement for `rows` rows: `most`, then powers of two.

    A few statement texts only (SQLite's statement cache keeps them prepared), each
    of at least `VALUES_FROM` rows; what is left, fewer, goes row by row.
    """
    while rows >= min(most, VALUES_FROM):
        size = most if rows >= most else 1 << (rows.bit_length() - 1)
        yield size
        rows -= size


class SQLiteRowStore(RowStore, SQLiteTrackingRecorder):
    dialect: ClassVar[Dialect] = SQLiteDialect()

    def write(self, changes: Changes, tracking: Tracking, after: int | None) -> None:
        """As `RowStore.write`, one view of this process at a time per file.

        SQLite has one writer at a time anyway; views written from several threads
        (one lane each) take turns here instead of spinning on the file lock, whose
        timeout a turn of large batches could outlast.
        """
        with _sqlite_writer(self.store_key()):
            super().write(changes, tracking, after)

    def close(self) -> None:
        self.datastore.close()

    def create_table(self) -> None:
        super().create_table()
        self.create_view_tables()

    def _upsert(self, c: Cursor, table: Table[Any], rows: list[Any]) -> None:
        """Many rows go as multi-row `INSERT ... VALUES` statements (`statement_sizes`).

        `executemany` steps its statement once a row, and Python's sqlite3 lets go of
        the interpreter lock around each step: while the other views' lanes run Python,
        taking it back each time stalls the writer (the file's one writer) several
        times over in a rebuild. A statement of many rows takes it back once, and binds
        its values in one call.
        """
        if len(rows) < VALUES_FROM:
            super()._upsert(c, table, rows)
            return
        encode = self.dialect.encoder(table)
        name = self.qualified(self.table_name(table))
        group = f"({', '.join('?' * len(table.columns))})"
        most = max(1, min(ROWS_A_STATEMENT, MAX_VARIABLES // len(table.columns)))
        start = 0
        for size in statement_sizes(len(rows), most):
            values = list(chain.from_iterable(map(encode, rows[start : start + size])))
            c.execute(upsert_sql(name, table, f"VALUES {', '.join([group] * size)}"), values)
            start += size
        if start < len(rows):
            super()._upsert(c, table, rows[start:])

    def tracking_table(self) -> str:
        return "tracking"

    def store_key(self) -> str:
        return f"sqlite:{self.datastore.pool.db_name}"

    @contextmanager
    def _transaction(self, *, commit: bool) -> Iterator[Cursor]:
        with self.datastore.transaction(commit=commit) as c:
            if commit:  # a batch's upserts revisit index pages: keep more of them cached
                c.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
            yield c

    def _insert_tracking(self, c: SQLiteCursor, tracking: Tracking) -> None:
        key = self.tracking_key(tracking.application_name)
        super()._insert_tracking(c, Tracking(key, tracking.notification_id))

    def _max_tracking_id(self, application_name: str, c: SQLiteCursor) -> int | None:
        return super()._max_tracking_id(self.tracking_key(application_name), c)


class PostgresRowStore(RowStore, PostgresTrackingRecorder):
    dialect: ClassVar[Dialect] = PostgresDialect()

    def close(self) -> None:
        self.datastore.close()

    def create_table(self) -> None:
        super().create_table()
        self.create_view_tables()

    def qualified(self, name: str) -> str:
        return f'"{self.datastore.schema}"."{name}"'

    def tracking_table(self) -> str:
        return self.qualified(self.tracking_table_name)

    def store_key(self) -> str:
        kwargs = self.datastore.pool.kwargs
        if not isinstance(kwargs, dict):
            return f"postgres:{self.datastore.schema}"
        return f"postgres:{kwargs.get('host')}/{kwargs.get('dbname')}/{self.datastore.schema}"

    @contextmanager
    def _transaction(self, *, commit: bool) -> Iterator[Cursor]:
        with self.datastore.transaction(commit=commit) as c:
            yield c

    def _snapshot(self, c: Cursor) -> None:
        c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # A dump reads every table of the view between statements of one transaction: on a
        # busy machine that outlasts the pool's idle-in-transaction timeout (5 s by default).
        c.execute("SET LOCAL idle_in_transaction_session_timeout = 0")

    @contextmanager
    def _reading(self) -> Iterator[Cursor]:
        with self.datastore.get_connection() as conn, conn.cursor() as c:  # autocommit: no BEGIN
            yield c

    def _upsert(self, c: Cursor, table: Table[Any], rows: list[Any]) -> None:
        """Many rows go through COPY into a temporary table, then one INSERT ... SELECT."""
        if len(rows) < COPY_FROM or not isinstance(c, PgCursor):
            super()._upsert(c, table, rows)
            return
        target = self.qualified(self.table_name(table))
        scratch = f'"copy_{self.name}_{table.suffix}"'
        names = ", ".join(col.name for col in table.columns)
        c.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {scratch} "
            f"(LIKE {target} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
        )
        with c.copy(f"COPY {scratch} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(table.values(row))
        c.execute(upsert_sql(target, table, f"SELECT {names} FROM {scratch}"))

    def _insert_tracking(self, curs: PgCursor[DictRow], tracking: Tracking) -> None:
        key = self.tracking_key(tracking.application_name)
        super()._insert_tracking(curs, Tracking(key, tracking.notification_id))

    def _max_tracking_id(self, application_name: str, curs: PgCursor[DictRow]) -> int | None:
        return super()._max_tracking_id(self.tracking_key(application_name), curs)

    def _drop_tracking(self, c: Cursor) -> None:
        if self.name.endswith(("_replay", "_verify")):
            c.execute(f"DROP TABLE IF EXISTS {self.tracking_table()}")
        else:
            super()._drop_tracking(c)
