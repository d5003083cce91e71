"""Escalations contract, on both stores: received above the competent agency, or referred up."""

from __future__ import annotations

from datetime import date

from domain.application import Petitions
from domain.kinds import Kind
from ops.settings import Settings
from projections.periods import Period
from tests.projections.story import Story, project


def test_petitions_received_by_or_referred_up_to_an_agency_above_the_competent_one(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    p, a, a1 = story.tree.province, story.tree.district_a, story.tree.commune_a1
    # Received by the province, for which commune A1 is competent: beyond the level.
    at_province = story.receive(p, date(2025, 4, 1))
    story.classify(at_province, p, date(2025, 4, 2), Kind.COMPLAINT, competent=a1)
    story.run(app.refer(at_province, a1, story.act(p, date(2025, 4, 3))))
    # Received by the competent commune, then referred up to the district.
    referred_up = story.receive(a1, date(2025, 4, 7))
    story.classify(referred_up, a1, date(2025, 4, 8), Kind.REFLECTION)
    story.run(app.refer(referred_up, a, story.act(a1, date(2025, 4, 9))))
    # Received by the competent agency: no escalation.
    story.accepted(a1, date(2025, 4, 10))
    views = project(store_settings)
    year = Period.calendar_year(2025)

    figures = {
        (f.above_agency_id, f.competent_agency_id): f.petitions
        for f in views.escalations.figures(year)
    }
    assert figures == {(p, a1): 1, (a, a1): 1}
    share = views.escalations.share(year, p)
    assert (share.escalated, share.received, share.share) == (2, 3, 2 / 3)
    assert views.escalations.share(year, a1).escalated == 0
    listed = views.escalations.cases(year, above_agency_id=p)
    assert [(r.case_id, r.via) for r in listed] == [(at_province, "received")]
    route = views.escalations.route(referred_up)
    assert route is not None
    assert (route.via, route.holder_agency_id) == ("referred", a)
