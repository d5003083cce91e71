"""Views stored as tables of rows, beside the library's tracking recorders.

`RowStore` is mixed into `SQLiteTrackingRecorder` or `PostgresTrackingRecorder`
(`projections.sql_stores`; how each store spells values: `projections.dialects`).
Every write goes through a `Session`: one transaction that first advances the
view's tracking position by compare-and-set (from the position the batch was read
after, to its last notification id), then writes the rows the batch changed. Two
runners of one view therefore cannot both apply a batch: the second one's
compare-and-set fails and it restarts from the committed position.

Tracking is keyed by `<application>:<view name>`, because the SQLite tracking table
is shared by every view in the file. Creating, dropping and swapping a view's tables,
and the layout they were built with: `projections.store_schema`.
"""

# Table and column names in this module's SQL come from class constants, never from input.
# ruff: noqa: S608
from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import attrgetter
from time import monotonic
from typing import Any, ClassVar, TypeVar

from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder

from projections.board import BOARD
from projections.dialects import Cursor, Dialect
from projections.rows import Table
from projections.session import Changes, Gone
from projections.store_schema import ViewSchema

R = TypeVar("R")
CHUNK = 500
COPY_FROM = 50  # rows in a batch from which PostgreSQL upserts go through COPY
MIGRATION = "__migration__"


class ViewMovedError(IntegrityError):
    """The view's tracking position is not the one this batch was read after."""


