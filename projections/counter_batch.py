"""A batch's counter deltas, noted by key and turned into rows once (`projections.counters`).

`Counters.add_at` notes each delta in a `Pending` by its leaf key (one dict entry an
add); when the session's changes are collected, the net deltas become one journal
row per event and key, and count rows for every agency of the path (and everything),
by legal day, half month, month, calendar quarter and year, statistical quarter and
year (`counter_rows.bucket_names`). Keys whose deltas cancel out are not written.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from projections.counter_rows import (
    EVERYTHING,
    EVERYTHING_TEXT,
    Count,
    Delta,
    bucket_names,
    day_of,
    expansion,
    make_row,
)

LeafKey = tuple[str, str, str, str]  # leaf path, metric, legal day (ISO), dims text
JournalKey = tuple[int, str, str, str, str]  # position, path, metric, legal day, dims text


class Pending:
    """One batch's counter deltas, by key, until the session's changes are collected."""

    __slots__ = ("counts", "journal", "paths", "recorded_at", "second", "ticked")

    def __init__(self) -> None:
        self.counts: dict[LeafKey, int] = {}  # net delta
        self.journal: dict[JournalKey, list[Any]] = {}  # [net delta, late]
        self.paths: set[str] = set()
        self.recorded_at: datetime | None = None
        self.second: str | None = None  # recorded_at in UTC, to the second
        self.ticked = 0


def journal_rows(journal: dict[JournalKey, list[Any]]) -> dict[object, Delta]:
    """The journal rows of a batch's deltas: one an event and key, none where they cancel."""
    rows: dict[str, Delta] = {}
    for (position, path, metric, day, text), (n, late) in journal.items():
        agencies = expansion(path)
        leaf = agencies[-1][1] if agencies else EVERYTHING_TEXT
        key = f"{position}|{leaf}|{metric}|{day}|{text}"
        row = rows.get(key)
        if row is not None:  # one agency under two paths in one event: as one row
            row.__dict__["n"] += n
            continue
        rows[key] = make_row(Delta, key=key, position=position, late=late, day=day_of(day),
                             agency_path=path, metric=metric, dims=text, n=n)  # fmt: skip
    return {key: row for key, row in rows.items() if row.n}


def count_rows(counts: dict[LeafKey, int]) -> dict[object, Count]:
    """Leaf deltas added to each agency of their path (and everything), in each of their buckets."""
    rolled: dict[str, list[Any]] = {}
    get = rolled.get
    for (path, metric, day, text), n in counts.items():
        if not n:
            continue
        buckets = bucket_names(day)
        for agency, name in _rolled_up(path):
            for bucket in buckets:
                key = f"{name}|{metric}|{bucket}|{text}"
                found = get(key)
                if found is None:
                    rolled[key] = [n, agency, metric, bucket, text]
                else:
                    found[0] += n
    new = object.__new__
    rows: dict[object, Count] = {}
    for key, (n, agency, metric, bucket, text) in rolled.items():
        if n:  # built as `make_row` does, inline (a rebuild makes hundreds of thousands)
            row = rows[key] = new(Count)
            row.__dict__.update(
                key=key, agency_id=agency, metric=metric, bucket=bucket, dims=text, n=n
            )
    return rows


@lru_cache(maxsize=100_000)
def _rolled_up(path: str) -> tuple[tuple[UUID, str], ...]:
    """Everything, then each agency of `path` root first: the id and its text."""
    return ((EVERYTHING, EVERYTHING_TEXT), *((a, name) for a, name, _ in expansion(path)))
