"""Views stored as tables of rows, beside the library's tracking recorders.

`RowStore` is mixed into `SQLiteTrackingRecorder` or `PostgresTrackingRecorder`.
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
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from operator import attrgetter
from time import monotonic
from typing import Any, ClassVar, Protocol, TypeVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteCursor, SQLiteTrackingRecorder
from psycopg import Cursor as PgCursor
from psycopg.rows import DictRow

from projections.rows import Table
from projections.session import Changes, Gone

R = TypeVar("R")
CHUNK = 500
COPY_FROM = 50  # rows in a batch from which PostgreSQL upserts go through COPY
MIGRATION = "__migration__"


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[object] = ..., /) -> object: ...
    def executemany(self, sql: str, params: Sequence[Sequence[object]], /) -> object: ...
    def fetchall(self) -> list[Any]: ...
    def fetchone(self) -> Any: ...  # noqa: ANN401


class ViewMovedError(IntegrityError):
    """The view's tracking position is not the one this batch was read after."""


class Dialect:
    """How one store spells types, placeholders and values."""

    types: ClassVar[dict[str, str]]
    converted: ClassVar[frozenset[str]] = frozenset()

    def sql(self, text: str) -> str:
        return text

    def to_db(self, value: object) -> object:
        return value

    def from_db(self, kind: str, value: object) -> object:
        return value

    def encoder(self, table: Table[Any]) -> Callable[[Any], Sequence[object]]:
        """A row's values as written: only the columns of a converted kind are converted."""
        found = self._encoders.get(table)
        if found is None:
            found = self._encoders[table] = self._make_encoder(table)
        return found

    def _make_encoder(self, table: Table[Any]) -> Callable[[Any], Sequence[object]]:
        converted = [
            (i, self.converter(c.kind))
            for i, c in enumerate(table.columns)
            if c.kind in self.converted
        ]
        if not converted:
            return table.values
        # One tuple expression a table (as `dataclasses` builds its methods): no loop a row.
        names = {i: f"_c{i}" for i, _ in converted}
        parts = [
            f"{names[i]}(row.{c.name})" if i in names else f"row.{c.name}"
            for i, c in enumerate(table.columns)
        ]
        namespace: dict[str, Any] = {names[i]: convert for i, convert in converted}
        source = f"def encode(row):\n    return ({', '.join(parts)},)\n"
        exec(source, namespace)  # noqa: S102  # column names are the row dataclass's fields
        encode: Callable[[Any], Sequence[object]] = namespace["encode"]
        return encode

    def converter(self, kind: str) -> Callable[[object], object]:
        """How a value of a column of `kind` is written."""
        del kind
        return self.to_db

    @property
    def _encoders(self) -> dict[Table[Any], Callable[[Any], Sequence[object]]]:
        cache: dict[Table[Any], Callable[[Any], Sequence[object]]] | None
        cache = self.__dict__.get("_encoder_cache")
        if cache is None:
            cache = self.__dict__["_encoder_cache"] = {}
        return cache


_UUID_TEXT: dict[int, str] = {}  # agency ids recur in most rows; str(UUID) is slow
MAX_UUID_TEXTS = 100_000
_STORED_AS_IS: frozenset[type] = frozenset({str, int, float, bytes, type(None)})


def _uuid_text(value: object) -> object:
    """A UUID as SQLite stores it (other values as `SQLiteDialect.to_db` writes them)."""
    if value.__class__ is not UUID:
        return _SQLITE.to_db(value)
    number = value.int
    text = _UUID_TEXT.get(number)
    if text is None:
        if len(_UUID_TEXT) >= MAX_UUID_TEXTS:
            _UUID_TEXT.clear()
        text = _UUID_TEXT[number] = str(value)
    return text


def _date_text(value: object) -> object:
    if value.__class__ is date:
        return value.isoformat()
    return _SQLITE.to_db(value)


