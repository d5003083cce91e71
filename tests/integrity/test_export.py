"""Audit exports: one case or an agency's period, JSON Lines checked offline, CSV; no names."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops import export_cli, verify_proof_cli
from ops.integrity.checkpoints import generate_key
from ops.settings import Settings
from tests.api.conftest import World, days_ago, make_world

NAME, ADDRESS, PHONE, ID_NUMBER = (
    "Trần Thị Riêng",
    "Số 7 ngõ Kín, thôn 3",
    "0912345678",
    "001299887766",
)


@pytest.fixture
def world(integrity_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    generate_key(integrity_settings)
    monkeypatch.setattr(export_cli, "get_settings", lambda: integrity_settings)
    yield from make_world(integrity_settings)


def _record(w: World) -> str:
    petitioner = {"full_name": NAME, "address": ADDRESS, "contact": PHONE, "id_number": ID_NUMBER}
    return str(w.record(petitioner=petitioner)["id"])


def test_a_case_export_verifies_offline_and_holds_no_personal_data(
    world: World, integrity_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = _record(world)
    _record(world)
    exported = tmp_path / "case.jsonl"
    assert export_cli.main(["--case", case_id, "--output", str(exported)]) == 0
    lines = [json.loads(line) for line in exported.read_text().splitlines()]
    assert [line["record"] for line in lines[:2]] == ["export", "checkpoint"]
    events = [line for line in lines if line["record"] == "event"]
    assert {e["aggregate"] for e in events} == {"case", "identity"}
    assert all(e["case_id"] == case_id and e["proof"]["path"] is not None for e in events)
    assert all(e["history"]["actor_id"] for e in events if e["aggregate"] == "case")
    text = exported.read_text()
    for personal in (NAME, ADDRESS, PHONE, ID_NUMBER):
        assert personal not in text

    public_key = str(integrity_settings.integrity_public_key)
    assert verify_proof_cli.main([str(exported), "--public-key", public_key]) == 0
    assert f"{len(events)} items checked: OK" in capsys.readouterr().out
    # One exported event edited: its line no longer verifies.
    forged = text.replace('"originator_version": 1', '"originator_version": 9', 1)
    (tmp_path / "forged.jsonl").write_text(forged)
    assert verify_proof_cli.main([str(tmp_path / "forged.jsonl"), "--public-key", public_key]) == 1
    assert "FAILED" in capsys.readouterr().out


def test_an_agency_period_export_as_csv(
    world: World, tmp_path: Path, integrity_settings: Settings
) -> None:
    first, second = _record(world), _record(world)
    out = tmp_path / "agency.csv"
    argv = ["--agency", str(world.province), "--from", days_ago(40), "--to", days_ago(0)]
    assert export_cli.main([*argv, "--format", "csv", "--output", str(out)]) == 0
    with out.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert {row["case_id"] for row in table} == {first, second}
    assert all(row["leaf_hash"] and row["checkpoint_root"] for row in table)
    assert NAME not in out.read_text()
    # A period before the cases were received exports none of them.
    empty = tmp_path / "empty.jsonl"
    before = ["--agency", str(world.province), "--from", "2001-01-01", "--to", "2001-12-31"]
    assert export_cli.main([*before, "--output", str(empty)]) == 0
    assert not [line for line in empty.read_text().splitlines() if '"record": "event"' in line]
    del integrity_settings
