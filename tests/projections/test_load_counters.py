"""The officers' load from the load counters equals a count over the case index's states.

A generated history of a few cases (late facts, re-openings, suspensions, officer
changes, due dates moved) is recorded through `projections.case_index.history`
in batches, as a projection does; at sampled legal days and log positions, the
per-officer open, overdue and due-soon counts that `load_at` answers from the
counters are those of a brute-force count over the states in force then
(`domain.overdue`'s definitions), on both stores.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import Tracking

from domain.overdue import is_due_soon, item_overdue, running_due
from ops.settings import Settings
from ops.wiring import open_views
from projections.case_index.as_of import load_at
from projections.case_index.history import COLUMNS, STATES, CaseStateRow, record
from projections.case_index.load import LOAD, OPEN
from projections.case_index.persistence import CaseIndexView
from projections.session import Session

START = date(2025, 1, 6)
STATUSES = ("received", "classified", "in_progress", "in_progress", "suspended", "concluded")
Loads = dict[str, tuple[int, int, int]]


def _history(view: CaseIndexView, rng: random.Random, root: UUID, leaves: list[UUID]) -> int:
    """Record a random history in batches; the last log position."""
    cases: dict[UUID, date] = {}  # case -> its latest legal day
    position, head = 0, 60
    while position < head:
        session, after = Session(view), position or None
        for _ in range(rng.randrange(1, 5)):
            position += 1
            session.position = position
            recorded = datetime(2025, 1, 6, 9, tzinfo=UTC) + timedelta(days=position // 2)
            session.recorded_at = recorded
            if not cases or rng.random() < 0.3:
                case_id, day = uuid4(), recorded.date()
                leaf = rng.choice(leaves)
                record(session, case_id, day, _received(day, root, leaf, rng))
                cases[case_id] = day
                continue
            case_id = rng.choice(list(cases))
            late = rng.random() < 0.3
            first = START if late else cases[case_id]
            day = first + timedelta(days=rng.randrange(max(1, (recorded.date() - first).days)))
            day = min(max(day, first), recorded.date())
            cases[case_id] = max(cases[case_id], day)
            record(session, case_id, day, _change(day, position, rng))
        view.write(session.changes(), Tracking("petitions", position), after)
    return position


def _received(day: date, root: UUID, leaf: UUID, rng: random.Random) -> dict[str, object]:
    return dict.fromkeys(COLUMNS) | {
        "received_on": day,
        "status": "received",
        "handling_agency_id": leaf,
        "handling_agency_path": f"/{root}/{leaf}/",
        "officer_id": "",
        "handling_due_date": day + timedelta(days=rng.randrange(2, 30)),
        "extensions": 0,
        "outcome": "",
        "last_act_on": day,
        "version": 1,
    }


def _change(day: date, position: int, rng: random.Random) -> dict[str, object]:
    changes: dict[str, object] = {"version": position, "last_act_on": day}
    roll = rng.random()
    if roll < 0.5:
        changes["status"] = rng.choice(STATUSES)  # a concluded case re-opened, too
    elif roll < 0.7:
        changes["officer_id"] = rng.choice(["", "officer-1", "officer-2"])
    elif roll < 0.85:
        changes["due_date"] = day + timedelta(days=rng.randrange(-3, 130))  # some beyond 90
    else:
        changes["handling_due_date"] = day + timedelta(days=rng.randrange(-3, 30))
    return changes


def _brute(rows: list[CaseStateRow], on: date, known: int, leaf: UUID | None, soon: int) -> Loads:
    """The load counted over the states in force on `on` and alive at `known`."""
    counts: dict[str, Counter[str]] = {"open": Counter(), "late": Counter(), "soon": Counter()}
    for r in rows:
        alive = r.added_at <= known and (r.removed_at is None or r.removed_at > known)
        mine = leaf is None or r.handling_agency_id == leaf
        if not (alive and mine and r.from_day <= on < r.to_day and r.status in OPEN):
            continue
        counts["open"][r.officer_id] += 1
        counts["late"][r.officer_id] += item_overdue(r.status, r.handling_due_date, r.due_date, on)
        due = running_due(r.status, r.handling_due_date, r.due_date)
        counts["soon"][r.officer_id] += is_due_soon(due, on, soon)
    return {
        officer: (n, counts["late"][officer], counts["soon"][officer])
        for officer, n in sorted(counts["open"].items())
    }


@pytest.mark.parametrize("seed", range(3))
def test_the_load_at_any_cut_off_is_the_count_over_the_states(
    store_settings: Settings, seed: int
) -> None:
    rng = random.Random(seed)  # noqa: S311 - a reproducible history, not a secret
    root, leaves = uuid4(), [uuid4(), uuid4()]
    views = open_views(store_settings)
    view = views.case_index
    try:
        head = _history(view, rng, root, leaves)
        rows = view.select_rows(STATES, "1 = 1", [])
        last = max(r.from_day for r in rows) + timedelta(days=25)
        for _ in range(120):
            on = START + timedelta(days=rng.randrange((last - START).days))
            known = rng.randrange(1, head + 1)
            soon = rng.choice([0, 3, 7, 8, 30, 31, 45, 90])
            agency = rng.choice([root, *leaves])
            leaf = None if agency == root else agency
            found = {x.key: (x.open, x.overdue, x.due_soon)
                     for x in load_at(view, on, agency, known, soon)}  # fmt: skip
            assert found == _brute(rows, on, known, leaf, soon), (on, known, soon)
            if known == head:
                everything = load_at(view, on, agency, None, soon)
                assert {x.key: (x.open, x.overdue, x.due_soon) for x in everything} == found
    finally:
        views.close()


def test_due_soon_deltas_are_kept_by_lead_and_none_beyond_ninety_days(
    store_settings: Settings,
) -> None:
    """A 7-day window reads only `pend`: items due weeks ahead fill up the other leads."""
    root, leaf = uuid4(), uuid4()
    views = open_views(store_settings)
    view = views.case_index
    try:
        for position, ahead in enumerate((3, 20, 60, 200), start=1):
            session = Session(view)
            session.position = position
            session.recorded_at = datetime(2025, 1, 6, 9, tzinfo=UTC)
            row = _received(START, root, leaf, random.Random(0))  # noqa: S311
            row["handling_due_date"] = START + timedelta(days=ahead)
            record(session, uuid4(), START, row)
            view.write(session.changes(), Tracking("petitions", position), position - 1 or None)
        counts = view.select_rows(LOAD.counts, "bucket = ? AND agency_id = ?",
                                  [f"d:{START.isoformat()}", root])  # fmt: skip
        # each item's start (-1) in the metric of its lead; 200 days ahead: none
        assert sorted((c.metric, c.n) for c in counts if c.metric.startswith("pend")) == [
            ("pend", -1),
            ("pend31", -1),
            ("pend8", -1),
        ]
        for soon, expected in ((2, 0), (3, 1), (20, 2), (90, 3)):
            loads = load_at(view, START, root, None, soon)
            assert [x.due_soon for x in loads] == [expected], soon
        with pytest.raises(ValueError, match="0 to 90"):
            load_at(view, START, root, None, 91)
    finally:
        views.close()
