"""`reproduce-report` attests "reproduced exactly" only over a log that verifies.

Like `replay` and `verify`, it recomputes from the stored events; over a log failing
`verify-log` its attestation would vouch for tampered events, so it refuses unless the
tampering is accepted with a reason (and recorded).
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.act import Act
from domain.application import Petitions
from domain.issued_report import ReportIssue
from ops import reproduce
from ops.settings import Settings
from projections.statistics.metrics import RESOLUTION_RATE
from tests.integrity.conftest import catch_up_integrity
from tests.integrity.tamper import tamper
from tests.projections.story import Story, project
from tests.projections.test_issued_reports import AS_OF, YEAR, figures


def test_reproduce_report_refuses_a_tampered_log_unless_accepted(
    integrity_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = integrity_settings
    app = Petitions(settings.eventsourcing_env())
    story = Story(app)
    province = story.tree.province
    story.accepted(story.tree.district_a, date(2024, 3, 1))
    views = project(settings)
    position = views.statistics.position() or 0
    values = figures(views, province, position)
    views.close()
    leader = Act("leader-1", province, date(2025, 1, 10), "annual report", "Circular 01/2024")
    issue = ReportIssue(
        "statistics", YEAR.start, YEAR.end, YEAR.label, province,
        RESOLUTION_RATE.key, AS_OF, position, values,
    )  # fmt: skip
    report_id = app.issue_report(issue, leader).id
    app.close()
    catch_up_integrity(settings)
    monkeypatch.setattr(reproduce, "get_settings", lambda: settings)
    assert reproduce.main([str(report_id)]) == 0

    tamper(settings, "petitions", "altered")  # the figures need not change
    capsys.readouterr()
    assert reproduce.main([str(report_id)]) == 1
    assert "refused" in capsys.readouterr().err
    reason = "inspectorate's copy, pending review"
    assert reproduce.main([str(report_id), "--accept-tampered", "--reason", reason]) == 0
    assert "recorded" in capsys.readouterr().err
