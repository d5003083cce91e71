"""A large batch's rows are written as a small one's would be, row by row.

SQLite upserts a large batch by multi-row statements (`SQLiteRowStore._upsert`),
PostgreSQL through COPY: both must store exactly what the row-by-row upsert stores,
for every column kind, nulls, additive sums and replaced values, across the statement
size (`ROWS_A_STATEMENT`) and on rows already stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.sqlite import SQLiteCursor
from eventsourcing.utils import Environment

from ops.settings import Settings
from projections import sql_stores
from projections.rows import Table
from projections.session import Changes
from projections.sql_stores import PostgresRowStore, SQLiteRowStore
from projections.store import RowStore


@dataclass(frozen=True)
class Thing:
    key: str
    owner: UUID
    name: str
    count: int
    active: bool
    day: date
    note: str | None


@dataclass(frozen=True)
class Tally:
    key: str
    agency: UUID
    bucket: str
    n: int


THINGS: Table[Thing] = Table("things", Thing, "key", indexes=(("owner",),))
TALLIES: Table[Tally] = Table(
    "tallies", Tally, "key", primary=("agency", "bucket"), additive=("n",), prefetched=False
)


class _View(RowStore):
    name: ClassVar[str] = "bulkupsert"
    tables: ClassVar[tuple[Table[Any], ...]] = (THINGS, TALLIES)


class _SQLiteView(_View, SQLiteRowStore):
    pass


class _PostgresView(_View, PostgresRowStore):
    pass


def _open(settings: Settings, name: str) -> RowStore:
    cls = _PostgresView if settings.uses_postgres else _SQLiteView
    env = Environment(name, settings.eventsourcing_env())
    view: RowStore = InfrastructureFactory[RowStore].construct(env).tracking_recorder(cls)
    return view


@pytest.fixture
def views(store_settings: Settings) -> Iterator[tuple[RowStore, RowStore]]:
    """Two copies of the view on one store: written in bulk, and row by row."""
    bulk = _open(store_settings, "bulkupsert")
    bulk.drop_view()
    bulk.create_view_tables()
    single = type(bulk).__new__(type(bulk))
    single.__dict__.update(bulk.__dict__)
    single.__dict__["name"] = "bulkupsert_single"
    single.create_view_tables()
    yield bulk, single
    single.drop_view()
    bulk.drop_view()
    bulk.close()


def _count_statements(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts of SQLite upsert statements run, multi-row or one row each."""
    seen: Counter[str] = Counter()
    original = SQLiteCursor.execute

    def execute(self: SQLiteCursor, sql: str, *args: Any) -> None:
        if sql.startswith("INSERT INTO"):
            seen["multi-row" if "), (" in sql else "one row"] += 1
        original(self, sql, *args)

    monkeypatch.setattr(SQLiteCursor, "execute", execute)
    return seen


AGENCIES = [uuid4() for _ in range(7)]
OWNERS = [uuid4() for _ in range(3)]


def _batch(round_: int, size: int) -> Changes:
    """`size` things (a third of them renamed each round) and tallies on 7 agencies."""
    things: dict[object, Thing] = {}
    for i in range(size):
        key = f"thing-{i:05}"
        things[key] = Thing(
            key=key,
            owner=OWNERS[i % 3],
            name=f"tên {i} ({'round ' + str(round_) if i % 3 == 0 else 'first'}) 'quoted'",
            count=i * (round_ + 1) - 2**40,
            active=(i + round_) % 2 == 0,
            day=date(2025, 1, 1) + timedelta(days=i % 400),
            note=None if i % 5 == 0 else f"note {i}",
        )
    tallies: dict[object, Tally] = {}
    for i in range(size):
        agency, bucket = AGENCIES[i % 7], f"d:{i // 7:05}"
        key = f"{agency}|{bucket}"
        tallies[key] = Tally(key=key, agency=agency, bucket=bucket, n=i % 4 - 1)
    return {"things": things, "tallies": tallies}


@pytest.mark.parametrize("most_variables", [None, 20])
def test_a_large_batch_stores_what_row_by_row_upserts_store(
    views: tuple[RowStore, RowStore], monkeypatch: pytest.MonkeyPatch, most_variables: int | None
) -> None:
    bulk, single = views
    if most_variables is not None:  # a SQLite built with a low limit: 2-row statements
        monkeypatch.setattr(sql_stores, "MAX_VARIABLES", most_variables)
    statements = _count_statements(monkeypatch)
    size = sql_stores.ROWS_A_STATEMENT * 2 + 123  # full statements, then smaller ones
    for round_, after in enumerate((None, 1, 2)):
        changes = _batch(round_, size if round_ < 2 else 40)
        bulk.write(changes, Tracking("petitions", round_ + 1), after)
        with monkeypatch.context() as patch:  # the same rows, one statement each
            patch.setattr(sql_stores, "VALUES_FROM", 10**9)
            patch.setattr(sql_stores, "COPY_FROM", 10**9)
            single.write(changes, Tracking("petitions", round_ + 1), after)
    if not isinstance(bulk, PostgresRowStore):
        assert statements["multi-row"] > 0  # the bulk path did run

    position, stored = bulk.dump()
    assert position == 3
    assert single.dump() == (position, stored)
    assert len(stored["things"]) == size
    tallies = stored["tallies"]
    # two full rounds and a short one, each adding i % 4 - 1 to its agency's day
    first = next(t for t in tallies.values() if t.bucket == "d:00000" and t.agency == AGENCIES[0])
    assert first.n == -3
    renamed = stored["things"]["thing-00003"]
    assert renamed.name == "tên 3 (round 2) 'quoted'"
    assert stored["things"]["thing-00005"].note is None
