"""The officers' load as it stood, from dated counters: a bounded read whatever the history.

Each bitemporal state of the case index (`projections.case_index.history`) adds
day deltas to the `load` counters (`projections.counters`) when it is put, and
takes them back when it is removed, at the log position of each; per officer
(dims) and agency path (rolled up to every ancestor):

- `open`: +1 on the state's first day, -1 on the day after its last, when its
  status is open (`OPEN`). Open on D is the stock on D.
- `late`: a state with a running clock due on `u` is overdue from `u + 1`
  (`domain.overdue.first_overdue_day`): +1 on max(from, u + 1), -1 on its end
  (when after). Overdue on D is the stock on D: [from <= D < to and u < D].
- `pend` (dims officer and `u`): the days it runs not yet overdue are
  [from, min(to, u + 1)). Due soon within N days on D counts those containing D
  with u <= D + N, hence u >= D; an interval with due date `u` is counted on D
  when it ends after D but did not start after D: -1 on its first day, +1 on its
  end, summed over the days (D, D + N + 1] and the due dates up to D + N. That
  window is N + 1 days wide, whatever the length of the history. A delta on day x
  with due date u counts only if u <= D + N < x + N, so its lead u - x + 1 is at most
  N: deltas leading by more than `MAX_SOON` days are not kept, and the others are
  kept by lead (`LEADS`: `pend` up to 7 days, `pend8` up to 30, `pend31` up to
  90), so a window of N days reads only the leads up to N, not every due date
  the officers' new items run to (those fill up with the data's density).

Every sum is `Counters.sums`, so the knowledge cut-off subtracts the late facts
recorded after it (the counters' journal), as the statistics do.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from domain.overdue import first_overdue_day, running_due
from projections.counter_rows import Delta
from projections.counters import Counters, Knowledge
from projections.rows import Table
from projections.session import Session
from projections.store import RowStore

if TYPE_CHECKING:
    from projections.case_index.history import CaseStateRow

OPEN = ("received", "classified", "referred", "in_progress", "suspended")
MAX_SOON = 90  # the widest due-soon window a report asks for (`within_days`)
LEADS = (("pend", 0), ("pend8", 8), ("pend31", 31))  # metric, least lead it keeps


class LoadCounters(Counters):
    """`Counters` whose journal indexes cover the knowledge cut-off's reads.

    A cut-off reads the late deltas recorded after it (all of them, as many as
    were recorded since): from the index alone, ten times faster than row by row.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        covered = ("metric", "agency_path", "dims", "n")
        self.journal = Table(
            f"{name}_journal",
            Delta,
            "key",
            indexes=(("late", "position", "day", *covered), ("day", "position", *covered)),
            additive=("n",),
            prefetched=False,
        )


LOAD = LoadCounters("load")
OPEN_END = date(9999, 12, 31)  # `to_day` of a state still in force (as `history.OPEN_END`)
STOCKS = ("open", "late")


@dataclass(frozen=True)
class OfficerLoad:
    """One officer's open items on the day: how many, how many overdue, how many due soon."""

    key: str
    open: int
    overdue: int
    due_soon: int


def contribute(session: Session, row: CaseStateRow, sign: int) -> None:
    """Add (`sign` 1) or take back (-1) the load deltas of a state, at the session's position."""
    if row.status not in OPEN:
        return
    path = row.handling_agency_path or "/"
    officer = (row.officer_id,)
    start, end = row.from_day, row.to_day
    closed = end != OPEN_END
    _interval(session, "open", path, officer, start, end if closed else None, sign)
    due = running_due(row.status, row.handling_due_date, row.due_date)
    if due is None:
        return
    first_late = first_overdue_day(due)
    late_from = max(start, first_late)
    if not closed or late_from < end:
        _interval(session, "late", path, officer, late_from, end if closed else None, sign)
    pending_end = min(end, first_late)
    if start < pending_end:
        dims = (row.officer_id, due.isoformat())
        _pending(session, path, dims, start, due, -sign)
        _pending(session, path, dims, pending_end, due, sign)


def _pending(
    session: Session, path: str, dims: tuple[str, ...], day: date, due: date, n: int
) -> None:
    """A `pend` delta on `day`, in the metric of its lead (none beyond `MAX_SOON` days)."""
    lead = (due - day).days + 1
    if lead > MAX_SOON:
        return  # never in a window: counted on D needs day > D and due <= D + N
    metric = next(name for name, least in reversed(LEADS) if lead >= least)
    LOAD.add_at(session, metric, day.isoformat(), path, dims, n)


def _interval(
    session: Session,
    metric: str,
    path: str,
    dims: tuple[str, ...],
    start: date,
    end: date | None,
    sign: int,
) -> None:
    """+`sign` on `start`, -`sign` on `end` (None: still running)."""
    LOAD.add_at(session, metric, start.isoformat(), path, dims, sign)
    if end is not None:
        LOAD.add_at(session, metric, end.isoformat(), path, dims, -sign)


def load_counts(
    view: RowStore,
    on: date,
    agencies: list[UUID] | None,
    known: int | None,
    soon_days: int,
) -> list[OfficerLoad]:
    """Per officer: items open on `on`, overdue then, due within `soon_days`; as known at `known`.

    `agencies` are summed with their subtrees (None: everything); officers with
    nothing open are left out, the rest in officer order. `soon_days` is 0 to `MAX_SOON`.
    """
    if not 0 <= soon_days <= MAX_SOON:
        raise ValueError(f"a due-soon window is 0 to {MAX_SOON} days")
    knowledge: Knowledge | None = None if known is None else LOAD.knowledge(view, known)
    stocks = LOAD.sums(view, STOCKS, agencies, None, on, knowledge)
    last = on + timedelta(days=soon_days)
    leads = tuple(name for name, least in LEADS if least <= soon_days)
    window = LOAD.sums(view, leads, agencies, on + timedelta(days=1),
                       last + timedelta(days=1), knowledge)  # fmt: skip
    soon: Counter[str] = Counter()
    limit = last.isoformat()
    for metric in leads:
        for (officer, due), n in window[metric].items():
            if due <= limit:
                soon[officer] += n
    opened, late = stocks["open"], stocks["late"]
    return [
        OfficerLoad(officer, n, late.get((officer,), 0), soon[officer])
        for (officer,), n in sorted(opened.items())
        if n > 0
    ]
