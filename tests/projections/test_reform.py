"""The 2025 reform in every read model: a province with a department, its districts dissolved on
1 July 2025 into new communes, their open cases transferred (Law 72/2025/QH15; Resolution
190/2025/QH15). The province's figures are the same before and after; each successor shows its
predecessors' history in statistics, escalations, deadlines, reception and the case index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import pytest

from domain.agency_kinds import AgencyKind
from domain.application import MeetingHeld, PersonalData, Petitions
from domain.case import Petition
from domain.errors import InvalidAgencyError
from domain.kinds import Channel, Kind
from domain.reception import MeetingKind
from domain.reception_register import Visit
from domain.succession import SuccessionClause, SuccessionPlan
from ops.settings import Settings
from ops.wiring import Views
from projections.case_index.persistence import CaseFilter
from projections.periods import Period
from tests.projections.story import ADMIN, REGISTERED, Story, project

REFORM = date(2025, 7, 1)
ON = date(2025, 10, 1)
PERIODS = (
    Period.calendar_year(2025),
    Period.statistical_year(2025),
    Period.statistical_year(2026),
    Period.statistical_quarter(2025, 2),
)


@dataclass
class Reformed:
    department: UUID
    commune_b1: UUID
    new_x: UUID
    new_y: UUID
    open_at_a: UUID
    open_at_a1: UUID
    open_at_b: UUID


def province_figures(views: Views, province: UUID) -> list[object]:
    """Everything the province's reports say, for several periods."""
    figures: list[object] = []
    for period in PERIODS:
        figures.append(views.statistics.report(period, province, ON).total)
        figures.append(views.escalations.share(period, province))
        figures.append(sorted(map(repr, views.escalations.figures(period, province))))
        figures.append(views.reception.figures(period, province))
    figures.append(sorted(i.case_id for i in views.deadlines.open_items(province)))
    figures.append(len(views.deadlines.overdue(ON, province)))
    figures.append(views.case_index.count(CaseFilter(agency_id=province)))
    return figures


def before_the_reform(story: Story, app: Petitions) -> Reformed:
    t = story.tree
    act = story.act(ADMIN, REGISTERED)
    department = story._w(
        app.register_agency(
            "Sở Tài chính", "STC", "province", t.province, act, AgencyKind.DEPARTMENT
        )
    )
    b1 = story._w(app.register_agency("Commune B1", "B1", "commune", t.district_b, act))
    # District A: a settled case, an open one, an escalation it received for commune A1.
    done = story.accepted(t.district_a, date(2025, 2, 3))
    story.conclude(done, t.district_a, date(2025, 3, 3))
    open_at_a = story.accepted(t.district_a, date(2025, 4, 1), Kind.COMPLAINT)
    above = story.receive(t.district_a, date(2025, 4, 2))
    story.classify(above, t.district_a, date(2025, 4, 3), Kind.REFLECTION, competent=t.commune_a1)
    story.run(app.refer(above, t.commune_a1, story.act(t.district_a, date(2025, 4, 4))))
    # Commune A1: a petition still in intake; district B: an accepted case; the department too.
    open_at_a1 = story.receive(t.commune_a1, date(2025, 6, 20))
    open_at_b = story.accepted(t.district_b, date(2025, 5, 5), Kind.DENUNCIATION)
    story.accepted(department, date(2025, 5, 6))
    # A reception session at district A: a delegation of 12 and a petition signed by 40.
    day = story.act(t.district_a, date(2025, 5, 7))
    held = app.hold_meeting(MeetingHeld("chair-a", MeetingKind.HEAD_PERIODIC), day)
    story.run(held)
    story.run(app.record_visit(held.id, Visit(12, representatives=3), day))
    signed = Petition("", Channel.RECEPTION, "signed by 40", None, 40, held.id, representatives=3)
    story.run(app.record_petition(signed, day, PersonalData("Representative")))
    x = story._w(
        app.register_agency("New commune X", "X", "commune", t.province, story.act(ADMIN, REFORM))
    )
    y = story._w(
        app.register_agency("New commune Y", "Y", "commune", t.province, story.act(ADMIN, REFORM))
    )
    return Reformed(department, b1, x, y, open_at_a, open_at_a1, open_at_b)


def reform(story: Story, app: Petitions, r: Reformed, settings: Settings) -> None:
    t = story.tree
    act = story.act(ADMIN, REFORM, "Law 72/2025/QH15: districts abolished")
    story.run(app.merge_agency(t.commune_a1, r.new_x, act))
    story.run(app.merge_agency(r.commune_b1, r.new_y, act))
    to_x = SuccessionPlan(
        "district-A/v1", r.new_x, (SuccessionClause(r.department, fields=("tax",)),)
    )
    story.run(app.dissolve_agency(t.district_a, to_x, act))
    story.run(app.dissolve_agency(t.district_b, SuccessionPlan("district-B/v1", r.new_y), act))
    views = project(settings)  # the case index lists the closed agencies' open cases
    for agency in (t.district_a, t.district_b, t.commune_a1):
        candidates = views.case_index.open_case_ids(agency)
        moved = app.transfer_open_cases(agency, candidates, act)
        story.position = max(story.position, moved.position)


