"""The README's API walk-through runs as pasted against a served demo province.

The `sh` block that signs in with the demo password is taken from README.md as it
is, run by bash in a folder holding `var/demo-passwords.txt`, against the app served
by uvicorn (only `localhost:8000` is pointed at the test's port). Every call must
answer 2xx with JSON.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from api import security
from api.main import create_app
from ops.demo.load import load_demo
from ops.settings import Settings
from tests.browser.conftest import _free_port, _serve

README = Path(__file__).parents[2] / "README.md"
# curl -f turns an HTTP error into a failing command; each answer ends with a newline
PRELUDE = 'set -euo pipefail\ncurl() { command curl -f "$@"; echo; }\n'


def walkthrough() -> str:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    found = [b for b in blocks if "var/demo-passwords.txt" in b and "/reports/statistics" in b]
    assert len(found) == 1, "the README's API walk-through is missing"
    return found[0]


def test_the_readmes_api_examples_work_as_pasted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("curl") is None or shutil.which("bash") is None:
        pytest.skip("curl and bash run the README's examples")
    monkeypatch.setattr(security, "HASHER", PasswordHasher(time_cost=1, memory_cost=8))
    (tmp_path / "var").mkdir()
    settings = Settings(environment="test", sqlite_dbname=str(tmp_path / "var" / "p.sqlite"))
    load_demo(
        settings,
        cases=200,
        today=date(2026, 6, 30),
        password_file=tmp_path / "var" / "demo-passwords.txt",
    )
    app = create_app(settings)
    server, thread = _serve(app, port := _free_port())
    try:
        script = walkthrough().replace("localhost:8000", f"127.0.0.1:{port}")
        done = subprocess.run(  # noqa: S603
            ["bash", "-c", PRELUDE + script],  # noqa: S607
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    calls = len(re.findall(r"^curl -s", script, re.MULTILINE))
    assert len(answers) == calls
    assert answers[1]["total"]["resolved"] > 0  # the statistics of 2025
    assert answers[-1]["count"] == len(answers[-1]["items"]) > 0
