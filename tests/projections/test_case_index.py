"""Case index contract, on both stores: filters, cursor pagination, no identities."""

from __future__ import annotations

from datetime import date

import pytest

from domain.application import PersonalData, Petitions
from domain.kinds import Kind
from ops.settings import Settings
from projections.case_index.persistence import CaseFilter, InvalidCursorError
from tests.projections.story import Story, project


def test_filters_select_by_status_kind_agency_officer_year_and_overdue(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    a, a1, b = story.tree.district_a, story.tree.commune_a1, story.tree.district_b
    in_a1 = story.accepted(a1, date(2024, 12, 20), Kind.REFLECTION)  # statistical year 2025
    story.run(app.assign(in_a1, "officer-7", story.act(a1, date(2024, 12, 21))))
    in_b = story.accepted(b, date(2025, 3, 3))
    story.conclude(in_b, b, date(2025, 3, 10))
    received = story.receive(a, date(2025, 5, 5))
    views = project(store_settings)
    index = views.case_index

    assert [e.case_id for e in index.search(CaseFilter(agency_id=a)).items] == [received, in_a1]
    assert [e.case_id for e in index.search(CaseFilter(status="concluded")).items] == [in_b]
    assert [e.case_id for e in index.search(CaseFilter(kind="reflection")).items] == [in_a1]
    assert [e.case_id for e in index.search(CaseFilter(officer_id="officer-7")).items] == [in_a1]
    assert index.count(CaseFilter(year=2024)) == 1
    assert index.count(CaseFilter(statistical_year=2025)) == 3
    overdue = index.search(CaseFilter(overdue_on=date(2025, 2, 1))).items
    assert [e.case_id for e in overdue] == [in_a1]
    assert index.count(CaseFilter(overdue_on=date(2025, 1, 1))) == 0
    assert index.count() == 3


def test_cursor_pagination_visits_every_case_once_newest_first(
    store_settings: Settings, story: Story
) -> None:
    a = story.tree.district_a
    cases = [story.receive(a, date(2025, 1, 6 + (i % 3))) for i in range(7)]
    views = project(store_settings)
    seen, cursor = [], None
    while True:
        page = views.case_index.search(CaseFilter(agency_id=a), limit=3, cursor=cursor)
        seen += [e.case_id for e in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert sorted(seen) == sorted(cases)
    days = [views.case_index.get(c).received_on for c in seen]  # type: ignore[union-attr]
    assert days == sorted(days, reverse=True)
    with pytest.raises(InvalidCursorError):
        views.case_index.search(cursor="not-a-cursor")


def test_no_view_holds_the_petitioner_identity(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    a = story.tree.district_a
    personal = PersonalData("Nguyễn Văn Tố Cáo", "12 Hàng Bạc", "0912345678", "001099012345")
    case = story.receive(a, date(2025, 2, 3), personal=personal)
    story.classify(case, a, date(2025, 2, 4), Kind.DENUNCIATION)
    identity_id = app.get_case(case).identity_id
    assert identity_id is not None
    views = project(store_settings)
    dumped = repr([view.dump() for view in views.all()])
    assert str(case) in dumped
    for secret in (str(identity_id), personal.full_name, personal.contact, personal.id_number):
        assert secret not in dumped
