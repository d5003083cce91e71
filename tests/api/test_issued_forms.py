"""Issued forms: a leader issues each official form; its figures are stored in the event.

Late facts (a conclusion with an old legal date, a re-opening, a letter and a session
entered late)
change the live forms but never the issued ones: their JSON, CSV and workbook come from
the stored figures, and `reproduce-report` rebuilds each from the log up to its
position. Forged figures make `reproduce-report` exit non-zero naming the cell.
On SQLite and PostgreSQL (`live_world` runs on both).
"""

from __future__ import annotations

import io
from typing import Any
from uuid import UUID

import pytest
from openpyxl import load_workbook

from domain.act import Act
from domain.application import Petitions
from domain.issued_report import ReportIssue
from ops import reproduce
from ops.settings import Settings
from tests.api.conftest import World
from tests.api.test_forms import YEAR, history, json_numbers

FORMS = ("letters", "settlement", "reception")
ISSUE = {"year": 2025, "legal_date": "2025-12-20", "reason": "annual"}


def printed(w: World, report_id: str, form: str) -> tuple[dict[str, Any], str, list[Any]]:
    """The issued form as JSON, CSV text and the workbook's cells."""
    base = f"/reports/issued/{report_id}/forms/{form}"
    body = w.get("leader", base)
    assert body.status_code == 200, body.text
    text = w.get("board", f"{base}.csv")
    assert text.status_code == 200, text.text
    book = w.get("auditor", f"{base}.xlsx")
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    return body.json(), text.text, [list(r) for r in sheet.iter_rows(values_only=True)]


def late_facts(w: World, open_case: str, settled_case: str) -> int:
    """Facts dated inside 2025, recorded after the forms were issued: each moves a form."""
    w.record(legal_date="2025-09-20")  # a letter received in September, entered late
    conclusion = {"outcome": "accepted", "decision_ref": "3/TB", "legal_date": "2025-10-20"}
    w.ok("officer", f"/cases/{open_case}/conclusion", conclusion)
    reopening = {"grounds": "violation_of_law", "reason": "misread", "legal_date": "2025-11-02"}
    w.ok("province-officer", f"/cases/{settled_case}/reexamination", reopening)
    meeting = {"host_id": "chair", "kind": "ad_hoc", "legal_date": "2025-09-15"}
    session = w.ok("officer", "/meetings", meeting)
    visit = {"persons": 3, "representatives": 1, "legal_date": "2025-09-15"}
    return int(w.ok("officer", f"/meetings/{session['id']}/visits", visit)["position"])


