"""Dated counters: period sums from day and month buckets, subtree roll-up, and the
knowledge cut-off answered from the late deltas (on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.utils import Environment

from ops.settings import Settings
from projections.counter_rows import bucket_names
from projections.counters import Counters, Knowledge, buckets
from projections.rows import Table
from projections.session import Session
from projections.sql_stores import PostgresRowStore, SQLiteRowStore
from projections.store import RowStore

COUNTERS = Counters("c")


class _View(RowStore):
    name: ClassVar[str] = "countertest"
    tables: ClassVar[tuple[Table[Any], ...]] = COUNTERS.tables


class _SQLiteView(_View, SQLiteRowStore):
    pass


class _PostgresView(_View, PostgresRowStore):
    pass


@pytest.fixture
def view(store_settings: Settings) -> Iterator[RowStore]:
    cls = _PostgresView if store_settings.uses_postgres else _SQLiteView
    env = Environment("countertest", store_settings.eventsourcing_env())
    store = InfrastructureFactory[RowStore].construct(env).tracking_recorder(cls)
    yield store
    store.close()


ROOT, PROVINCE, DISTRICT, OTHER = (uuid4() for _ in range(4))
DISTRICT_PATH = [ROOT, PROVINCE, DISTRICT]
OTHER_PATH = [ROOT, OTHER]


class _Log:
    """Writes deltas as events at successive log positions, each in its own batch."""

    def __init__(self, view: RowStore) -> None:
        self.view = view
        self.position = 0

    def add(
        self,
        metric: str,
        day: date,
        path: list[UUID],
        recorded: datetime,
        dims: tuple[str, ...] = (),
        n: int = 1,
    ) -> int:
        after = self.position or None
        self.position += 1
        session = Session(self.view)
        session.position = self.position
        session.recorded_at = recorded
        COUNTERS.add(session, metric, day, path, dims, n)
        COUNTERS.add(session, metric, day, path, dims, n)  # twice in one batch: sums
        self.view.write(session.changes(), Tracking("petitions", self.position), after)
        return self.position


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def _days_of(low: str, high: str) -> list[date]:
    """The legal days an inclusive bucket range covers, within 2019-2027."""
    every = [date(2019, 1, 1) + timedelta(days=i) for i in range(9 * 366)]
    return [
        day
        for day in every
        for name in bucket_names(day.isoformat())
        if day.year <= LAST_YEAR and name[0] == low[0] and low <= name <= high
    ]


LAST_YEAR = 2027


def test_buckets_cover_each_day_once() -> None:
    first = date(2019, 1, 1)
    for start, end in [
        (date(2024, 12, 15), date(2025, 3, 14)),
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2025, 1, 3), date(2025, 1, 20)),
        (date(2025, 1, 3), date(2025, 2, 20)),
        (date(2025, 2, 1), date(2025, 2, 10)),
        (date(2023, 3, 1), date(2025, 5, 31)),
        (date(2023, 3, 5), date(2025, 5, 20)),
        (date(2023, 3, 1), date(2024, 2, 29)),
        (date(2022, 12, 15), date(2026, 12, 14)),
        (date(2024, 1, 1), date(2024, 1, 31)),
        (None, date(2025, 1, 10)),
        (None, date(2024, 12, 31)),
        (None, date(2025, 3, 31)),
        (None, date(2025, 6, 14)),
        (None, date(2025, 6, 20)),
        (date(2025, 1, 15), date(2025, 1, 20)),
        (date(2025, 1, 15), date(2025, 1, 31)),
        (date(2025, 1, 15), date(2025, 2, 13)),
        (date(2025, 1, 20), date(2025, 2, 14)),
        (date(2025, 1, 14), date(2025, 1, 14)),
        (date(2024, 12, 15), date(2025, 6, 30)),
        (date(2023, 12, 15), date(2024, 7, 3)),
        (date(2024, 3, 15), date(2025, 4, 20)),
        (date(2023, 1, 1), date(2025, 12, 14)),
        (None, date(2025, 12, 14)),
        (None, date(2025, 12, 20)),
        (date(2024, 10, 1), date(2024, 12, 20)),
    ]:
        covered = [day for low, high in buckets(start, end) for day in _days_of(low, high)]
        begin = start or first
        expected = [begin + timedelta(days=i) for i in range((end - begin).days + 1)]
        assert sorted(covered) == expected, (start, end)
    assert buckets(None, date(2025, 1, 10)) == [("y:", "y:2024"), ("d:2025-01-01", "d:2025-01-10")]
    assert buckets(None, date(2025, 6, 14)) == [
        ("s:", "s:2024"),
        ("t:2024-12-15", "t:2025-03-15"),
    ]
    # five years read as five rows a key
    assert buckets(date(2020, 12, 15), date(2026, 12, 14)) == [("s:2021", "s:2026")]
    # every period a report asks for (`projections.periods`): one row a key
    assert buckets(date(2023, 12, 15), date(2024, 12, 14)) == [("s:2024", "s:2024")]
    assert buckets(date(2024, 3, 15), date(2024, 6, 14)) == [("t:2024-03-15", "t:2024-03-15")]
    assert buckets(date(2024, 1, 1), date(2024, 12, 31)) == [("y:2024", "y:2024")]
    assert buckets(date(2024, 4, 1), date(2024, 6, 30)) == [("q:2024-04", "q:2024-04")]
    assert buckets(date(2024, 2, 1), date(2024, 2, 29)) == [("m:2024-02", "m:2024-02")]
    # a statistical month: two half months; cumulative months: the quarters
    assert buckets(date(2024, 1, 15), date(2024, 2, 14)) == [("h:2024-01-15", "h:2024-02-01")]
    assert buckets(date(2023, 12, 15), date(2024, 9, 14)) == [("t:2023-12-15", "t:2024-06-15")]
    # cut short by a legal cut-off: the whole quarters, then the half and the days
    assert buckets(date(2023, 12, 15), date(2024, 7, 3)) == [
        ("t:2023-12-15", "t:2024-03-15"),
        ("h:2024-06-15", "h:2024-06-15"),
        ("d:2024-07-01", "d:2024-07-03"),
    ]
    # the days on either side of a half, as one range
    assert buckets(date(2025, 1, 20), date(2025, 2, 10)) == [("d:2025-01-20", "d:2025-02-10")]


def test_every_day_is_in_each_kind_of_bucket_once() -> None:
    """A day's buckets: day, half, month, calendar quarter and year, statistical quarter, year."""
    assert bucket_names("2024-12-15") == (
        "d:2024-12-15", "h:2024-12-15", "m:2024-12", "q:2024-10", "y:2024",
        "t:2024-12-15", "s:2025",
    )  # fmt: skip
    assert bucket_names("2024-12-14")[5:] == ("t:2024-09-15", "s:2024")
    assert bucket_names("2025-03-14")[5:] == ("t:2024-12-15", "s:2025")
    assert bucket_names("2025-03-15")[3:] == ("q:2025-01", "y:2025", "t:2025-03-15", "s:2025")


