"""The key store: one row per data key, wrapped by the master key. Not an event table.

Rows live beside the events (the same SQLite file, the same PostgreSQL schema) in
`identity_keys`, and are the one place personal data can be destroyed: deleting a
row (shredding) leaves every stored event, and so the integrity log, untouched.
"""

from __future__ import annotations

import contextlib
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from psycopg.sql import SQL, Composed, Identifier

if TYPE_CHECKING:
    from eventsourcing.postgres import PostgresDatastore
    from eventsourcing.sqlite import SQLiteDatastore

TABLE = "identity_keys"


@dataclass(frozen=True)
class WrappedKey:
    key_id: UUID
    master_id: str  # the fingerprint of the master key that wrapped it
    wrapped: bytes


class KeyStore(ABC):
    """Wrapped data keys by id."""

    @abstractmethod
    def put_many(self, keys: list[WrappedKey]) -> None:
        """Insert new keys, all in one transaction; a key already stored is left as it is.

        Key ids are random, so a stored id is this very key: put again after a COMMIT
        whose acknowledgement was lost (the vault keeps the keys pending and retries).
        """

    joins_transactions: bool = False  # `put_with` writes in the caller's transaction

    def put_with(self, cursor: Any, keys: list[WrappedKey]) -> None:  # noqa: ANN401
        """Insert new keys (as `put_many`) on `cursor`, in the transaction it is in.

        Run by the recorder in the transaction inserting the events sealed under them.
        """
        raise NotImplementedError(f"{type(self).__name__} has no transaction to join")

    @abstractmethod
    def get(self, key_id: UUID) -> WrappedKey | None: ...

    @abstractmethod
    def get_many(self, key_ids: list[UUID]) -> dict[UUID, WrappedKey]:
        """The stored keys among `key_ids`, in one read (a page's worth: a few hundred)."""

    @abstractmethod
    def delete(self, key_id: UUID) -> bool:
        """Erase the key; False when there was none."""

    @abstractmethod
    def page(self, after: UUID | None, limit: int) -> list[WrappedKey]:
        """Up to `limit` keys in id order, after `after`."""

    @abstractmethod
    def replace(self, keys: list[WrappedKey]) -> None:
        """Store the keys' new wrapping, all in one transaction."""


class MemoryKeyStore(KeyStore):
    """Keys of an in-memory application (POPO persistence)."""

    def __init__(self) -> None:
        self._keys: dict[UUID, WrappedKey] = {}
        self._lock = threading.Lock()

    def put_many(self, keys: list[WrappedKey]) -> None:
        with self._lock:
            self._keys.update({key.key_id: key for key in keys})

    def get(self, key_id: UUID) -> WrappedKey | None:
        return self._keys.get(key_id)

    def get_many(self, key_ids: list[UUID]) -> dict[UUID, WrappedKey]:
        return {k: key for k in key_ids if (key := self._keys.get(k)) is not None}

    def delete(self, key_id: UUID) -> bool:
        with self._lock:
            return self._keys.pop(key_id, None) is not None

    def page(self, after: UUID | None, limit: int) -> list[WrappedKey]:
        ids = sorted((k for k in self._keys if after is None or str(k) > str(after)), key=str)
        return [self._keys[k] for k in ids[:limit]]

    def replace(self, keys: list[WrappedKey]) -> None:
        with self._lock:
            self._keys.update({key.key_id: key for key in keys})


