"""Issue 11, done when: a report issued at a cut-off keeps its figures after re-openings, late
conclusions with old legal dates and suspensions: the issued report, `reproduce-report` and a
fresh `as_of`/`known_at` query all give the first figures exactly, on SQLite and PostgreSQL,
with the views followed live and after `petitions-ops replay`."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pytest

from api.routes.reports import statistics_out
from domain.act import Act
from domain.application import Petitions
from domain.issued_report import ReportIssue
from domain.kinds import Kind, ReexaminationGrounds
from ops import reproduce
from ops.replay import replay
from ops.runners import start_runners
from ops.settings import Settings
from ops.wiring import Views, open_views
from projections.periods import Period
from projections.statistics.metrics import RESOLUTION_RATE, SETTLEMENT_FORM_RATE
from tests.projections.story import ADMIN, Story, project

YEAR = Period.statistical_year(2024)  # 15 Dec 2023 - 14 Dec 2024
AS_OF = date(2024, 12, 14)


def figures(views: Views, agency: UUID, known_at: int | None) -> dict[str, Any]:
    report = views.statistics.report(YEAR, agency, AS_OF, RESOLUTION_RATE, None, known_at)
    out = statistics_out(report, RESOLUTION_RATE).model_dump(mode="json")
    if known_at is None:
        out["cutoff"]["known_at"] = None
    return dict(out)


def leader(agency: UUID) -> Act:
    return Act("leader-1", agency, date(2025, 1, 10), "annual report", "Circular 01/2024")


def test_an_issued_report_never_changes_after_the_fact(store_settings: Settings) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    story = Story(app)
    a, province = story.tree.district_a, story.tree.province
    # The history of 2024 at district A.
    settled = story.accepted(a, date(2024, 1, 10), Kind.COMPLAINT)
    story.conclude(settled, a, date(2024, 2, 1), "right")
    story.accepted(a, date(2024, 3, 1))  # open all year, overdue by its end
    denunciation = story.accepted(a, date(2024, 5, 2), Kind.DENUNCIATION)
    late = story.accepted(a, date(2024, 6, 3))
    views = project(store_settings)

    # The leader issues the year's report at the position the views have reached.
    position = views.statistics.position() or 0
    issued_figures = figures(views, province, position)
    assert issued_figures["total"]["accepted"] == 4
    assert issued_figures["total"]["resolved"] == 1
    assert issued_figures["total"]["overdue"] == 3
    assert issued_figures["total"]["suspended"] == 0
    issue = ReportIssue(
        "statistics",
        YEAR.start,
        YEAR.end,
        YEAR.label,
        province,
        RESOLUTION_RATE.key,
        AS_OF,
        position,
        issued_figures,
    )
    report_id = app.issue_report(issue, leader(province)).id
    assert app.get_issued_report(report_id).figures == issued_figures

    # Afterwards, recorded while the runners follow the log, facts with 2024 legal dates:
    # a re-opening of the settled complaint, a late conclusion, a suspension.
    with start_runners(store_settings):
        story.app.reexamine(
            settled,
            ReexaminationGrounds.NEW_EVIDENCE,
            story.act(province, date(2024, 4, 1), "new survey"),
        )
        story.conclude(late, a, date(2024, 7, 1))
        story.app.suspend(denunciation, story.act(a, date(2024, 6, 1), "awaiting an expert"))
        last = story.app.recorder.max_notification_id() or 0
        live = open_views(store_settings)
        assert live.wait_for(last, timeout=60)

    # Today's figures for 2024 changed: the late conclusion counts, the case re-opened in
    # April keeps its February settlement, the suspended denunciation is not overdue.
    now = figures(live, province, None)["total"]
    assert (now["resolved"], now["reopened"], now["suspended"]) == (2, 1, 1)
    assert now["overdue"] == 2  # the re-opened complaint and the open recommendation
    assert now != issued_figures["total"]
    assert live.statistics.case_at(settled, date(2024, 3, 1), None).status == "concluded"  # type: ignore[union-attr]
    assert live.statistics.case_at(settled, date(2024, 5, 1), None).status == "in_progress"  # type: ignore[union-attr]
    before_reopening = live.statistics.case_at(settled, date(2024, 5, 1), position)
    assert before_reopening is not None
    assert before_reopening.status == "concluded"

    # The issued report, its reproduction and a fresh query at its cut-offs all agree.
    def check(views: Views) -> None:
        assert app.get_issued_report(report_id).figures == issued_figures
        assert figures(views, province, position) == issued_figures
        assert reproduce.reproduce(store_settings, report_id) == []

    check(live)
    for opened in (live, views):
        opened.close()
    for name in ("statistics", "escalations", "reception", "deadlines"):
        replay(store_settings, name)
    replayed = open_views(store_settings)
    check(replayed)

    # A correction is a new issued report naming the one it corrects; the first stays.
    corrected = dict(figures(replayed, province, None))
    correction = ReportIssue(
        "statistics",
        YEAR.start,
        YEAR.end,
        YEAR.label,
        province,
        SETTLEMENT_FORM_RATE.key,
        AS_OF,
        last,
        corrected,
        corrects=report_id,
    )
    correction_id = app.issue_report(correction, leader(province)).id
    assert app.get_issued_report(correction_id).corrects == report_id
    assert app.get_issued_report(report_id).figures == issued_figures
    replayed.close()
    app.close()


def test_reproduce_report_exits_non_zero_on_a_difference(
    store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    story = Story(app)
    province = story.tree.province
    story.accepted(story.tree.district_a, date(2024, 3, 1))
    views = project(store_settings)
    position = views.statistics.position() or 0
    good = figures(views, province, position)
    views.close()
    forged = {**good, "rate": 0.99}
    ids = [
        app.issue_report(
            ReportIssue(
                "statistics", YEAR.start, YEAR.end, YEAR.label, province,
                RESOLUTION_RATE.key, AS_OF, position, values,
            ),
            leader(province),
        ).id
        for values in (good, forged)
    ]  # fmt: skip
    app.close()
    monkeypatch.setattr(reproduce, "get_settings", lambda: store_settings)
    assert reproduce.main([str(ids[0])]) == 0
    assert reproduce.main([str(ids[1])]) == 1
    assert reproduce.main([str(UUID(int=7))]) == 2


def test_a_merger_recorded_later_leaves_the_figures_as_known_before_it(
    store_settings: Settings,
) -> None:
    """A successor's figures roll up its predecessors only as known at the knowledge cut-off."""
    app = Petitions(store_settings.eventsourcing_env())
    story = Story(app)
    a, b = story.tree.district_a, story.tree.district_b
    story.accepted(a, date(2024, 3, 1))
    story.accepted(b, date(2024, 3, 6))
    views = project(store_settings)
    position = views.statistics.position() or 0
    issued = figures(views, a, position)
    assert issued["total"]["accepted"] == 1
    views.close()
    story.run(app.merge_agency(b, a, story.act(ADMIN, date(2024, 7, 1), "merger")))
    views = project(store_settings)
    assert figures(views, a, None)["total"]["accepted"] == 2  # B's work is A's now
    assert figures(views, a, position) == issued
    views.close()
    app.close()
