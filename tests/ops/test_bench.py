"""`make bench` runs: a small run of two of its parts writes the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.__main__ import main
from bench.writes import Saves


def test_a_small_bench_run_writes_its_table(tmp_path: Path) -> None:
    argv = ["--stores", "sqlite", "--only", "snapshots,bulk", "--runs", "1", "--loads", "3"]
    argv += ["--bulk-cases", "30", "--out", str(tmp_path), "--no-plot"]
    assert main(argv) == 0
    table = (tmp_path / "latest.md").read_text()
    header = "| store | figure | measured | ceiling | ratio | target | met? | load | runs | note |"
    assert header in table
    rows = [line for line in table.splitlines() if line.startswith("| sqlite |")]
    assert any("case load, 49 events" in row for row in rows)
    assert any("bulk writer" in row and ">= 80%" in row for row in rows)
    cells = [row.split("|") for row in rows]
    targets = [row for row in cells if "floor" not in row[2]]
    assert all(row[7].strip() in {"yes", "**no**"} for row in targets)
    # the floors have no target of their own: their ratios bound the bulk writer's
    floors = [row for row in cells if row[2].strip().startswith("bulk floor")]
    assert len(floors) == 2  # overlapped perfectly, and in one interpreter
    for floor in floors:
        assert floor[7].strip() == "—"
        assert floor[5].strip().endswith("%")


def test_the_one_interpreter_floor_adds_the_cpu_that_cannot_overlap() -> None:
    saves = Saves(100, building=1.0, aggregates=0.8, event_batches=0.9, building_cpu=0.9,
                  batches_cpu=0.6)  # fmt: skip
    assert saves.floor() == pytest.approx(100 / 1.0)  # the longer: building, cheaper save
    assert saves.one_interpreter() == pytest.approx(100 / 1.5)  # the CPU shares in series
    waiting = Saves(100, 0.2, 2.0, 2.0, building_cpu=0.2, batches_cpu=0.3)
    assert waiting.one_interpreter() == pytest.approx(100 / 2.0)  # the save's waits: longer
