"""Deadlines contract, on both stores: open items, due soon, overdue, loads by officer."""

from __future__ import annotations

from datetime import date

from domain.application import Petitions
from domain.kinds import Kind
from ops.settings import Settings
from tests.projections.story import Story, project


def test_open_items_are_listed_soonest_due_and_leave_when_closed(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    a, a1 = story.tree.district_a, story.tree.commune_a1
    intake = story.receive(a, date(2025, 6, 2))  # due in 10 working days: 16 June
    settled = story.accepted(a1, date(2025, 6, 3))  # due 3 July
    story.run(app.assign(settled, "officer-1", story.act(a1, date(2025, 6, 4))))
    closed = story.accepted(a1, date(2025, 6, 3))
    story.conclude(closed, a1, date(2025, 6, 5))
    views = project(store_settings)
    deadlines = views.deadlines

    items = deadlines.open_items()
    assert [(i.case_id, i.stage, i.due_date) for i in items] == [
        (intake, "intake", date(2025, 6, 16)),
        (settled, "settlement", date(2025, 7, 3)),
    ]
    assert [i.case_id for i in deadlines.open_items(agency_id=a1)] == [settled]
    assert [i.case_id for i in deadlines.open_items(officer_id="officer-1")] == [settled]
    assert [i.case_id for i in deadlines.due_within(7, date(2025, 6, 10))] == [intake]
    assert [i.case_id for i in deadlines.overdue(date(2025, 6, 20))] == [intake]
    assert [i.case_id for i in deadlines.overdue(date(2025, 7, 4))] == [intake, settled]
    loads = {load.key: load for load in deadlines.load(date(2025, 6, 20))}
    assert (loads["officer-1"].open, loads["officer-1"].overdue) == (1, 0)
    assert (loads[""].open, loads[""].overdue) == (1, 1)


def test_a_suspended_case_is_never_overdue_and_resumes_with_a_new_due_date(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    a = story.tree.district_a
    case = story.accepted(a, date(2025, 3, 3), Kind.RECOMMENDATION)  # due 2 April
    story.run(app.suspend(case, story.act(a, date(2025, 3, 13), "awaiting court")))
    views = project(store_settings)
    assert views.deadlines.overdue(date(2025, 5, 1)) == []
    story.run(app.resume(case, story.act(a, date(2025, 5, 2))))
    views = project(store_settings)
    item = views.deadlines.item(case)
    assert item is not None
    assert (item.suspended, item.due_date) == (False, date(2025, 5, 22))