def test_period_sums_subtrees_and_knowledge_cut_off(view: RowStore) -> None:
    log = _Log(view)
    # In order: recorded the day it legally happened.
    log.add("accepted", date(2024, 12, 20), DISTRICT_PATH, _at(date(2024, 12, 20)), ("complaint",))
    log.add("accepted", date(2025, 1, 5), DISTRICT_PATH, _at(date(2025, 1, 5)), ("denunciation",))
    log.add("accepted", date(2025, 2, 10), OTHER_PATH, _at(date(2025, 2, 10)), ("complaint",))
    issued_at = log.add("accepted", date(2025, 3, 14), DISTRICT_PATH, _at(date(2025, 3, 14)))
    # Late: recorded in April with legal dates inside the first quarter, and a retraction.
    log.add("accepted", date(2025, 1, 6), DISTRICT_PATH, _at(date(2025, 4, 2)), ("complaint",))
    log.add(
        "accepted", date(2024, 12, 20), DISTRICT_PATH, _at(date(2025, 4, 3)), ("complaint",), -1
    )
    # In order, after the quarter.
    log.add("accepted", date(2025, 4, 3), DISTRICT_PATH, _at(date(2025, 4, 3)), ("complaint",))

    q1 = (date(2024, 12, 15), date(2025, 3, 14))
    now = COUNTERS.sums(view, ["accepted"], [PROVINCE], *q1)["accepted"]
    assert dict(now) == {("complaint",): 2, ("denunciation",): 2, (): 2}
    everything = COUNTERS.sums(view, ["accepted"], None, *q1)["accepted"]
    assert everything[("complaint",)] == 4  # the other province's complaint too

    known = COUNTERS.knowledge(view, issued_at)
    assert known == Knowledge(issued_at, date(2025, 3, 14))
    then = COUNTERS.sums(view, ["accepted"], [PROVINCE], *q1, known=known)["accepted"]
    assert {k: v for k, v in then.items() if v} == {
        ("complaint",): 2,
        ("denunciation",): 2,
        (): 2,
    }
    by_time = COUNTERS.knowledge(view, datetime(2025, 4, 2, 23, 0, tzinfo=UTC))
    assert by_time.position == issued_at + 1
    mid = COUNTERS.sums(view, ["accepted"], [DISTRICT], *q1, known=by_time)["accepted"]
    assert mid[("complaint",)] == 4
    # A stock from the beginning, known at the issue, and a legal cut-off inside the day range.
    stock = COUNTERS.sums(view, ["accepted"], [DISTRICT, PROVINCE], None, date(2025, 4, 30))
    assert sum(stock["accepted"].values()) == 2 + 2 + 2 + 2 - 2 + 2
    stock_then = COUNTERS.sums(view, ["accepted"], [PROVINCE], None, date(2025, 4, 30), known)
    assert sum(stock_then["accepted"].values()) == 6
    early = COUNTERS.sums(view, ["accepted"], [PROVINCE], None, date(2025, 1, 5), known)
    assert sum(early["accepted"].values()) == 4