class SQLiteDialect(Dialect):
    converted: ClassVar[frozenset[str]] = frozenset({"uuid", "date", "bool"})
    types: ClassVar[dict[str, str]] = {
        "uuid": "TEXT",
        "text": "TEXT",
        "int": "INTEGER",
        "bool": "INTEGER",
        "date": "TEXT",
    }

    def to_db(self, value: object) -> object:
        cls = value.__class__
        if cls in _STORED_AS_IS:  # most values: no isinstance chain (a rebuild's hot path)
            return value
        if isinstance(value, UUID):
            return str(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
        return value

    def converter(self, kind: str) -> Callable[[object], object]:
        return {"uuid": _uuid_text, "date": _date_text}.get(kind, self.to_db)

    def from_db(self, kind: str, value: object) -> object:
        if value is None:
            return None
        if kind == "uuid":
            return UUID(str(value))
        if kind == "date":
            return date.fromisoformat(str(value))
        if kind == "bool":
            return bool(value)
        return value


_SQLITE = SQLiteDialect()


class PostgresDialect(Dialect):
    types: ClassVar[dict[str, str]] = {
        "uuid": "UUID",
        "text": "TEXT",
        "int": "BIGINT",
        "bool": "BOOLEAN",
        "date": "DATE",
    }

    def sql(self, text: str) -> str:
        return text.replace("%", "%%").replace("?", "%s")


class PositionBoard:
    """In-process signal of views' committed positions, so waits need no sleep floor."""

    def __init__(self) -> None:
        self._positions: dict[str, int] = {}
        self._changed = threading.Condition()

    def advance(self, key: str, position: int) -> None:
        with self._changed:
            if position > self._positions.get(key, 0):
                self._positions[key] = position
            self._changed.notify_all()

    def known(self, key: str) -> int:
        return self._positions.get(key, 0)

    def wait(self, timeout: float) -> None:
        with self._changed:
            self._changed.wait(timeout)


BOARD = PositionBoard()

VIEW_LAYOUT = 5
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
and the officers' due-soon deltas by lead (`projections.case_index.load.LEADS`).
Recorded per view in `LAYOUTS`; a view built with another layout is rebuilt
(`RowStore.create_view_tables`).
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
                f"({columns}, PRIMARY KEY ({table.key}))"
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
                name = self.qualified(self.table_name(table))
                sql = f"DELETE FROM {name} WHERE {table.key} = ?"
                c.executemany(self.dialect.sql(sql), [[to_db(k)] for k in gone])

    def _upsert(self, c: Cursor, table: Table[Any], rows: list[Any]) -> None:
        encode = self.dialect.encoder(table)
        names = [col.name for col in table.columns]
        sql = (
            f"INSERT INTO {self.qualified(self.table_name(table))} AS t ({', '.join(names)}) "
            f"VALUES ({', '.join('?' * len(names))}) "
            f"ON CONFLICT ({table.key}) DO UPDATE SET {_updates(table)}"
        )
        c.executemany(self.dialect.sql(sql), [encode(r) for r in rows])

    def load_rows(self, table: Table[R], keys: Sequence[object]) -> dict[object, R]:
        """The rows of `table` with these keys, in one read transaction."""
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

    def wait_for(self, position: int, timeout: float, application_name: str | None = None) -> bool:
        """True once this view has processed up to `position`; False after `timeout` s."""
        deadline = monotonic() + timeout
        while not self.has_reached(application_name or self.application, position):
            remaining = deadline - monotonic()
            if remaining <= 0:
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


def _updates(table: Table[Any]) -> str:
    """The SET clause of an upsert: additive columns add up, the others are replaced."""
    return ", ".join(
        f"{c.name} = t.{c.name} + excluded.{c.name}"
        if c.name in table.additive
        else f"{c.name} = excluded.{c.name}"
        for c in table.columns
        if c.name != table.key
    )


# SQLite's page cache of a connection that writes a view, in KiB (the default is 2 MiB):
# a rebuild's batch upserts tens of thousands of rows into each index.
WRITE_CACHE_KIB = 16 * 1024
_SQLITE_WRITERS: dict[str, threading.Lock] = {}
_SQLITE_WRITERS_GUARD = threading.Lock()


def _sqlite_writer(key: str) -> threading.Lock:
    """The lock this process's writers to one SQLite file take in turn."""
    with _SQLITE_WRITERS_GUARD:
        return _SQLITE_WRITERS.setdefault(key, threading.Lock())


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
        c.execute(
            f"INSERT INTO {target} AS t ({names}) SELECT {names} FROM {scratch} "
            f"ON CONFLICT ({table.key}) DO UPDATE SET {_updates(table)}"
        )

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
