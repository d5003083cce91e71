"""The official forms through HTTP: roles, scope, and CSV and XLSX with the JSON's numbers."""

from __future__ import annotations

import csv
import io
from typing import Any
from uuid import uuid4

from openpyxl import load_workbook

from api.form_files import form_csv, form_xlsx
from projections.forms.layout import Form, FormTable, row
from projections.periods import Period
from tests.api.conftest import World

YEAR = {"year": 2025}  # statistical year 2025: 15 Dec 2024 - 14 Dec 2025


def history(w: World) -> int:
    """At the commune: a complaint settled with remedies, a guided letter, a session."""
    cid = w.record(legal_date="2025-09-01")["id"]
    classification = {
        "kind": "complaint",
        "field": "land",
        "competent_agency_id": str(w.commune),
        "decision_known_on": "2025-08-20",
        "legal_date": "2025-09-02",
    }
    w.ok("officer", f"/cases/{cid}/classification", classification)
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": "2025-09-03"})
    conclusion = {
        "outcome": "right",
        "effect_on_contested": "annulled",
        "decision_ref": "12/QD",
        "legal_date": "2025-09-20",
        "remedies": {"land_returned_m2": 300, "persons_restored": 4},
    }
    w.ok("officer", f"/cases/{cid}/conclusion", conclusion)
    guided = w.record(legal_date="2025-09-05")["id"]
    elsewhere = {**classification, "kind": "recommendation", "competent_agency_id": str(w.province)}
    del elsewhere["decision_known_on"]
    w.ok("officer", f"/cases/{guided}/classification", {**elsewhere, "legal_date": "2025-09-05"})
    w.ok(
        "officer",
        f"/cases/{guided}/guidance",
        {"directed_to": "Tòa án", "legal_date": "2025-09-06"},
    )
    meeting = w.ok(
        "officer", "/meetings", {"host_id": "chair", "kind": "regular", "legal_date": "2025-09-10"}
    )
    visit = {"persons": 7, "representatives": 2, "legal_date": "2025-09-10"}
    return int(w.ok("officer", f"/meetings/{meeting['id']}/visits", visit)["position"])


def json_numbers(body: dict[str, Any]) -> dict[tuple[str, str, str], int | None]:
    return {
        (t["key"], r["code"], column): value
        for t in body["tables"]
        for r in t["rows"]
        for column, value in zip(t["columns"], r["values"], strict=True)
    }


def table_numbers(lines: list[list[Any]]) -> dict[tuple[str, str, str], int | None]:
    """Cells of the tables in CSV or sheet rows: `table` rows start each, then its header."""
    found: dict[tuple[str, str, str], int | None] = {}
    table, columns = "", []
    for cells in lines:
        if all(c in {None, ""} for c in cells):
            continue
        if cells[0] == "table":
            table, columns = str(cells[1]), []
        elif table and not columns and cells[0] == "code":
            columns = [str(c) for c in cells[3 : cells.index("formula")]]
        elif table and columns:
            values = cells[3 : 3 + len(columns)]
            for column, value in zip(columns, values, strict=True):
                found[(table, str(cells[0]), column)] = None if value in {None, ""} else int(value)
    return found


def test_each_form_reads_the_same_in_json_csv_and_xlsx(live_world: World) -> None:
    w = live_world
    position = history(w)
    for form in ("letters", "settlement", "reception"):
        params = {**YEAR, "after": position, "agency_id": str(w.commune)}
        body = w.get("leader", f"/reports/forms/{form}", params=params)
        assert body.status_code == 200, body.text
        numbers = json_numbers(body.json())
        assert any(v for v in numbers.values()), form  # the history shows on every form
        text = w.get("leader", f"/reports/forms/{form}.csv", params=params)
        assert text.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(text.text.lstrip("\ufeff"))))
        assert table_numbers(rows) == numbers, form
        book = w.get("auditor", f"/reports/forms/{form}.xlsx", params=params)
        assert book.headers["content-type"].endswith("spreadsheetml.sheet")
        sheet = load_workbook(io.BytesIO(book.content)).active
        assert sheet is not None
        assert table_numbers([list(r) for r in sheet.iter_rows(values_only=True)]) == numbers
    settlement = w.get(
        "leader", "/reports/forms/settlement", params={**YEAR, "agency_id": str(w.commune)}
    ).json()
    numbers = json_numbers(settlement)
    assert numbers[("by_kind", "8a", "complaint, first instance")] == 1
    assert numbers[("by_kind", "12.2", "total")] == 1  # complaint found right (12.1 partly)
    assert numbers[("by_kind", "15.4", "total")] == 300  # m² of land returned
    assert numbers[("by_kind", "15.5", "total")] == 4  # persons whose rights were restored
    assert settlement["agency_name"] == "UBND xã X1"
    assert settlement["reference"] == "docs/forms.md"
    letters = json_numbers(w.get("leader", "/reports/forms/letters", params=YEAR).json())
    assert (letters[("by_kind", "2", "total")], letters[("by_kind", "7a", "total")]) == (2, 1)
    reception = json_numbers(w.get("board", "/reports/forms/reception", params=YEAR).json())
    assert reception[("by_kind", "3", "regular")] == 7
    assert reception[("by_kind", "6", "reception total")] == 1  # a delegation of 7


