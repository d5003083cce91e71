"""The rows and pure helpers of the dated counters (`projections.counters`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TypeVar
from uuid import UUID

from projections.rows import path_text

EVERYTHING = UUID(int=0)  # the agency id under which every delta is also counted
SEP = "\t"  # between breakdown values in the stored `dims` text
Dims = tuple[str, ...]
Sums = dict[str, dict[Dims, int]]  # metric -> breakdown values -> sum
# A contribution of a row to the counters: metric, legal day (ISO), agency path text, dims.
Key = tuple[str, str, str, Dims]


@dataclass(frozen=True)
class Count:
    """The running sum of one metric for one agency (with its subtree), bucket and breakdown."""

    key: str  # agency|metric|bucket|dims
    agency_id: UUID
    metric: str
    bucket: str  # "d:YYYY-MM-DD", "h:YYYY-MM-01" / "h:YYYY-MM-15", "m:YYYY-MM" or "y:YYYY"
    dims: str
    n: int


@dataclass(frozen=True)
class Delta:
    """One event's change to one figure, stamped with the event's log position."""

    key: str  # position|agency|metric|day|dims
    position: int
    late: bool
    day: date
    agency_path: str
    metric: str
    dims: str
    n: int


@dataclass(frozen=True)
class Tick:
    """The log positions recorded within one second (UTC, `YYYY-MM-DDTHH:MM:SS`)."""

    recorded_second: str
    first_position: int
    last_position: int


@dataclass(frozen=True)
class AgencyPath:
    """Where an agency sits in the tree (its materialised path), as last seen."""

    agency_id: UUID
    path: str


@dataclass(frozen=True)
class Knowledge:
    """A knowledge cut-off: what had been recorded up to log position `position`.

    `day` is the (UTC) day that position was recorded on.
    """

    position: int
    day: date


R = TypeVar("R")
EVERYTHING_TEXT = str(EVERYTHING)


def make_row(cls: type[R], **values: object) -> R:
    """A frozen row without running its `__init__` (a hot path of rebuilds)."""
    row = object.__new__(cls)
    row.__dict__.update(values)
    return row


@lru_cache(maxsize=4096)
def day_of(text: str) -> date:
    return date.fromisoformat(text)


@lru_cache(maxsize=100_000)
def expansion(path: str) -> tuple[tuple[UUID, str, str], ...]:
    """Each agency of a stored path, root first: its id, its id as text, its own path."""
    ids = path_ids(path)
    return tuple((a, str(a), path_text(ids[: i + 1])) for i, a in enumerate(ids))


def path_ids(text: str) -> list[UUID]:
    """The agency ids of a stored path (`/root/.../agency/`), root first."""
    return [UUID(p) for p in text.strip("/").split("/") if p]


HALF = 15  # the first day of a month's second half


def half_bucket(day: str) -> str:
    """The half-month bucket of ISO day `day`: `h:YYYY-MM-01` (days 1-14) or `h:YYYY-MM-15`."""
    return f"h:{day[:8]}{'01' if day[8:10] < '15' else '15'}"


def buckets(start: date | None, end: date) -> list[tuple[str, str]]:
    """Inclusive ranges of bucket names covering legal days `start`..`end`, each day once.

    Whole calendar years are read as year buckets, the other whole months as month
    buckets, whole half months (days 1-14, 15-end: statistical periods start on the
    15th) as half-month buckets, and the remaining days as day buckets; `start` None
    means from the beginning. So a range reads at most ~26 day rows, 2 half-month
    rows, 22 month rows and one row a year per key: a stock summed "from the
    beginning" does not grow with the months the history holds, and a statistical
    year is 13 rows a key.
    """
    ranges: list[tuple[str, str]] = []
    first: date | None = start
    if first is not None and first.day not in {1, HALF}:  # days up to the next half
        stop = min(end, _next_half(first) - timedelta(days=1))
        ranges.append((f"d:{first.isoformat()}", f"d:{stop.isoformat()}"))
        first = stop + timedelta(days=1)
    if first is not None and first.day == HALF and _next_month(first) <= end + timedelta(days=1):
        ranges.append((half_bucket(first.isoformat()),) * 2)
        first = _next_month(first)
    if first is not None and first > end:
        return ranges
    after_last = end + timedelta(days=1)
    last = end.replace(day=1) - timedelta(days=1) if after_last.day != 1 else end
    if first is None or (first.day == 1 and last >= first):  # whole months first..last
        ranges += _whole_months(first, last.replace(day=1))
    if after_last.day != 1:  # the days of end's month not in a whole month
        low = end.replace(day=1) if first is None else max(end.replace(day=1), first)
        if low.day == 1 and end.day >= HALF - 1:
            ranges.append((half_bucket(low.isoformat()),) * 2)
            low = low.replace(day=HALF)
        if low <= end:
            ranges.append((f"d:{low.isoformat()}", f"d:{end.isoformat()}"))
    return _joined(ranges)


def _joined(ranges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """`ranges` with adjacent day ranges made one (one query part fewer)."""
    found: list[tuple[str, str]] = []
    for low, high in ranges:
        if found and low[0] == "d" == found[-1][1][0]:
            after = day_of(found[-1][1][2:]) + timedelta(days=1)
            if low == f"d:{after.isoformat()}":
                found[-1] = (found[-1][0], high)
                continue
        found.append((low, high))
    return found


def _next_half(day: date) -> date:
    return day.replace(day=HALF) if day.day < HALF else _next_month(day)


def _whole_months(first: date | None, last: date) -> list[tuple[str, str]]:
    """Ranges over the months `first`..`last` (first days; None: from the beginning)."""
    last_year = last.year - (last.month != DECEMBER)
    ranges = []
    if first is None:
        ranges.append(("y:", f"y:{last_year}"))
    else:
        first_year = first.year + (first.month != 1)
        if first_year > last_year:
            return [(f"m:{first.isoformat()[:7]}", f"m:{last.isoformat()[:7]}")]
        if first.month != 1:
            ranges.append((f"m:{first.isoformat()[:7]}", f"m:{first.year}-12"))
        ranges.append((f"y:{first_year}", f"y:{last_year}"))
    if last.month != DECEMBER:
        ranges.append((f"m:{last.year}-01", f"m:{last.isoformat()[:7]}"))
    return ranges


DECEMBER = 12


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def sql_in(column: str, values: Sequence[object]) -> tuple[str, list[object]]:
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


def dims_of(text: object) -> Dims:
    return tuple(str(text or "").split(SEP)[:-1])