def test_issued_forms_keep_their_figures_and_reproduce(
    live_world: World, store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = live_world
    history(w)
    open_case = w.record(legal_date="2025-10-01")["id"]
    body = {"kind": "recommendation", "field": "land", "competent_agency_id": str(w.commune)}
    w.ok("officer", f"/cases/{open_case}/classification", {**body, "legal_date": "2025-10-01"})
    last = w.ok("officer", f"/cases/{open_case}/acceptance", {"legal_date": "2025-10-02"})
    settled_case = _concluded_complaint(w)
    live = w.get("leader", "/reports/forms/letters", params={**YEAR, "after": last["position"]})
    assert live.status_code == 200, live.text

    ids = {
        form: w.ok("leader", "/reports/issued", {**ISSUE, "report": form})["id"] for form in FORMS
    }
    before: dict[str, tuple[dict[str, Any], str, list[Any]]] = {}
    for form, report_id in ids.items():
        issued = w.get("auditor", f"/reports/issued/{report_id}").json()
        assert (issued["report"], issued["metric"]) == (form, "docs/forms.md/v2")
        before[form] = printed(w, report_id, form)
        as_json, text, sheet = before[form]
        assert as_json["issued_report_id"] == report_id
        assert {**issued["figures"], "issued_report_id": report_id} == as_json
        assert issued["position"] == as_json["known_at"]
        assert f"issued report,{report_id}" in text
        assert report_id in [c for r in sheet for c in r]
        # The stored figures are the live form's at the report's cut-offs.
        cut = {**YEAR, "known_at": issued["position"], "as_of": issued["as_of"]}
        at_cut = w.get("leader", f"/reports/forms/{form}", params=cut).json()
        assert json_numbers(at_cut) == json_numbers(as_json)
    other = w.get("leader", f"/reports/issued/{ids['letters']}/forms/settlement")
    assert other.status_code == 404

    after = late_facts(w, open_case, settled_case)
    for form, report_id in ids.items():
        now = w.get("leader", f"/reports/forms/{form}", params={**YEAR, "after": after}).json()
        assert json_numbers(now) != json_numbers(before[form][0]), form  # the late facts count
        assert printed(w, report_id, form) == before[form]
        assert reproduce.reproduce(store_settings, UUID(report_id)) == [], form

    # Forged figures (one cell changed) are printed as stored, and reproduce names the cell.
    forged_id, cell, value = _forge(store_settings, UUID(ids["settlement"]))
    forged = w.get("leader", f"/reports/issued/{forged_id}/forms/settlement").json()
    table, code, column = cell
    assert json_numbers(forged)[(table, code, column)] == value
    assert json_numbers(forged)[cell] != json_numbers(before["settlement"][0])[cell]
    monkeypatch.setattr(reproduce, "get_settings", lambda: store_settings)
    capture = io.StringIO()
    monkeypatch.setattr(reproduce.sys, "stdout", capture)
    assert reproduce.main([ids["settlement"]]) == 0
    assert reproduce.main([str(forged_id)]) == 1
    assert f"table {table} row {code} column {column}: issued {value}" in capture.getvalue()
    assert "DIFFERS" in capture.getvalue()


def _concluded_complaint(w: World) -> str:
    """A complaint accepted and decided at the commune in 2025."""
    cid = str(w.record(legal_date="2025-08-01")["id"])
    classification = {
        "kind": "complaint",
        "field": "land",
        "competent_agency_id": str(w.commune),
        "decision_known_on": "2025-07-20",
        "legal_date": "2025-08-02",
    }
    w.ok("officer", f"/cases/{cid}/classification", classification)
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": "2025-08-03"})
    decision = {
        "outcome": "right",
        "effect_on_contested": "annulled",
        "decision_ref": "7/QD",
        "legal_date": "2025-08-25",
    }
    w.ok("officer", f"/cases/{cid}/conclusion", decision)
    return cid


def _forge(settings: Settings, report_id: UUID) -> tuple[UUID, tuple[str, str, str], int]:
    """A copy of an issued settlement form with its first total one higher, issued anew."""
    app = Petitions(settings.eventsourcing_env())
    try:
        good = app.get_issued_report(report_id)
        tables = [dict(t) for t in good.figures["tables"]]
        rows = [dict(r) for r in tables[0]["rows"]]
        column = tables[0]["columns"][0]
        value = int(rows[0]["values"][0]) + 1
        rows[0] = {**rows[0], "values": [value, *rows[0]["values"][1:]]}
        tables[0] = {**tables[0], "rows": rows}
        issue = ReportIssue(
            good.report, good.period_start, good.period_end, good.period_label, good.agency_id,
            good.metric, good.as_of, good.position, {**good.figures, "tables": tables},
        )  # fmt: skip
        act = Act("leader-1", good.actor_agency_id, good.as_of, "forged", "test")
        forged_id = app.issue_report(issue, act).id
    finally:
        app.close()
    return forged_id, (str(tables[0]["key"]), str(rows[0]["code"]), str(column)), value


def test_a_form_is_issued_under_its_own_definitions_and_corrected_by_the_same_form(
    sqlite_world: World,
) -> None:
    w = sqlite_world
    wrong_metric = w.post(
        "leader", "/reports/issued", {**ISSUE, "report": "reception", "metric": "resolution_rate"}
    )
    assert wrong_metric.status_code == 422, wrong_metric.text
    assert wrong_metric.json()["errors"][0]["field"] == "metric"
    statistics = w.ok("leader", "/reports/issued", ISSUE)["id"]
    letters = w.ok("leader", "/reports/issued", {**ISSUE, "report": "letters"})["id"]
    across = w.post(
        "leader", "/reports/issued", {**ISSUE, "report": "letters", "corrects": statistics}
    )
    assert across.status_code == 422, across.text
    assert across.json()["errors"][0]["field"] == "corrects"
    fixed = w.ok("leader", "/reports/issued", {**ISSUE, "report": "letters", "corrects": letters})
    again = w.get("leader", f"/reports/issued/{fixed['id']}").json()
    assert (again["report"], again["corrects"]) == ("letters", letters)
    assert w.get("leader", f"/reports/issued/{statistics}").json()["report"] == "statistics"