class SQLiteKeyStore(KeyStore):
    """Keys in the embedded store's SQLite file."""

    def __init__(self, datastore: SQLiteDatastore, create_table: bool = True) -> None:
        self.datastore = datastore
        if create_table:
            with datastore.transaction(commit=True) as cursor:
                cursor.execute(
                    f"CREATE TABLE IF NOT EXISTS {TABLE} (key_id TEXT PRIMARY KEY, "
                    "master_id TEXT NOT NULL, wrapped BLOB NOT NULL)"
                )

    joins_transactions = True

    def put_many(self, keys: list[WrappedKey]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            self.put_with(cursor, keys)

    def put_with(self, cursor: Any, keys: list[WrappedKey]) -> None:  # noqa: ANN401
        cursor.executemany(
            f"INSERT INTO {TABLE} VALUES (?, ?, ?) ON CONFLICT (key_id) DO NOTHING",  # noqa: S608
            [(str(key.key_id), key.master_id, key.wrapped) for key in keys],
        )

    def get(self, key_id: UUID) -> WrappedKey | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT * FROM {TABLE} WHERE key_id = ?", (str(key_id),))  # noqa: S608
            return _row(cursor.fetchone())

    def get_many(self, key_ids: list[UUID]) -> dict[UUID, WrappedKey]:
        if not key_ids:
            return {}
        marks = ", ".join("?" for _ in key_ids)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT * FROM {TABLE} WHERE key_id IN ({marks})",  # noqa: S608
                [str(k) for k in key_ids],
            )
            return {key.key_id: key for key in map(_checked, cursor.fetchall())}

    def delete(self, key_id: UUID) -> bool:
        """Erase the row and every copy of it in the file and its write-ahead log.

        `secure_delete` zeroes the freed space (SQLite builds differ in its default);
        the TRUNCATE checkpoint writes the zeroed page over the old one in the file and
        empties the write-ahead log, which still held the page as it was.
        """
        with self.datastore.get_connection(commit=True) as connection:
            connection.cursor().execute("PRAGMA secure_delete = ON")
            with connection.transaction(commit=True) as cursor:
                cursor.execute(f"DELETE FROM {TABLE} WHERE key_id = ?", (str(key_id),))  # noqa: S608
                deleted = bool(cursor.sqlite_cursor.rowcount)
            connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted

    def page(self, after: UUID | None, limit: int) -> list[WrappedKey]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT * FROM {TABLE} WHERE key_id > ? ORDER BY key_id LIMIT ?",  # noqa: S608
                (str(after) if after else "", limit),
            )
            return [_checked(row) for row in cursor.fetchall()]

    def replace(self, keys: list[WrappedKey]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            for key in keys:
                cursor.execute(
                    f"UPDATE {TABLE} SET master_id = ?, wrapped = ? WHERE key_id = ?",  # noqa: S608
                    (key.master_id, key.wrapped, str(key.key_id)),
                )


class PostgresKeyStore(KeyStore):
    """Keys in the PostgreSQL schema of the events."""

    def __init__(self, datastore: PostgresDatastore, create_table: bool = True) -> None:
        self.datastore = datastore
        self.table = Identifier(datastore.schema, TABLE)
        if create_table:
            # Two processes creating it at once: one wins, the other finds it there.
            with contextlib.suppress(IntegrityError):
                self._run(
                    "CREATE TABLE IF NOT EXISTS {t} (key_id uuid PRIMARY KEY, "
                    "master_id text NOT NULL, wrapped bytea NOT NULL)",
                    (),
                )

    joins_transactions = True

    def put_many(self, keys: list[WrappedKey]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            self.put_with(cursor, keys)

    def put_with(self, cursor: Any, keys: list[WrappedKey]) -> None:  # noqa: ANN401
        cursor.executemany(
            self._sql("INSERT INTO {t} VALUES (%s, %s, %s) ON CONFLICT (key_id) DO NOTHING"),
            [(key.key_id, key.master_id, key.wrapped) for key in keys],
        )

    def get(self, key_id: UUID) -> WrappedKey | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self._sql("SELECT * FROM {t} WHERE key_id = %s"), (key_id,))
            return _row(cursor.fetchone())

    def get_many(self, key_ids: list[UUID]) -> dict[UUID, WrappedKey]:
        if not key_ids:
            return {}
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self._sql("SELECT * FROM {t} WHERE key_id = ANY(%s)"), (key_ids,))
            return {key.key_id: key for key in map(_checked, cursor.fetchall())}

    def delete(self, key_id: UUID) -> bool:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(self._sql("DELETE FROM {t} WHERE key_id = %s"), (key_id,))
            return bool(cursor.rowcount)

    def page(self, after: UUID | None, limit: int) -> list[WrappedKey]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                self._sql("SELECT * FROM {t} WHERE key_id > %s ORDER BY key_id LIMIT %s"),
                (after or UUID(int=0), limit),
            )
            return [_checked(row) for row in cursor.fetchall()]

    def replace(self, keys: list[WrappedKey]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            for key in keys:
                cursor.execute(
                    self._sql("UPDATE {t} SET master_id = %s, wrapped = %s WHERE key_id = %s"),
                    (key.master_id, key.wrapped, key.key_id),
                )

    def _sql(self, text: str) -> Composed:
        return SQL(text).format(t=self.table)

    def _run(self, text: str, params: tuple[Any, ...]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(self._sql(text), params)


def _row(row: Any) -> WrappedKey | None:  # noqa: ANN401
    return None if row is None else _checked(row)


def _checked(row: Any) -> WrappedKey:  # noqa: ANN401
    key_id = row["key_id"]
    return WrappedKey(
        key_id if isinstance(key_id, UUID) else UUID(key_id),
        str(row["master_id"]),
        bytes(row["wrapped"]),
    )
