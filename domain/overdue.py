"""The one definition of "overdue", "due soon" and "suspended" at a cut-off day.

A petition or case is **overdue on day D** when it is open on D, its clock is not
stopped (suspended, or a referral awaiting the receiver's receipt), and D is after
its due date in force on D: the handling due date while in intake, the settlement
due date once accepted. The due date itself is the last day allowed: a reflection
due on 11 December is not overdue on 25 November, nor on 11 December; it is from
12 December. **Due soon within N days**: open, clock running, not overdue, and due
on or before D + N. The case view, the case list filter, the deadlines report and
the statistics report all use these functions (and `first_overdue_day` for
intervals), so they cannot disagree.
"""

from __future__ import annotations

from datetime import date, timedelta


def is_overdue(due: date | None, on: date, *, open_: bool = True, stopped: bool = False) -> bool:
    """Open, clock running, and `on` after the due date `due`."""
    return open_ and not stopped and due is not None and on > due


def is_due_soon(
    due: date | None, on: date, days: int, *, open_: bool = True, stopped: bool = False
) -> bool:
    """Open, clock running, not yet overdue on `on`, and due within `days` days of it."""
    return open_ and not stopped and due is not None and on <= due <= on + timedelta(days=days)


INTAKE = frozenset({"received", "classified", "referred"})
SETTLEMENT = "in_progress"


def running_due(status: str, handling_due: date | None, due: date | None) -> date | None:
    """The due date of the clock that runs in `status` (None: no clock runs)."""
    if status in INTAKE:
        return handling_due  # None while a referral awaits the receiver's receipt
    return due if status == SETTLEMENT else None


def item_overdue(status: str, handling_due: date | None, due: date | None, on: date) -> bool:
    """A petition or case in `status` with these due dates is overdue on `on`.

    Suspended, closed and archived ones never are; see `is_overdue`.
    """
    open_ = status in INTAKE or status == SETTLEMENT
    return is_overdue(running_due(status, handling_due, due), on, open_=open_)


def first_overdue_day(due: date) -> date:
    """The first day on which a case due on `due` is overdue (the day after)."""
    return due + timedelta(days=1)
