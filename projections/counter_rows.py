"""The rows and pure helpers of the dated counters (`projections.counters`)."""

from __future__ import annotations

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
    bucket: str  # "d:YYYY-MM-DD", "h:YYYY-MM-01|15", "m:YYYY-MM", "q:YYYY-MM", "y:YYYY",
    # "t:YYYY-MM-15" (statistical quarter) or "s:YYYY" (statistical year): `bucket_names`
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
DECEMBER = 12
QUARTER_MONTHS = 3
STAT_QUARTER_MONTHS = (12, 3, 6, 9)  # statistical quarters start on the 15th of these
CALENDAR_QUARTER_MONTHS = (1, 4, 7, 10)


def half_bucket(day: str) -> str:
    """The half-month bucket of ISO day `day`: `h:YYYY-MM-01` (days 1-14) or `h:YYYY-MM-15`."""
    return f"h:{day[:8]}{'01' if day[8:10] < '15' else '15'}"


@lru_cache(maxsize=8192)
def bucket_names(day: str) -> tuple[str, ...]:
    """Every bucket ISO day `day` is counted in, one of each kind.

    Day, half month, month, calendar quarter, calendar year, statistical quarter
    and statistical year (15 December to 14 December).
    """
    year, month, first_half = int(day[:4]), int(day[5:7]), day[8:10] < "15"
    quarter = f"{(month - 1) // QUARTER_MONTHS * QUARTER_MONTHS + 1:02d}"
    # The statistical quarter: months counted from December, the 15th starting each.
    shifted = (month % DECEMBER) * 2 + (0 if first_half else 1) - 1  # half months since Dec 15
    start_month = STAT_QUARTER_MONTHS[(shifted % 24) // 6]
    start_year = year - 1 if start_month == DECEMBER and month != DECEMBER else year
    stat_year = year + 1 if month == DECEMBER and not first_half else year
    return (
        f"d:{day}",
        half_bucket(day),
        f"m:{day[:7]}",
        f"q:{year}-{quarter}",
        f"y:{year}",
        f"t:{start_year}-{start_month:02d}-15",
        f"s:{stat_year}",
    )


def buckets(start: date | None, end: date) -> list[tuple[str, str]]:
    """Inclusive ranges of bucket names covering legal days `start`..`end`, each day once.

    From `start`, each step takes the longest bucket beginning that day and ending by
    `end`: a statistical year (15 December), a calendar year, a statistical quarter
    (the 15th of December, March, June, September), a calendar quarter, a month, a
    half month, else a day; `start` None means from the beginning (every whole year,
    calendar or statistical, whichever leaves fewer rows). So every period a report
    asks for reads one row a key (a statistical year, a quarter, a calendar month: a
    statistical month is two half months), a period cut short by a legal cut-off a
    few more (at most ~26 days, 2 halves, 2 months and 3 quarters), and a stock
    summed "from the beginning" a row a year of history and a few more.
    """
    return list(_buckets(start, end))


@lru_cache(maxsize=4096)
def _buckets(start: date | None, end: date) -> tuple[tuple[str, str], ...]:
    if start is not None:
        return tuple(_joined(_cover(start, end)))
    calendar = end.year if (end.month, end.day) == (DECEMBER, 31) else end.year - 1
    statistical = end.year if (end.month, end.day) >= (DECEMBER, HALF - 1) else end.year - 1
    by_calendar = _cover(date(calendar + 1, 1, 1), end)
    by_statistics = _cover(date(statistical, DECEMBER, HALF), end)
    if len(by_statistics) < len(by_calendar):
        return (("s:", f"s:{statistical}"), *_joined(by_statistics))
    return (("y:", f"y:{calendar}"), *_joined(by_calendar))


def _cover(first: date, end: date) -> list[str]:
    """The buckets covering `first`..`end`, the longest that fits at each step."""
    found = []
    while first <= end:
        name, last = _longest(first, end)
        found.append(name)
        first = last + timedelta(days=1)
    return found


def _longest(first: date, end: date) -> tuple[str, date]:
    """The longest bucket beginning on `first` and ending by `end`, and its last day."""
    day, month, year = first.day, first.month, first.year
    candidates: list[tuple[str, date]] = []
    if (month, day) == (DECEMBER, HALF):
        candidates.append((f"s:{year + 1}", date(year + 1, DECEMBER, HALF - 1)))
    if (month, day) == (1, 1):
        candidates.append((f"y:{year}", date(year, DECEMBER, 31)))
    if day == HALF and month in STAT_QUARTER_MONTHS:
        candidates.append((f"t:{first.isoformat()}", _add_months(first, 3) - timedelta(days=1)))
    if day == 1 and month in CALENDAR_QUARTER_MONTHS:
        candidates.append((f"q:{first.isoformat()[:7]}", _add_months(first, 3) - timedelta(days=1)))
    if day == 1:
        candidates.append((f"m:{first.isoformat()[:7]}", _next_month(first) - timedelta(days=1)))
    if day in {1, HALF}:
        after = first.replace(day=HALF) if day == 1 else _next_month(first)
        candidates.append((half_bucket(first.isoformat()), after - timedelta(days=1)))
    for name, last in candidates:
        if last <= end:
            return name, last
    return f"d:{first.isoformat()}", first


def _joined(names: list[str]) -> list[tuple[str, str]]:
    """Consecutive buckets of one kind as one range (one query part fewer)."""
    found: list[tuple[str, str]] = []
    for name in names:
        if found and found[-1][1][0] == name[0]:
            found[-1] = (found[-1][0], name)
        else:
            found.append((name, name))
    return found


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def dims_of(text: object) -> Dims:
    return tuple(str(text or "").split(SEP)[:-1])
