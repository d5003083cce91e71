"""What a newcomer sees on starting the service: JSON lines, where it listens, no password."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_the_service_logs_json_lines_and_where_it_listens_but_never_the_password(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "SQLITE_DBNAME": str(tmp_path / "petitions.sqlite"),
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "ENVIRONMENT": "development",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "ops.serve", "--port", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 30
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if '"listening"' in line:
                break
    finally:
        process.terminate()
        rest, _ = process.communicate(timeout=15)
    lines += rest.splitlines(keepends=True)
    records = [json.loads(line) for line in lines if line.strip()]
    listening = [r for r in records if r["event"] == "listening"]
    assert listening
    assert listening[0]["message"].startswith("listening on http://127.0.0.1:")
    assert any(r.get("logger", "").startswith("uvicorn") for r in records)
    password = (tmp_path / "admin-password.txt").read_text().strip()
    assert all(password not in line for line in lines)
    assert any(r["event"] == "first_administrator_created" for r in records)