def test_forms_are_for_report_readers_within_their_scope(world: World) -> None:
    assert world.get("officer", "/reports/forms/letters", params=YEAR).status_code == 403
    assert world.get(None, "/reports/forms/letters.csv", params=YEAR).status_code == 401
    assert world.get("leader", "/reports/forms/unknown", params=YEAR).status_code == 422
    outside = world.get(
        "leader", "/reports/forms/reception", params={**YEAR, "agency_id": str(uuid4())}
    )
    assert outside.status_code in {403, 422}
    bad = world.get("leader", "/reports/forms/settlement", params={**YEAR, "as_of": "2025-13-01"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "as_of"


def test_the_files_print_the_issued_report_id_and_the_formulas() -> None:
    issued = uuid4()
    table = FormTable(
        "by_kind", "Cases", ("total",), (row("7", "Under jurisdiction", "cases", "(1) + (2)", [3]),)
    )
    period = Period.quarter_of(2025, 1)
    form = Form(
        "settlement",
        "Settlement results",
        "Circular 02/2021/TT-TTCP",
        "cases",
        period,
        None,
        period.end,
        42,
        (table,),
        issued_report_id=issued,
    )
    text = form_csv(form, "UBND tỉnh")
    assert f"issued report,{issued}" in text
    assert "(1) + (2)" in text
    assert "docs/forms.md" in text
    sheet = load_workbook(io.BytesIO(form_xlsx(form, "UBND tỉnh"))).active
    assert sheet is not None
    cells = [c for r in sheet.iter_rows(values_only=True) for c in r if c is not None]
    assert str(issued) in cells
    assert "42" in cells  # the knowledge cut-off
    assert "(1) + (2)" in cells


def test_a_superior_chases_up_a_petition_and_the_form_counts_it(live_world: World) -> None:
    w = live_world
    cid = w.record(legal_date="2025-09-01")["id"]
    body = {"kind": "recommendation", "field": "land", "competent_agency_id": str(w.commune)}
    w.ok("officer", f"/cases/{cid}/classification", {**body, "legal_date": "2025-09-02"})
    chase = {"document_ref": "15/CV-UBND", "legal_date": "2025-09-20", "reason": "overdue"}
    # The holder does not chase itself up; another commune cannot even see the case.
    assert w.post("officer", f"/cases/{cid}/chase-up", chase).status_code == 422
    assert w.post("other-officer", f"/cases/{cid}/chase-up", chase).status_code == 404
    assert w.post("leader", f"/cases/{cid}/chase-up", chase).status_code == 403
    done = w.ok("province-officer", f"/cases/{cid}/chase-up", chase)
    params = {**YEAR, "after": done["position"]}
    letters = json_numbers(w.get("leader", "/reports/forms/letters", params=params).json())
    assert letters[("by_kind", "8", "total")] == 1
    assert letters[("by_kind", "8", "recommendation")] == 1
    assert letters[("by_kind", "8a", "total")] == 1


def test_a_form_printed_from_an_issued_report_keeps_its_figures_and_id(live_world: World) -> None:
    w = live_world
    position = history(w)
    # An accepted recommendation still open when the leader issues the year's report.
    cid = w.record(legal_date="2025-10-01")["id"]
    body = {"kind": "recommendation", "field": "land", "competent_agency_id": str(w.commune)}
    w.ok("officer", f"/cases/{cid}/classification", {**body, "legal_date": "2025-10-01"})
    last = w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": "2025-10-02"})
    assert (
        w.get(
            "leader", "/reports/statistics", params={**YEAR, "after": last["position"]}
        ).status_code
        == 200
    )
    issued = w.ok(
        "leader", "/reports/issued", {"year": 2025, "legal_date": "2025-12-20", "reason": "annual"}
    )
    report_id = issued["id"]
    # Later, a conclusion dated 20 October 2025 is entered: the 2025 figures change, the issued ones do not.
    conclusion = {"outcome": "accepted", "decision_ref": "3/TB", "legal_date": "2025-10-20"}
    late = w.ok("officer", f"/cases/{cid}/conclusion", conclusion)
    now = json_numbers(
        w.get(
            "leader", "/reports/forms/settlement", params={**YEAR, "after": late["position"]}
        ).json()
    )
    printed = w.get("leader", f"/reports/issued/{report_id}/forms/settlement")
    assert printed.status_code == 200, printed.text
    assert printed.json()["issued_report_id"] == report_id
    then = json_numbers(printed.json())
    assert now[("by_kind", "8", "total")] == then[("by_kind", "8", "total")] + 1
    assert now[("by_kind", "11", "total")] == then[("by_kind", "11", "total")] - 1
    known = printed.json()["known_at"]
    at_position = w.get(
        "leader",
        "/reports/forms/settlement",
        params={**YEAR, "known_at": known, "as_of": printed.json()["as_of"]},
    )
    assert json_numbers(at_position.json()) == then
    book = w.get("auditor", f"/reports/issued/{report_id}/forms/settlement.xlsx")
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    cells = [c for r in sheet.iter_rows(values_only=True) for c in r if c is not None]
    assert report_id in cells
    assert table_numbers([list(r) for r in sheet.iter_rows(values_only=True)]) == then
    assert w.get("other-officer", f"/reports/issued/{report_id}/forms/letters").status_code == 403
    assert position > 0
