"""Reception activity contract, on both stores: sessions, visits and petitions kept apart."""

from __future__ import annotations

from datetime import date

from domain.application import MeetingHeld, Petitions
from domain.reception import MeetingKind
from domain.reception_register import Visit
from ops.settings import Settings
from projections.periods import Period
from tests.projections.story import Story, project


def test_sessions_visits_persons_petitions_and_dialogues_by_agency_and_host(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    """Circular 04/2021/TT-TTCP: sessions, visits and persons are counted apart."""
    a, a1 = story.tree.district_a, story.tree.commune_a1
    day = story.act(a, date(2025, 1, 8))
    held = app.hold_meeting(MeetingHeld("chair-a", MeetingKind.REGULAR), day)
    story.run(held)
    story.run(app.record_visit(held.id, Visit(1), day))
    story.receive(a, date(2025, 1, 8), meeting_id=held.id)
    story.receive(a, date(2025, 1, 8), meeting_id=held.id)
    dialogue = MeetingHeld("chair-a1", MeetingKind.DIALOGUE, "farmers")
    for on in (date(2025, 2, 12), date(2024, 2, 12)):
        talk = app.hold_meeting(dialogue, story.act(a1, on))
        story.run(app.record_visit(talk.id, Visit(10, representatives=2), story.act(a1, on)))
    views = project(store_settings)
    year = Period.calendar_year(2025)

    (total,) = views.reception.figures(year, a)
    assert (total.meetings, total.visits, total.persons, total.petitions) == (2, 4, 13, 2)
    assert (total.dialogues, total.dialogue_visits, total.dialogue_persons) == (1, 1, 10)
    assert (total.delegations, total.delegation_persons) == (1, 10)
    by_host = {f.host_id: f for f in views.reception.figures(year, by="host")}
    assert (by_host["chair-a"].meetings, by_host["chair-a"].petitions) == (1, 2)
    assert (by_host["chair-a1"].agency_id, by_host["chair-a1"].persons) == (a1, 10)
    assert len(views.reception.figures(Period.calendar_year(2024), by="agency")) == 1
    (empty,) = views.reception.figures(Period.calendar_year(2023))
    assert empty.meetings == 0
    assert [m.meeting_id for m in views.reception.meetings(year, host_id="chair-a")] == [held.id]
