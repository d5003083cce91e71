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


def first_overdue_day(due: date) -> date:
    """The first day on which a case due on `due` is overdue (the day after)."""
    return due + timedelta(days=1)


def overdue_due_before(on: date) -> date:
    """Items overdue on `on` are those (open, running) whose due date is before this day."""
    return on