class RowStore(ViewSchema, TrackingRecorder):
    """Tables of rows plus the tracking position, written together in one transaction."""

    name: ClassVar[str]
    tables: ClassVar[tuple[Table[Any], ...]]
    dialect: ClassVar[Dialect]
    with_indexes: ClassVar[bool] = True
    application: ClassVar[str] = "petitions"  # the application whose log the view follows

    def close(self) -> None:
        """Release the view's connections."""

    # ----- names --------------------------------------------------------------------------

    def table_name(self, table: Table[Any]) -> str:
        return f"{self.name}_{table.suffix}"

    def qualified(self, name: str) -> str:
        return f'"{name}"'

    def tracking_table(self) -> str:
        raise NotImplementedError

    def store_key(self) -> str:
        raise NotImplementedError

    def tracking_key(self, application_name: str) -> str:
        if application_name == MIGRATION:
            return application_name
        return f"{application_name}:{self.name}"

    def board_key(self, application_name: str) -> str:
        return f"{self.store_key()}|{self.tracking_key(application_name)}"

    # ----- transactions -------------------------------------------------------------------

    @contextmanager
    def _transaction(self, *, commit: bool) -> Iterator[Cursor]:
        raise NotImplementedError
        yield  # pragma: no cover

    @contextmanager
    def _reading(self) -> Iterator[Cursor]:
        """A cursor for reads that need no snapshot across statements."""
        with self._transaction(commit=False) as c:
            yield c

    def write(self, changes: Changes, tracking: Tracking, after: int | None) -> None:
        """One transaction: advance tracking from `after` to `tracking`, then write the rows."""
        with self._transaction(commit=True) as c:
            self._advance_tracking(c, tracking, after)
            self._flush(c, changes)
        BOARD.advance(self.board_key(tracking.application_name), tracking.notification_id)

    def _flush(self, c: Cursor, changes: Changes) -> None:
        to_db = self.dialect.to_db
        for table in self.tables:
            rows = changes.get(table.suffix, {}).values()
            kept = [r for r in rows if r is not None and r.__class__ is not Gone]
            gone = [r.key for r in rows if r.__class__ is Gone]
            if kept:
                # In key order: each insert lands next to the previous one in the key's
                # B-tree (and in the counters' covering index, which starts as the key
                # does), so a large batch touches each index page once, not at random.
                kept.sort(key=attrgetter(table.key))
                self._upsert(c, table, kept)
            if gone:
                if table.primary:
                    raise TypeError(f"{table.suffix}: a primary-keyed table's rows are kept")
                name = self.qualified(self.table_name(table))
                sql = f"DELETE FROM {name} WHERE {table.key} = ?"
                c.executemany(self.dialect.sql(sql), [[to_db(k)] for k in gone])

    def _upsert(self, c: Cursor, table: Table[Any], rows: list[Any]) -> None:
        encode = self.dialect.encoder(table)
        marks = ", ".join("?" * len(table.columns))
        sql = upsert_sql(self.qualified(self.table_name(table)), table, f"VALUES ({marks})")
        c.executemany(self.dialect.sql(sql), [encode(r) for r in rows])

    def load_rows(self, table: Table[R], keys: Sequence[object]) -> dict[object, R]:
        """The rows of `table` with these keys, in one read transaction."""
        if table.primary:
            raise TypeError(f"{table.suffix}: a primary-keyed table is not loaded by key")
        found: dict[object, R] = {}
        with self._reading() as c:
            for start in range(0, len(keys), CHUNK):
                chunk = keys[start : start + CHUNK]
                marks = ", ".join("?" * len(chunk))
                c.execute(
                    self.dialect.sql(
                        f"SELECT * FROM {self.qualified(self.table_name(table))} "
                        f"WHERE {table.key} IN ({marks})"
                    ),
                    [self.dialect.to_db(k) for k in chunk],
                )
                for record in c.fetchall():
                    row = self.decode(table, record)
                    found[table.key_of(row)] = row
        return found

    def _advance_tracking(self, c: Cursor, tracking: Tracking, after: int | None) -> None:
        key = self.tracking_key(tracking.application_name)
        table = self.tracking_table()
        if after is None:
            c.execute(
                self.dialect.sql(
                    f"INSERT INTO {table} (application_name, notification_id) VALUES (?, ?) "
                    "ON CONFLICT (application_name) DO NOTHING RETURNING notification_id"
                ),
                (key, tracking.notification_id),
            )
        else:
            c.execute(
                self.dialect.sql(
                    f"UPDATE {table} SET notification_id = ? "
                    "WHERE application_name = ? AND notification_id = ? "
                    "RETURNING notification_id"
                ),
                (tracking.notification_id, key, after),
            )
        if c.fetchone() is None:
            raise ViewMovedError(f"{key} is no longer at {after}")

    # ----- reads --------------------------------------------------------------------------

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Mapping[str, Any]]:
        """Run a read-only query (with `?` placeholders) and return its rows."""
        with self._reading() as c:
            c.execute(self.dialect.sql(sql), [self.dialect.to_db(p) for p in params])
            return list(c.fetchall())

    def decode(self, table: Table[R], record: Mapping[str, Any]) -> R:
        values = dict(record)
        for name, kind in table.kinds.items():
            if kind in self.dialect.converted:
                values[name] = self.dialect.from_db(kind, values[name])
        if table.primary:
            values[table.key] = table.derived_key(values)
        return table.row(**values)

    def select_rows(
        self, table: Table[R], where: str = "", params: Sequence[object] = (), tail: str = ""
    ) -> list[R]:
        sql = f"SELECT * FROM {self.qualified(self.table_name(table))}"
        if where:
            sql += f" WHERE {where}"
        if tail:
            sql += f" {tail}"
        return [self.decode(table, r) for r in self.fetch(sql, params)]

    def dump(self) -> tuple[int | None, dict[str, dict[object, object]]]:
        """Every row of every table, keyed, with the tracking position, from one snapshot.

        Rows of additive tables whose sums are all 0 are left out: whether one is
        stored depends on how the events were batched, not on any figure.
        """
        # Fetched in the transaction, decoded after it: decoding a large view takes longer
        # than PostgreSQL lets a transaction idle (POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT).
        fetched: list[tuple[Table[Any], list[Any]]] = []
        with self._transaction(commit=False) as c:
            self._snapshot(c)
            for table in self.tables:
                c.execute(f"SELECT * FROM {self.qualified(self.table_name(table))}")
                fetched.append((table, list(c.fetchall())))
            position = self._position(c)
        tables: dict[str, dict[object, object]] = {}
        for table, records in fetched:
            rows = [self.decode(table, r) for r in records]
            if table.additive:  # a sum of nothing, or of deltas that cancel: no row
                rows = [r for r in rows if any(getattr(r, a) for a in table.additive)]
            tables[table.suffix] = {table.key_of(r): r for r in rows}
        return position, tables

    def _snapshot(self, c: Cursor) -> None:
        del c

    def _position(self, c: Cursor, application_name: str | None = None) -> int | None:
        c.execute(
            self.dialect.sql(
                f"SELECT notification_id FROM {self.tracking_table()} WHERE application_name = ?"
            ),
            (self.tracking_key(application_name or self.application),),
        )
        row = c.fetchone()
        return None if row is None else int(row["notification_id"])

    def position(self, application_name: str | None = None) -> int | None:
        with self._reading() as c:
            return self._position(c, application_name)

    def has_reached(self, application_name: str, position: int) -> bool:
        key = self.board_key(application_name)
        if BOARD.known(key) >= position:
            return True
        current = self.position(application_name) or 0
        if current:
            BOARD.advance(key, current)
        return current >= position

    def wait_for(
        self,
        position: int,
        timeout: float,
        application_name: str | None = None,
        interrupt: threading.Event | None = None,
    ) -> bool:
        """True once this view has processed up to `position`.

        False after `timeout` s, or once `interrupt` is set (the service shutting down).
        """
        deadline = monotonic() + timeout
        while not self.has_reached(application_name or self.application, position):
            remaining = deadline - monotonic()
            if remaining <= 0 or (interrupt is not None and interrupt.is_set()):
                return False
            BOARD.wait(min(remaining, 0.005))
        return True


def upsert_sql(name: str, table: Table[Any], source: str) -> str:
    """`INSERT INTO name AS t (its columns) <source>`, upserting on the table's key.

    `source` gives the rows: `VALUES (?, ...)`, several such groups, or a `SELECT`.
    """
    names = ", ".join(col.name for col in table.columns)
    return (
        f"INSERT INTO {name} AS t ({names}) {source} "
        f"ON CONFLICT ({', '.join(table.conflict)}) DO UPDATE SET {upsert_updates(table)}"
    )


def upsert_updates(table: Table[Any]) -> str:
    """The SET clause of an upsert: additive columns add up, the others are replaced."""
    return ", ".join(
        f"{c.name} = t.{c.name} + excluded.{c.name}"
        if c.name in table.additive
        else f"{c.name} = excluded.{c.name}"
        for c in table.columns
        if c.name not in table.conflict
    )
