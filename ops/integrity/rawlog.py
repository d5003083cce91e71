"""The rows of an events table, read directly with SQL (no decoding, no library mapping)."""

# The table names in this module's SQL are the applications' own, never input.
# ruff: noqa: S608
from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Self, TypeVar
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from ops.settings import Settings
from ops.wiring import APPLICATIONS, application_env
from projections.integrity.merkle import event_leaf

PAGE = 10_000
T = TypeVar("T")
FIRST = -(2**63)  # below any id a row could be given by hand


@dataclass(frozen=True)
class RawEvent:
    """One row of an events table as stored."""

    notification_id: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes

    def leaf(self) -> bytes:
        return event_leaf(self.originator_id, self.originator_version, self.topic, self.state)


class RawLog:
    """An application's events table, opened on its own store's connection."""

    def __init__(self, settings: Settings, store: str) -> None:
        self.store = store
        self.app = APPLICATIONS[store](application_env(settings, store))
        self.table: str = self.app.recorder.events_table_name  # type: ignore[attr-defined]

    def close(self) -> None:
        self.app.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    @property
    def datastore(self) -> Any:  # noqa: ANN401  # SQLite or PostgreSQL datastore
        return self.app.recorder.datastore  # type: ignore[attr-defined]

    def qualified_table(self) -> str:
        store = self.datastore
        if isinstance(store, PostgresDatastore):
            return f'"{store.schema}"."{self.table}"'
        return f'"{self.table}"'

    def events(self, after: int = FIRST) -> Iterator[RawEvent]:
        """Every row after notification id `after`, in notification order.

        Pages are read a page ahead in a thread, while the caller works on the current one.
        """
        for page in prefetched(self.pages(after)):
            yield from page

    def pages(self, after: int = FIRST) -> Iterator[list[RawEvent]]:
        """The rows after `after`, a page at a time."""
        store = self.datastore
        postgres = isinstance(store, PostgresDatastore)
        ident = "notification_id" if postgres else "rowid"
        mark = "%s" if postgres else "?"
        sql = (
            f"SELECT {ident} AS notification_id, originator_id, originator_version, topic, state "
            f"FROM {self.qualified_table()} WHERE {ident} > {mark} ORDER BY {ident} LIMIT {PAGE}"
        )
        while True:
            with store.transaction(commit=False) as c:
                c.execute(sql, (after,))
                rows = c.fetchall()
            yield [_raw(row) for row in rows]
            if len(rows) < PAGE:
                return
            after = int(rows[-1]["notification_id"])

    def of_aggregate(self, originator_id: UUID) -> list[RawEvent]:
        """The stored rows of one aggregate, by version."""
        store = self.datastore
        postgres = isinstance(store, PostgresDatastore)
        ident = "notification_id" if postgres else "rowid"
        mark = "%s" if postgres else "?"
        key: object = originator_id if postgres else originator_id.hex
        sql = (
            f"SELECT {ident} AS notification_id, originator_id, originator_version, topic, state "
            f"FROM {self.qualified_table()} WHERE originator_id = {mark} "
            "ORDER BY originator_version"
        )
        with store.transaction(commit=False) as c:
            c.execute(sql, (key,))
            return [_raw(r) for r in c.fetchall()]

    def is_sqlite(self) -> bool:
        return isinstance(self.datastore, SQLiteDatastore)


def prefetched(pages: Iterator[T]) -> Iterator[T]:
    """The same pages, each read in a thread while the previous one is being used."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(next, pages, None)
        while True:
            page = ahead.result()
            if page is None:
                return
            ahead = pool.submit(next, pages, None)
            yield page


def _raw(row: Any) -> RawEvent:  # noqa: ANN401  # a sqlite3.Row or a psycopg dict row
    originator = row["originator_id"]
    return RawEvent(
        int(row["notification_id"]),
        originator if isinstance(originator, UUID) else UUID(str(originator)),
        int(row["originator_version"]),
        str(row["topic"]),
        bytes(row["state"]),
    )
