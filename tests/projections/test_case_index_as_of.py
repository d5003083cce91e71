"""The case list and the officers' load as they stood (issue 11), on both stores.

From the case index's bitemporal states: a late conclusion with an old legal date
moves the list on that day but not as known before it was recorded; "overdue" is
the case view's (`domain.overdue`, through `StatisticsView.case_at`).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.application import Petitions
from domain.kinds import Kind, ReexaminationGrounds
from ops.replay import replay
from ops.runners import start_runners
from ops.settings import Settings
from ops.wiring import open_views
from projections.case_index.as_of import load_at, search_at
from projections.case_index.history import COLUMNS, FACTS, STATES, CaseStateRow, record
from projections.case_index.load import LOAD
from projections.case_index.persistence import CaseFilter
from projections.session import Session
from tests.projections.story import Story, project


def test_the_list_as_it_stood_on_a_day_and_as_known_at_a_position(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    a, a1 = story.tree.district_a, story.tree.commune_a1
    settled = story.accepted(a1, date(2025, 1, 6), Kind.REFLECTION)
    story.run(app.assign(settled, "officer-7", story.act(a1, date(2025, 1, 7))))
    story.conclude(settled, a1, date(2025, 2, 20))
    late = story.accepted(a, date(2025, 1, 10))
    received = story.receive(a, date(2025, 3, 1))
    before_late = story.position
    story.conclude(late, a, date(2025, 1, 20))  # recorded last, legally dated in January
    views = project(store_settings)
    index = views.case_index

    def ids(on: date, known: int | None = None, **filters: object) -> list[object]:
        page = search_at(index, CaseFilter(**filters), on, known)  # type: ignore[arg-type]
        return [e.case_id for e in page.items]

    assert ids(date(2025, 1, 5)) == []  # nothing received yet
    assert ids(date(2025, 1, 15)) == [late, settled]
    assert ids(date(2025, 3, 1)) == [received, late, settled]
    then = {e.case_id: e for e in search_at(index, CaseFilter(), date(2025, 1, 15), None).items}
    assert (then[settled].status, then[settled].officer_id) == ("in_progress", "officer-7")
    assert then[settled].concluded_on is None
    assert then[settled].reference_code == index.get(settled).reference_code  # type: ignore[union-attr]
    # The late conclusion: in the January list, unless asked as known before it was recorded.
    assert ids(date(2025, 1, 25), status="concluded") == [late]
    assert ids(date(2025, 1, 25), before_late, status="concluded") == []
    assert ids(date(2025, 1, 25), before_late, status="in_progress") == [late, settled]
    assert ids(date(2025, 3, 1), status="concluded") == [late, settled]
    assert ids(date(2025, 1, 15), agency_id=a1) == [settled]
    assert ids(date(2025, 1, 15), officer_id="officer-7") == [settled]
    # Pagination at a cut-off visits each case once.
    first = search_at(index, CaseFilter(), date(2025, 3, 1), None, limit=2)
    assert first.next_cursor is not None
    rest = search_at(index, CaseFilter(), date(2025, 3, 1), None, 2, first.next_cursor)
    assert [e.case_id for e in (*first.items, *rest.items)] == [received, late, settled]


def test_overdue_at_a_cut_off_is_the_case_views_and_the_load_counts_it(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    a1 = story.tree.commune_a1
    case = story.accepted(a1, date(2025, 1, 6), Kind.REFLECTION)
    story.run(app.assign(case, "officer-7", story.act(a1, date(2025, 1, 7))))
    other = story.receive(a1, date(2025, 1, 8))
    views = project(store_settings)
    due = views.case_index.get(case).due_date  # type: ignore[union-attr]
    assert due is not None
    story.run(app.suspend(case, story.act(a1, due + timedelta(days=3))))
    suspended_at = story.position
    views = project(store_settings)
    index = views.case_index
    for day in (due - timedelta(days=1), due, due + timedelta(days=1), due + timedelta(days=4)):
        listed = {e.case_id for e in search_at(index, CaseFilter(overdue_on=day), day, None).items}
        for item in (case, other):
            state = views.statistics.case_at(item, day, None)
            assert state is not None
            assert (item in listed) == state.overdue(day), (item, day)
        flags = {
            e.case_id: e.is_overdue(day) for e in search_at(index, CaseFilter(), day, None).items
        }
        assert flags[case] == (due < day < due + timedelta(days=3))
    after = due + timedelta(days=1)
    load = {x.key: x for x in load_at(index, after, a1, None, 7)}
    assert (load["officer-7"].open, load["officer-7"].overdue) == (1, 1)
    assert load[""].open == 1  # the unassigned petition
    # Suspended from due + 3: open, no longer overdue; before the suspension was known, overdue.
    later = due + timedelta(days=4)
    suspended = {x.key: x for x in load_at(index, later, a1, None, 7)}["officer-7"]
    assert (suspended.open, suspended.overdue) == (1, 0)
    unknown = {x.key: x for x in load_at(index, later, a1, suspended_at - 1, 7)}["officer-7"]
    assert (unknown.open, unknown.overdue) == (1, 1)
    assert load_at(index, date(2025, 1, 5), a1, None, 7) == []


def test_the_states_followed_live_are_those_a_replay_rebuilds(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    a, province = story.tree.district_a, story.tree.province
    settled = story.accepted(a, date(2024, 1, 10), Kind.COMPLAINT)
    story.conclude(settled, a, date(2024, 2, 1), "right")
    late = story.accepted(a, date(2024, 6, 3))
    project(store_settings).close()
    with start_runners(store_settings, ["case_index"]):
        app.reexamine(
            settled,
            ReexaminationGrounds.NEW_EVIDENCE,
            story.act(province, date(2024, 4, 1), "new survey"),
        )
        story.run(app.assign(late, "officer-9", story.act(a, date(2024, 6, 4))))
        story.conclude(late, a, date(2024, 7, 1))
        last = app.recorder.max_notification_id() or 0
        live = open_views(store_settings)
        assert live.case_index.wait_for(last, timeout=60)

    def rows(dumped: dict[str, dict[object, object]]) -> tuple[object, ...]:
        tables = (FACTS, STATES, LOAD.counts, LOAD.journal)  # the load counters, too
        return tuple(sorted(repr(r) for t in tables for r in dumped[t.suffix].values()))

    followed = rows(live.case_index.dump()[1])
    march = {
        e.case_id: e for e in search_at(live.case_index, CaseFilter(), date(2024, 3, 1), None).items
    }
    assert march[settled].status == "concluded"  # the re-opening in April keeps it
    june = {
        e.case_id: e for e in search_at(live.case_index, CaseFilter(), date(2024, 6, 5), None).items
    }
    assert (june[settled].status, june[late].officer_id) == ("in_progress", "officer-9")
    live.close()
    replay(store_settings, "case_index")
    replayed = open_views(store_settings)
    assert rows(replayed.case_index.dump()[1]) == followed
    replayed.close()


class _Rows:
    """A store that is never read: the session starts complete (as a rebuild does)."""

    tables = (FACTS, STATES, *LOAD.tables)


@pytest.mark.parametrize("seed", range(12))
def test_the_states_are_the_fold_of_the_facts_at_every_day_and_position(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - a reproducible history, not a secret
    case_id, agency = uuid4(), uuid4()
    session = Session(_Rows(), complete=True)  # type: ignore[arg-type]
    received = date(2025, 1, 10)
    full = dict.fromkeys(COLUMNS) | {
        "received_on": received,
        "status": "received",
        "handling_agency_id": agency,
        "handling_agency_path": f"/{agency}/",
        "officer_id": "",
        "extensions": 0,
        "outcome": "",
        "last_act_on": received,
        "version": 1,
    }
    facts: list[tuple[int, date, dict[str, object]]] = []
    for position in range(1, 26):
        session.position = position
        if position == 1:
            day, changes = received, full
        else:
            latest = max(d for _, d, _ in facts)
            late = rng.random() < 0.3
            day = (
                received + timedelta(days=rng.randrange((latest - received).days + 1))
                if late
                else latest + timedelta(days=rng.randrange(3))
            )
            changes = {"status": rng.choice(["classified", "in_progress", "suspended"]),
                       "version": position, "last_act_on": day}  # fmt: skip
        record(session, case_id, day, changes)
        facts.append((position, day, dict(changes)))
        if position > 1 and rng.random() < 0.3:  # a second change of the same event
            more = {"officer_id": f"officer-{position}"}
            record(session, case_id, day, more)
            facts[-1][2].update(more)
    rows = [r for r in session.changes()[STATES.suffix].values() if isinstance(r, CaseStateRow)]
    last_day = max(d for _, d, _ in facts) + timedelta(days=1)
    for known in range(1, 26):
        for offset in range((last_day - received).days + 2):
            on = received - timedelta(days=1) + timedelta(days=offset)
            alive = [
                r for r in rows
                if r.from_day <= on < r.to_day and r.added_at <= known
                and (r.removed_at is None or r.removed_at > known)
            ]  # fmt: skip
            kept = sorted((d, p, c) for p, d, c in facts if p <= known and d <= on)
            if not kept:
                assert alive == [], (known, on)
                continue
            expected: dict[str, object] = {}
            for _, _, changes in kept:
                expected.update(changes)
            (state,) = alive
            assert {c: getattr(state, c) for c in COLUMNS} == expected, (known, on)
