"""The write floor of a rebuild: the rebuilt views' rows inserted into empty views.

A rebuild cannot go faster than its store takes the rows it must write. After
`run-projections` has rebuilt every view, this reads each view table's rows and
inserts them, in key order, into the same tables of an empty store made by the views
themselves (same columns, keys and indexes), through a plain driver connection and the
store's fastest bulk path: `COPY` on PostgreSQL (psycopg), `executemany` of plain
`INSERT`s on SQLite (sqlite3). One transaction per table and chunk, as many chunks as
the rebuild had batches, committed without waiting for the disk (`synchronous_commit
= off`, `PRAGMA synchronous=OFF`); on PostgreSQL also every view on a connection of
its own, all at once, the faster of the two counting. No projection work, no
encoding, no upserts, no durable commits: the rate it gives (log events over the
seconds of the inserts) bounds any rebuild of these views on this store from above.

A table of more than `SAMPLE` rows is timed on its first `SAMPLE` rows (in key order,
into the empty table) and its seconds scaled to all of them: inserting into a small
table costs no more a row than into a large one, so the bound still holds, and a
large store's tables need not be held in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from bench.common import connect, fresh_store
from ops.settings import Settings
from ops.wiring import Views, open_views
from projections.rows import Table
from projections.sql_stores import WRITE_CACHE_KIB
from projections.store import RowStore

SAMPLE = 300_000  # rows of a table inserted at most (the rest is scaled)
# (table name, table, records, chunks) -> seconds to insert the records in that many chunks
Insert = Callable[[str, Table[Any], Sequence[Any], int], float]


@dataclass(frozen=True)
class Floor:
    """The rows every view holds, and the seconds their inserts took."""

    rows: int
    seconds: float

    def rate(self, events: int) -> float:
        """The log's events per second of inserts: no rebuild of these rows is faster."""
        return events / self.seconds if self.seconds else 0.0


def write_floor(store: str, settings: Settings, batches: int) -> Floor:
    """Insert the rows of the views rebuilt on `settings` into a fresh store's empty views.

    SQLite has one writer, so its views write in turn and their seconds add up. On
    PostgreSQL the views are also written all at once, each on a connection of its
    own (as the rebuild's lanes write), into another fresh store, the longest view's
    seconds counting: the faster of the two ways is the floor.
    """
    source = open_views(settings)
    try:
        one_by_one = _floor(store, source, batches, at_once=False)
        if store != "postgres":
            return one_by_one
        at_once = _floor(store, source, batches, at_once=True)
        return min(one_by_one, at_once, key=lambda f: f.seconds)
    finally:
        source.close()


def _floor(store: str, source: Views, batches: int, *, at_once: bool) -> Floor:
    with fresh_store(store) as empty:
        target = open_views(empty)
        jobs = list(zip(source.all(), [_tables(v) for v in target.all()], strict=True))
        target.close()
        if not at_once:
            timed = [_view_timed(empty, view, tables, batches) for view, tables in jobs]
            return Floor(sum(r for r, _ in timed), sum(s for _, s in timed))
        with ThreadPoolExecutor(len(jobs)) as pool:
            futures = [pool.submit(_view_timed, empty, v, t, batches) for v, t in jobs]
            timed = [f.result() for f in futures]
        return Floor(sum(r for r, _ in timed), max(s for _, s in timed))


def _view_timed(
    settings: Settings, view: RowStore, tables: list[tuple[Table[Any], str]], batches: int
) -> tuple[int, float]:
    """A view's rows, and the seconds to insert them all, on a connection of its own."""
    with _writer(settings) as insert:
        timed = [_timed(view, table, name, insert, batches) for table, name in tables]
    return sum(r for r, _ in timed), sum(s for _, s in timed)


def _timed(
    view: RowStore, table: Table[Any], name: str, insert: Insert, batches: int
) -> tuple[int, float]:
    """A table's rows, and the seconds to insert them all (scaled from `SAMPLE` rows)."""
    count = _count(view, table)
    if not count:
        return 0, 0.0
    records = _records(view, table, SAMPLE)
    chunks = -(-batches * len(records) // count)  # chunks as large as the rebuild's batches
    return count, insert(name, table, records, chunks) * count / len(records)


def _tables(view: RowStore) -> list[tuple[Table[Any], str]]:
    return [(t, view.qualified(view.table_name(t))) for t in view.tables]


def _count(view: RowStore, table: Table[Any]) -> int:
    name = view.qualified(view.table_name(table))
    return int(view.fetch(f"SELECT COUNT(*) AS n FROM {name}")[0]["n"])  # noqa: S608


def _records(view: RowStore, table: Table[Any], limit: int) -> list[tuple[object, ...]]:
    """A table's first `limit` rows' stored values, column by column, in the order of its key."""
    names = [c.name for c in table.columns]
    name = view.qualified(view.table_name(table))
    order = ", ".join(table.conflict)
    rows = view.fetch(
        f"SELECT {', '.join(names)} FROM {name} ORDER BY {order} LIMIT ?",  # noqa: S608
        [limit],
    )
    return [tuple(r[n] for n in names) for r in rows]


@contextmanager
def _writer(settings: Settings) -> Iterator[Insert]:
    """A function inserting a table's records in chunks of one transaction each: seconds."""
    if settings.uses_postgres:
        with connect(settings) as pg:
            pg.execute("SET synchronous_commit = off")  # no wait for the disk: still a bound

            def insert_pg(name: str, table: Table[Any], records: Sequence[Any], n: int) -> float:
                copy_sql = f"COPY {name} ({', '.join(c.name for c in table.columns)}) FROM STDIN"
                started = perf_counter()
                for chunk in _chunks(records, n):
                    with pg.transaction(), pg.cursor() as c, c.copy(copy_sql) as copy:
                        for record in chunk:
                            copy.write_row(record)
                return perf_counter() - started

            yield insert_pg
        return
    with closing(sqlite3.connect(settings.sqlite_dbname, isolation_level=None)) as lite:
        lite.execute("PRAGMA journal_mode=WAL")
        lite.execute("PRAGMA synchronous=OFF")  # no wait for the disk: still a bound
        lite.execute(f"PRAGMA cache_size=-{WRITE_CACHE_KIB}")  # as the views' writers

        def insert_lite(name: str, table: Table[Any], records: Sequence[Any], n: int) -> float:
            statement = _statement(name, table)
            started = perf_counter()
            for chunk in _chunks(records, n):
                lite.execute("BEGIN")
                lite.executemany(statement, chunk)
                lite.execute("COMMIT")
            return perf_counter() - started

        yield insert_lite


def _statement(name: str, table: Table[Any]) -> str:
    names = [c.name for c in table.columns]
    marks = ", ".join("?" * len(names))
    return f"INSERT INTO {name} ({', '.join(names)}) VALUES ({marks})"  # noqa: S608


def _chunks(records: Sequence[Any], chunks: int) -> Iterator[Sequence[Any]]:
    size = max(1, -(-len(records) // max(chunks, 1)))
    for start in range(0, len(records), size):
        yield records[start : start + size]
