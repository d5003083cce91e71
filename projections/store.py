"""Views stored as tables of rows, beside the library's tracking recorders.

`RowStore` is mixed into `SQLiteTrackingRecorder` or `PostgresTrackingRecorder`
(`projections.sql_stores`; how each store spells values: `projections.dialects`).
Every write goes through a `Session`: one transaction that first advances the
view's tracking position by compare-and-set (from the position the batch was read
after, to its last notification id), then writes the rows the batch changed. Two
runners of one view therefore cannot both apply a batch: the second one's
compare-and-set fails and it restarts from the committed position.

Tracking is keyed by `<application>:<view name>`, because the SQLite tracking table
is shared by every view in the file.
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

R = TypeVar("R")
CHUNK = 500
COPY_FROM = 50  # rows in a batch from which PostgreSQL upserts go through COPY
MIGRATION = "__migration__"


class ViewMovedError(IntegrityError):
    """The view's tracking position is not the one this batch was read after."""


VIEW_LAYOUT = 8
"""How the views' stored rows are to be read; raised whenever that changes.

1: counters by legal day and month; 2: by day, month and year (a range reads whole
years as year rows, `projections.counter_rows.buckets`); 3: successions with the log
position they were recorded at (`projections.succession`); 4: counters also by half
month (the 1st-14th, the 15th-end), and the reception counters once per grouping of its
report; 5: counters also by calendar quarter, statistical quarter and statistical year
(a report of any period `projections.periods` makes reads one row a key), the
statistics' conclusions by timeliness and outcome (`concluded`) and quality detail
(`concluded_quality`) instead of six-part details, and closures also by the month of
their acceptance within its statistical and calendar year (`closed_sy`, `closed_cy`,
and by the month of the acceptance, `closed_sy_month`, `closed_cy_month`),
and the officers' due-soon deltas by lead (`projections.case_index.load.LEADS`); 6: the
case index holds each summary sealed, with its data key's id (`summary_key_id`,
docs/summary-sealing.md); 7: the counters' sums stored as one B-tree keyed by
(agency, metric, bucket, breakdown) (`Table.primary`), without the text key and its two
indexes; 8: the running-clock spans' indexes hold the days and log positions checked
in them (`projections.statistics.spans.SPANS`: an index of the same name with other
columns would be kept by `CREATE INDEX IF NOT EXISTS`). Recorded per view in
`LAYOUTS`; a view built with another
layout is rebuilt (`RowStore.create_view_tables`).
"""
LAYOUTS = "view_layouts"


