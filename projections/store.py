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

import dataclasses
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from time import monotonic
from typing import Any, ClassVar, Protocol, TypeVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteCursor, SQLiteTrackingRecorder
from psycopg import Cursor as PgCursor
from psycopg.rows import DictRow

from projections.rows import Table

R = TypeVar("R")
CHUNK = 500
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

    def sql(self, text: str) -> str:
        return text

    def to_db(self, value: object) -> object:
        return value

    def from_db(self, kind: str, value: object) -> object:
        return value


class SQLiteDialect(Dialect):
    types: ClassVar[dict[str, str]] = {
        "uuid": "TEXT",
        "text": "TEXT",
        "int": "INTEGER",
        "bool": "INTEGER",
        "date": "TEXT",
    }

    def to_db(self, value: object) -> object:
        if isinstance(value, UUID):
            return str(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
        return value

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


class RowStore(TrackingRecorder):
    """Tables of rows plus the tracking position, written together in one transaction."""

    name: ClassVar[str]
    tables: ClassVar[tuple[Table[Any], ...]]
    dialect: ClassVar[Dialect]
    with_indexes: ClassVar[bool] = True

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
        ddl = self.table_ddl() + (self.index_ddl() if self.with_indexes else [])
        with self._transaction(commit=True) as c:
            for statement in ddl:
                c.execute(statement)

    # ----- transactions -------------------------------------------------------------------

    @contextmanager
    def _transaction(self, *, commit: bool) -> Iterator[Cursor]:
        raise NotImplementedError
        yield  # pragma: no cover

    @contextmanager
    def session(self, tracking: Tracking, after: int | None) -> Iterator[Session]:
        """One transaction: advance tracking from `after` to `tracking`, then write rows."""
        with self._transaction(commit=True) as c:
            self._advance_tracking(c, tracking, after)
            session = Session(self, c)
            yield session
            session.flush()
        BOARD.advance(self.board_key(tracking.application_name), tracking.notification_id)

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
        with self._transaction(commit=False) as c:
            c.execute(self.dialect.sql(sql), [self.dialect.to_db(p) for p in params])
            return list(c.fetchall())

    def decode(self, table: Table[R], record: Mapping[str, Any]) -> R:
        kinds = table.kinds
        return table.row(**{n: self.dialect.from_db(k, record[n]) for n, k in kinds.items()})

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
        """Every row of every table, keyed, with the tracking position, from one snapshot."""
        with self._transaction(commit=False) as c:
            self._snapshot(c)
            tables: dict[str, dict[object, object]] = {}
            for table in self.tables:
                c.execute(f"SELECT * FROM {self.qualified(self.table_name(table))}")
                rows = [self.decode(table, r) for r in c.fetchall()]
                tables[table.suffix] = {table.key_of(r): r for r in rows}
            position = self._position(c)
        return position, tables

    def _snapshot(self, c: Cursor) -> None:
        del c

    def _position(self, c: Cursor, application_name: str = "petitions") -> int | None:
        c.execute(
            self.dialect.sql(
                f"SELECT notification_id FROM {self.tracking_table()} WHERE application_name = ?"
            ),
            (self.tracking_key(application_name),),
        )
        row = c.fetchone()
        return None if row is None else int(row["notification_id"])

    def position(self, application_name: str = "petitions") -> int | None:
        with self._transaction(commit=False) as c:
            return self._position(c, application_name)

    def has_reached(self, application_name: str, position: int) -> bool:
        key = self.board_key(application_name)
        if BOARD.known(key) >= position:
            return True
        current = self.position(application_name) or 0
        if current:
            BOARD.advance(key, current)
        return current >= position

    def wait_for(self, position: int, timeout: float, application_name: str = "petitions") -> bool:
        """True once this view has processed up to `position`; False after `timeout` s."""
        deadline = monotonic() + timeout
        while not self.has_reached(application_name, position):
            remaining = deadline - monotonic()
            if remaining <= 0:
                return False
            BOARD.wait(min(remaining, 0.005))
        return True

    # ----- replay -------------------------------------------------------------------------

    def drop_view(self) -> None:
        """Drop this view's tables and tracking position."""
        with self._transaction(commit=True) as c:
            for table in self.tables:
                c.execute(f"DROP TABLE IF EXISTS {self.qualified(self.table_name(table))}")
            self._drop_tracking(c)

    def _drop_tracking(self, c: Cursor) -> None:
        c.execute(
            self.dialect.sql(f"DELETE FROM {self.tracking_table()} WHERE application_name = ?"),
            (self.tracking_key("petitions"),),
        )

    def swap_into(self, live: RowStore, application_name: str = "petitions") -> None:
        """Replace `live`'s tables and position by this (rebuilt) view's, in one transaction."""
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
            self._drop_tracking(c)


class Session:
    """The rows one batch reads and writes, inside the batch's transaction."""

    def __init__(self, store: RowStore, cursor: Cursor) -> None:
        self._store = store
        self._cursor = cursor
        self._rows: dict[str, dict[object, object | None]] = {t.suffix: {} for t in store.tables}
        self._dirty: dict[str, set[object]] = {t.suffix: set() for t in store.tables}

    def prefetch(self, keys: Iterable[object]) -> None:
        """Load every table's rows with these keys in one query per table and chunk."""
        wanted = list(dict.fromkeys(keys))
        for table in self._store.tables:
            missing = [k for k in wanted if k not in self._rows[table.suffix]]
            self._load(table, missing)

    def _load(self, table: Table[Any], keys: list[object]) -> None:
        store = self._store
        cache = self._rows[table.suffix]
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            self._cursor.execute(
                store.dialect.sql(
                    f"SELECT * FROM {store.qualified(store.table_name(table))} "
                    f"WHERE {table.key} IN ({marks})"
                ),
                [store.dialect.to_db(k) for k in chunk],
            )
            for record in self._cursor.fetchall():
                row = store.decode(table, record)
                cache[table.key_of(row)] = row
            for key in chunk:
                cache.setdefault(key, None)

    def get(self, table: Table[R], key: object) -> R | None:
        cache = self._rows[table.suffix]
        if key not in cache:
            self._load(table, [key])
        return cache[key]  # type: ignore[return-value]

    def put(self, table: Table[R], row: R) -> None:
        key = table.key_of(row)
        self._rows[table.suffix][key] = row
        self._dirty[table.suffix].add(key)

    def update(self, table: Table[R], key: object, **changes: object) -> R | None:
        """Replace the row with `key` by a copy with `changes`; None when there is no row."""
        row = self.get(table, key)
        if row is None:
            return None
        new: R = dataclasses.replace(row, **changes)  # type: ignore[type-var]
        self.put(table, new)
        return new

    def delete(self, table: Table[Any], key: object) -> None:
        self._rows[table.suffix][key] = None
        self._dirty[table.suffix].add(key)

    def flush(self) -> None:
        store = self._store
        to_db = store.dialect.to_db
        for table in store.tables:
            rows = self._rows[table.suffix]
            dirty = self._dirty[table.suffix]
            kept = [rows[k] for k in dirty if rows[k] is not None]
            gone = [k for k in dirty if rows[k] is None]
            name = store.qualified(store.table_name(table))
            if kept:
                names = [c.name for c in table.columns]
                updates = ", ".join(f"{n} = excluded.{n}" for n in names if n != table.key)
                sql = (
                    f"INSERT INTO {name} ({', '.join(names)}) "
                    f"VALUES ({', '.join('?' * len(names))}) "
                    f"ON CONFLICT ({table.key}) DO UPDATE SET {updates}"
                )
                params = [[to_db(v) for v in table.values(r)] for r in kept]
                self._cursor.executemany(store.dialect.sql(sql), params)
            if gone:
                sql = f"DELETE FROM {name} WHERE {table.key} = ?"
                self._cursor.executemany(store.dialect.sql(sql), [[to_db(k)] for k in gone])


class SQLiteRowStore(RowStore, SQLiteTrackingRecorder):
    dialect: ClassVar[Dialect] = SQLiteDialect()

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