def test_the_sums_are_one_b_tree_keyed_as_reports_read_them(view: RowStore) -> None:
    """Layout 7: no stored text key and no second index; the key is derived when read back."""
    log = _Log(view)
    log.add("accepted", date(2025, 3, 4), DISTRICT_PATH, _at(date(2025, 3, 4)), ("complaint",))
    table = view.qualified(view.table_name(COUNTERS.counts))
    columns = {c.name for c in COUNTERS.counts.columns}
    assert "key" not in columns
    assert columns == {"agency_id", "metric", "bucket", "dims", "n"}
    assert COUNTERS.counts.indexes == ()
    if isinstance(view, PostgresRowStore):
        (plan,) = view.fetch(
            "SELECT indexdef FROM pg_indexes WHERE tablename = ?",
            [view.table_name(COUNTERS.counts)],
        )
        assert "(agency_id, metric, bucket, dims) INCLUDE (n)" in str(plan["indexdef"])
    else:
        (ddl,) = view.fetch("SELECT sql FROM sqlite_master WHERE name = ?", [table.strip('"')])
        assert str(ddl["sql"]).endswith("WITHOUT ROWID")
        plan = view.fetch(
            f"EXPLAIN QUERY PLAN SELECT n FROM {table} WHERE agency_id = ? AND metric = ? "  # noqa: S608  # our table name
            "AND bucket >= ? AND bucket <= ?",
            [PROVINCE, "accepted", "d:2025-03-01", "d:2025-03-31"],
        )
        assert all("SCAN" not in str(row["detail"]) for row in plan), plan
    _, tables = view.dump()
    counts = tables[COUNTERS.counts.suffix]
    key = f"{PROVINCE}|accepted|d:2025-03-04|complaint\t"
    assert counts[key].n == 2  # added twice in its batch
    assert counts[key].key == key
    assert len(counts) == 4 * len(bucket_names("2025-03-04"))  # everything + the 3 agencies
    with pytest.raises(TypeError):
        view.load_rows(COUNTERS.counts, [key])
