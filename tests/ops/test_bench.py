"""`make bench` runs: a small run of two of its parts writes the table."""

from __future__ import annotations

from pathlib import Path

from bench.__main__ import main


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
    # the floor has no target of its own: its ratio bounds the bulk writer's
    (floor,) = [row for row in cells if row[2].strip().startswith("bulk floor")]
    assert floor[7].strip() == "—"
    assert floor[5].strip().endswith("%")