class RowStore(TrackingRecorder):
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

    # ----- schema -------------------------------------------------------------------------

    def table_ddl(self) -> list[str]:
        statements = []
        for table in self.tables:
            columns = ", ".join(
                f"{c.name} {self.dialect.types[c.kind]}{'' if c.nullable else ' NOT NULL'}"
                for c in table.columns
            )
            statements.append(
                f"CREATE TABLE IF NOT EXISTS {self.qualified(self.table_name(table))} "
                f"({columns}, {self.dialect.primary_key(table)}"
            )
        return statements

    def index_ddl(self) -> list[str]:
        statements = []
        for table in self.tables:
            name = self.table_name(table)
            for number, columns in enumerate(table.indexes):
                statements.append(
                    f"CREATE INDEX IF NOT EXISTS {name}_i{number} "
                    f"ON {self.qualified(name)} ({', '.join(columns)})"
                )
        return statements

    def create_view_tables(self) -> None:
        """Create the view's tables; first drop them if they were built with another layout.

        A view records the `VIEW_LAYOUT` it was built with. Opened by code that reads
        its rows another way (an upgrade), it is dropped with its tracking position in
        one transaction, so its runner rebuilds it from the log (and reads answer
        "views behind" meanwhile) instead of serving rows misread. Opening a view of
        this layout writes nothing (no write lock on SQLite).
        """
        layouts = (
            f"CREATE TABLE IF NOT EXISTS {self.qualified(LAYOUTS)} "
            "(view_name TEXT PRIMARY KEY, layout INTEGER NOT NULL)"
        )
        # The view's own tables first: on SQLite a transaction whose first statement only
        # reads (a table that exists) cannot then write if another connection wrote since.
        ddl = [*self.table_ddl(), *(self.index_ddl() if self.with_indexes else []), layouts]
        with self._transaction(commit=True) as c:
            for statement in ddl:
                c.execute(statement)
        with self._reading() as c:
            if self._layout(c) == VIEW_LAYOUT:
                return
        with self._transaction(commit=True) as c:
            # A write first: SQLite then holds the write lock from the start (a read first
            # would make the write fail at once if another connection wrote meanwhile).
            c.execute(
                self.dialect.sql(
                    f"UPDATE {self.qualified(LAYOUTS)} SET layout = layout WHERE view_name = ?"
                ),
                (self.name,),
            )
            recorded = self._layout(c)
            if recorded != VIEW_LAYOUT and (recorded is not None or self._position(c) is not None):
                self._drop_tables(c)  # built with another layout, or before they were recorded
                for statement in ddl:
                    c.execute(statement)
            self._record_layout(c, self.name)

    def _layout(self, c: Cursor) -> int | None:
        """The layout the stored view was built with (None: none recorded)."""
        c.execute(
            self.dialect.sql(f"SELECT layout FROM {self.qualified(LAYOUTS)} WHERE view_name = ?"),
            (self.name,),
        )
        row = c.fetchone()
        return None if row is None else int(row["layout"])

    def _record_layout(self, c: Cursor, name: str) -> None:
        c.execute(
            self.dialect.sql(
                f"INSERT INTO {self.qualified(LAYOUTS)} (view_name, layout) VALUES (?, ?) "
                "ON CONFLICT (view_name) DO UPDATE SET layout = excluded.layout"
            ),
            (name, VIEW_LAYOUT),
        )

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
        names = [col.name for col in table.columns]
        sql = (
            f"INSERT INTO {self.qualified(self.table_name(table))} AS t ({', '.join(names)}) "
            f"VALUES ({', '.join('?' * len(names))}) "
            f"ON CONFLICT ({', '.join(table.conflict)}) DO UPDATE SET {upsert_updates(table)}"
        )
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

    # ----- replay -------------------------------------------------------------------------

    def drop_view(self) -> None:
        """Drop this view's tables and tracking position."""
        with self._transaction(commit=True) as c:
            self._drop_tables(c)

    def _drop_tables(self, c: Cursor) -> None:
        for table in self.tables:
            c.execute(f"DROP TABLE IF EXISTS {self.qualified(self.table_name(table))}")
        self._drop_tracking(c)

    def _drop_tracking(self, c: Cursor) -> None:
        c.execute(
            self.dialect.sql(f"DELETE FROM {self.tracking_table()} WHERE application_name = ?"),
            (self.tracking_key(self.application),),
        )

    def swap_into(self, live: RowStore, application_name: str | None = None) -> None:
        """Replace `live`'s tables and position by this (rebuilt) view's, in one transaction."""
        application_name = application_name or self.application
        with self._transaction(commit=True) as c:
            position = self._position(c, application_name)
            for table in self.tables:
                target = live.table_name(table)
                c.execute(f"DROP TABLE IF EXISTS {self.qualified(target)}")
                c.execute(
                    f"ALTER TABLE {self.qualified(self.table_name(table))} RENAME TO {target}"
                )
            for statement in live.index_ddl():
                c.execute(statement)
            c.execute(
                self.dialect.sql(
                    f"INSERT INTO {live.tracking_table()} (application_name, notification_id) "
                    "VALUES (?, ?) ON CONFLICT (application_name) "
                    "DO UPDATE SET notification_id = excluded.notification_id"
                ),
                (live.tracking_key(application_name), position or 0),
            )
            self._record_layout(c, live.name)
            self._drop_tracking(c)


def upsert_updates(table: Table[Any]) -> str:
    """The SET clause of an upsert: additive columns add up, the others are replaced."""
    return ", ".join(
        f"{c.name} = t.{c.name} + excluded.{c.name}"
        if c.name in table.additive
        else f"{c.name} = excluded.{c.name}"
        for c in table.columns
        if c.name not in table.conflict
    )