def test_province_totals_are_the_same_before_and_after_the_reform_and_successors_show_history(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    t = story.tree
    r = before_the_reform(story, app)
    views = project(store_settings)
    before = province_figures(views, t.province)
    (reception_a,) = views.reception.figures(PERIODS[0], t.district_a)

    reform(story, app, r, store_settings)
    views = project(store_settings)

    assert province_figures(views, t.province) == before
    # Each open case went where the rule says, with its history.
    assert {views.case_index.get(c).handling_agency_id for c in (r.open_at_a, r.open_at_a1)} == {  # type: ignore[union-attr]
        r.new_x
    }
    assert views.case_index.get(r.open_at_b).handling_agency_id == r.new_y  # type: ignore[union-attr]
    assert views.case_index.open_case_ids(t.district_a) == []
    # Successor X shows district A's and commune A1's history in every report.
    year = PERIODS[0]
    stats = views.statistics.report(year, r.new_x, ON).total
    assert (stats.accepted, stats.resolved, stats.petitions_received) == (2, 1, 5)
    assert views.escalations.share(year, r.new_x).escalated == 1
    assert [f.above_agency_id for f in views.escalations.figures(year, r.new_x)] == [t.district_a]
    (reception_x,) = views.reception.figures(year, r.new_x)
    assert reception_x == reception_a
    assert (reception_x.persons, reception_x.delegations) == (52, 2)
    open_x = {i.case_id for i in views.deadlines.open_items(r.new_x)}
    assert {r.open_at_a, r.open_at_a1} <= open_x
    assert views.case_index.count(CaseFilter(agency_id=r.new_x)) == 5
    assert views.statistics.report(year, r.new_y, ON).total.accepted == 1


def test_a_district_takes_no_new_petition_once_districts_are_abolished(
    story: Story, app: Petitions
) -> None:
    """Law 72/2025/QH15: from 1 July 2025 the district level no longer exists."""
    with pytest.raises(InvalidAgencyError, match="does not exist"):
        story.receive(story.tree.district_a, REFORM)
    story.receive(story.tree.district_a, date(2025, 6, 30))


def test_after_a_merger_the_successor_shows_the_predecessors_meetings_escalations_and_cases(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    """Before, only statistics followed a merger: the successor showed 0 meetings, 0 escalations."""
    t = story.tree
    day = story.act(t.district_b, date(2024, 3, 4))
    held = app.hold_meeting(MeetingHeld("chair-b", MeetingKind.REGULAR), day)
    story.run(held)
    story.run(app.record_visit(held.id, Visit(3), day))
    b1 = story._w(app.register_agency("Commune B1", "B1", "commune", t.district_b, day))
    escalated = story.receive(t.district_b, date(2024, 3, 5))
    story.classify(escalated, t.district_b, date(2024, 3, 5), Kind.REFLECTION, competent=b1)
    open_case = story.accepted(t.district_b, date(2024, 3, 6))
    story.run(
        app.merge_agency(t.district_b, t.district_a, story.act(ADMIN, date(2024, 7, 1), "merger"))
    )
    views = project(store_settings)
    year = Period.calendar_year(2024)

    (reception,) = views.reception.figures(year, t.district_a)
    assert (reception.meetings, reception.persons) == (1, 3)
    assert views.escalations.share(year, t.district_a).escalated == 1
    assert [r.case_id for r in views.escalations.cases(year, above_agency_id=t.district_a)] == [
        escalated
    ]
    assert open_case in {i.case_id for i in views.deadlines.open_items(t.district_a)}
    assert views.case_index.count(CaseFilter(agency_id=t.district_a)) == 2
    # The predecessor's own figures are kept as they were.
    (own,) = views.reception.figures(year, t.district_b)
    assert own.meetings == 1


def test_a_departments_petitions_and_cases_count_in_its_provinces_statistics(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    """A Sở sits under the provincial People's Committee: it no longer drops out as a root."""
    t = story.tree
    act = story.act(ADMIN, REGISTERED)
    department = story._w(
        app.register_agency(
            "Sở Xây dựng", "SXD", "province", t.province, act, AgencyKind.DEPARTMENT
        )
    )
    story.accepted(department, date(2025, 3, 3))
    story.accepted(t.province, date(2025, 3, 4))
    views = project(store_settings)
    year = Period.calendar_year(2025)

    province = views.statistics.report(year, t.province).total
    assert (province.petitions_received, province.accepted) == (2, 2)
    assert views.statistics.report(year, department).total.accepted == 1
