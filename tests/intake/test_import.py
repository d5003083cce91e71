"""Bulk import of a paper backlog: `petitions-ops import FILE` (issue 14, point 4).

Every test runs on SQLite and PostgreSQL, into the store the API serves.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import AggregateNotFoundError
from openpyxl import load_workbook

from api.stores import accounts_env
from bench.importer import write_csv
from domain.application import Petitions
from domain.backlog import IMPORTED, ImportedRow
from ops.importer import cli
from ops.importer.columns import NAMES
from ops.importer.reader import FileRefusedError, read_rows
from ops.importer.run import Importer, Summary, Target
from ops.importer.sample import sample_rows
from ops.importer.template import EXAMPLES
from ops.rebuild import catch_up
from ops.settings import Settings
from ops.wiring import open_view
from projections.periods import Period
from projections.statistics.projection import StatisticsProjection
from tests.api.conftest import World

DOCS = Path(__file__).resolve().parents[2] / "docs"
AGENCIES = ("TN", "X1", "X2")


def target(settings: Settings) -> Target:
    return Target(settings.eventsourcing_env(), accounts_env(settings))


def run_import(settings: Settings, path: Path, batch_size: int = 50) -> Summary:
    return Importer(target(settings), path.name, batch_size, workers=1).run(read_rows(path))


def case_of(settings: Settings, import_id: str) -> UUID:
    app = Petitions(settings.eventsourcing_env())
    try:
        index = app.repository.get(ImportedRow.create_id(import_id))
        return UUID(str(index.case_id))
    finally:
        app.close()


def history(w: World, case_id: UUID) -> list[dict[str, Any]]:
    response = w.get("auditor", f"/cases/{case_id}/history")
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()["events"]
    return events


def with_rows(path: Path, rows: list[dict[str, Any]]) -> Path:
    write_csv(path, iter(rows))
    return path


def good_row(import_id: str, **changes: Any) -> dict[str, Any]:
    row = dict.fromkeys(NAMES, "")
    row |= {
        "import_id": import_id,
        "received_on": "2024-03-04",
        "receiving_agency": "X1",
        "channel": "post",
        "summary": "Đơn kiến nghị về lối đi chung",
        "petitioner_name": "Đỗ Văn H",
    }
    return row | changes


@pytest.mark.parametrize("template", ["import-template.csv", "import-template.xlsx"])
def test_the_shipped_template_imports_every_example_with_its_dated_steps(
    world: World, store_settings: Settings, template: str
) -> None:
    summary = run_import(store_settings, DOCS / template)
    assert (summary.read, summary.imported, summary.errors) == (len(EXAMPLES), len(EXAMPLES), [])
    settled = history(world, case_of(store_settings, "SO-2023-0001"))
    assert [e["event"] for e in settled] == ["Received", "Classified", "Accepted", "Concluded"]
    assert [e["legal_date"] for e in settled] == [
        "2023-03-06",
        "2023-03-08",
        "2023-03-13",
        "2023-04-07",
    ]
    assert {e["actor_id"] for e in settled} == {IMPORTED}
    assert settled[0]["reason"] == f"{template}, row 2"
    case = world.case("auditor", case_of(store_settings, "SO-2023-0002"))
    assert case["status"] == "concluded"
    assert case["origin"]["dispatch_number"] == "125/ĐĐBQH-VP"
    assert case["handling_agency_id"] == str(world.other_commune)


def test_the_templates_carry_every_column_in_order() -> None:
    with (DOCS / "import-template.csv").open(encoding="utf-8") as file:
        assert tuple(next(csv.reader(file))) == NAMES
    sheet = load_workbook(DOCS / "import-template.xlsx", read_only=True).worksheets[0]
    assert tuple(next(sheet.iter_rows(values_only=True))) == NAMES


def test_steps_are_attributed_to_the_officers_who_did_them(
    world: World, store_settings: Settings, tmp_path: Path
) -> None:
    row = good_row(
        "BY-1",
        received_by="officer",
        classified_on="2024-03-05",
        kind="recommendation",
        field="đất đai",
        competent_agency="X1",
        classified_by="officer2",
        note="Sổ tiếp nhận năm 2024",
    )
    summary = run_import(store_settings, with_rows(tmp_path / "officers.csv", [row]))
    assert summary.errors == []
    received, classified = history(world, case_of(store_settings, "BY-1"))
    assert received["actor_id"] == str(world.user_ids["officer"])
    assert classified["actor_id"] == str(world.user_ids["officer2"])
    assert classified["reason"] == "Sổ tiếp nhận năm 2024 (officers.csv, row 2)"


def test_a_file_with_bad_rows_imports_the_good_ones_and_reports_every_bad_one(
    world: World, store_settings: Settings, tmp_path: Path
) -> None:
    rows = [
        good_row("OK-1"),
        good_row("BAD-DATE", received_on="2024-02-30"),
        good_row("BAD-AGENCY", receiving_agency="ZZ"),
        good_row("BAD-KIND", classified_on="2024-03-05", kind="petition", field="x"),
        good_row(
            "BAD-ORDER",
            classified_on="2024-03-01",
            kind="reflection",
            field="giao thông",
            competent_agency="X1",
        ),
        good_row(
            "BAD-OUTCOME",
            classified_on="2024-03-05",
            kind="reflection",
            field="giao thông",
            competent_agency="X1",
            accepted_on="2024-03-06",
            concluded_on="2024-03-20",
            outcome="right",
            decision_ref="CV 1",
        ),
        good_row("BAD-USER", received_by="nobody"),
        good_row("OK-1"),
        good_row("OK-2", channel="forwarded"),
    ]
    path = with_rows(tmp_path / "mixed.csv", rows)
    summary = run_import(store_settings, path)
    assert summary.imported == 1
    found = {(e.row, e.column) for e in summary.errors}
    assert found == {
        (3, "received_on"),
        (4, "receiving_agency"),
        (5, "kind"),
        (6, "classified_on"),
        (7, "outcome"),
        (8, "received_by"),
        (9, "import_id"),
        (10, "origin_kind"),
    }
    reasons = {e.row: e.reason for e in summary.errors}
    assert reasons[4] == "no agency has this code"
    assert reasons[6].startswith("legal date 2024-03-01 is before the previous act")
    assert reasons[9] == "repeats the import id of row 2"
    with pytest.raises(AggregateNotFoundError):
        case_of(store_settings, "BAD-ORDER")


def test_running_the_same_file_again_imports_nothing_twice(
    world: World, store_settings: Settings, tmp_path: Path
) -> None:
    path = with_rows(tmp_path / "twice.csv", list(sample_rows(120, AGENCIES)))
    first = run_import(store_settings, path)
    again = run_import(store_settings, path)
    assert (first.imported, first.skipped) == (120, 0)
    assert (again.imported, again.skipped) == (0, 120)
    app = Petitions(store_settings.eventsourcing_env())
    try:
        assert app.recorder.max_notification_id() == first.position
    finally:
        app.close()


def test_a_file_grown_since_its_first_import_adds_only_its_new_rows(
    world: World, store_settings: Settings, tmp_path: Path
) -> None:
    rows = list(sample_rows(80, AGENCIES))
    run_import(store_settings, with_rows(tmp_path / "part.csv", rows[:50]))
    grown = run_import(store_settings, with_rows(tmp_path / "whole.csv", rows))
    assert (grown.imported, grown.skipped) == (30, 50)


def test_the_statistics_of_the_imported_years_equal_a_count_of_the_rows(
    world: World, store_settings: Settings, tmp_path: Path
) -> None:
    rows = list(sample_rows(400, AGENCIES, seed=7))
    summary = run_import(store_settings, with_rows(tmp_path / "years.csv", rows), 100)
    assert summary.errors == []
    # The views catch up in batches after the import.
    view = open_view(store_settings, StatisticsProjection)
    try:
        catch_up(store_settings, StatisticsProjection, view)
        for year in (2022, 2023, 2024):
            report = view.report(Period.calendar_year(year))
            assert _figures(report) == _counted(rows, year), year
    finally:
        view.close()


def _figures(report: Any) -> dict[str, Any]:
    total = report.total
    return {
        "received": total.petitions_received,
        "accepted": total.accepted,
        "resolved": total.resolved,
        "withdrawn": total.withdrawn,
        "outcomes": dict(total.outcomes),
        "origins": dict(report.by_origin),
    }


def _counted(rows: list[dict[str, Any]], year: int) -> dict[str, Any]:
    def within(column: str) -> list[dict[str, Any]]:
        return [r for r in rows if isinstance(r[column], date) and r[column].year == year]

    received = within("received_on")
    return {
        "received": len(received),
        "accepted": len(within("accepted_on")),
        "resolved": len(within("concluded_on")),
        "withdrawn": len(within("withdrawn_on")),
        "outcomes": dict(Counter(r["outcome"] for r in within("concluded_on"))),
        "origins": dict(Counter(r["origin_kind"] or "direct" for r in received)),
    }


def test_the_command_writes_the_error_file_and_a_summary(
    sqlite_world: World,
    sqlite_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("ops.settings.get_settings", lambda: sqlite_settings)
    path = with_rows(tmp_path / "cli.csv", [good_row("C-1"), good_row("C-2", channel="fax")])
    assert cli.main([str(path), "--quiet"]) == 1
    out = capsys.readouterr().out
    assert "imported: 1" in out
    assert "refused: 1" in out
    with (tmp_path / "cli.csv.errors.csv").open(encoding="utf-8") as file:
        lines = list(csv.reader(file))
    assert lines[0] == ["row", "column", "reason"]
    assert lines[1][:2] == ["3", "channel"]
    assert cli.main([str(path), "--quiet"]) == 1
    assert "already imported before: 1" in capsys.readouterr().out


def test_a_file_with_an_unknown_column_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("import_id,received_on,receiving_agency,channel,summary,colour\n")
    with pytest.raises(FileRefusedError, match="unknown column"):
        list(read_rows(path))
