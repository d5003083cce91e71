"""The read models follow the steps issue 8 adds (minimal handlers), live equal to a rebuild."""

from __future__ import annotations

from datetime import date

from domain.application import Petitions
from domain.calendar import WorkingCalendar
from domain.kinds import Kind, ReexaminationGrounds
from ops.settings import Settings
from ops.verify import verify
from projections.catalogue import PROJECTIONS
from projections.periods import Period
from tests.projections.story import Story, project


def test_referral_correction_and_reexamination_move_the_views(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    a, a1 = story.tree.district_a, story.tree.commune_a1
    # Law on Complaints art. 27: the commune's own 10 working days from its receipt.
    referred = story.receive(a, date(2025, 6, 2))
    story.classify(referred, a, date(2025, 6, 2), Kind.RECOMMENDATION, competent=a1)
    story.run(app.refer(referred, a1, story.act(a, date(2025, 6, 6))))
    story.run(app.receive_referral(referred, story.act(a1, date(2025, 6, 9))))
    # A recommendation corrected to a denunciation: 30 days from acceptance (art. 30).
    corrected = story.accepted(a1, date(2025, 6, 3))
    story.run(app.correct_kind(corrected, Kind.DENUNCIATION, story.act(a1, date(2025, 6, 4))))
    # A day off declared late for the due date, 3 July.
    app.calendar = WorkingCalendar.with_declarations(days_off=[date(2025, 7, 3)])
    story.run(app.correct_due_date(corrected, story.act(a1, date(2025, 6, 20))))
    # A settled case re-examined by the district: the district now holds it.
    settled = story.accepted(a1, date(2025, 6, 3), Kind.DENUNCIATION)
    story.conclude(settled, a1, date(2025, 6, 10), "false")
    grounds = ReexaminationGrounds.NEW_EVIDENCE
    story.run(app.reexamine(settled, grounds, story.act(a, date(2025, 6, 12))))
    views = project(store_settings)

    assert views.deadlines.item(referred).due_date == date(2025, 6, 23)  # type: ignore[union-attr]
    item = views.deadlines.item(corrected)
    assert (item.kind, item.due_date) == ("denunciation", date(2025, 7, 4))  # type: ignore[union-attr]
    entry = views.case_index.get(corrected)
    assert (entry.kind, entry.due_date, entry.version) == ("denunciation", date(2025, 7, 4), 5)  # type: ignore[union-attr]
    assert views.case_index.get(referred).handling_due_date == date(2025, 6, 23)  # type: ignore[union-attr]
    assert views.case_index.get(settled).handling_agency_id == a  # type: ignore[union-attr]
    assert views.deadlines.item(settled).agency_id == a  # type: ignore[union-attr]
    report = views.statistics.report(Period.calendar_year(2025), a1)
    kinds = {row.kind for row in report.rows if row.accepted}
    assert kinds == {"denunciation"}
    for projection in PROJECTIONS.values():
        assert verify(store_settings, projection) == []
