"""`run-projections` on PostgreSQL holds exactly its documented connection budget (`ops.budget`)."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from bench.common import pg_connections
from domain.application import Petitions
from ops.budget import HEAD_CONNECTIONS, SIGNER_CONNECTIONS
from ops.history import generate
from ops.rebuild import head
from ops.runners import runners_for
from ops.settings import Settings
from ops.wiring import open_views
from tests.ops.conftest import spawn

README = Path(__file__).parents[2] / "README.md"
CASES = 300
TRANSIENT = {"catch-up target (at start)", "checkpoint signer"}


def test_the_runners_budget_is_documented(postgres_settings: Settings) -> None:
    budget = runners_for(postgres_settings).budget()
    steady = sum(v for k, v in budget.items() if k not in TRANSIENT)
    total = steady + HEAD_CONNECTIONS + SIGNER_CONNECTIONS
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert f"run-projections` holds {steady} connections" in text
    assert f"at most {total} with the start's head reads and the checkpoint signer" in text


def test_run_projections_holds_its_budget_after_a_catch_up(postgres_settings: Settings) -> None:
    app = Petitions(postgres_settings.eventsourcing_env())
    generate(app, CASES, seed=3)
    app.close()
    end = head(postgres_settings)
    budget = runners_for(postgres_settings).budget()
    steady = sum(v for k, v in budget.items() if k not in TRANSIENT)
    views = open_views(postgres_settings)
    runner = spawn(postgres_settings, "run-projections")
    try:
        assert views.wait_for(end, timeout=120)
        held = pg_connections(runner.pid)
        deadline = time.monotonic() + 10  # the start's head reads may still be closing
        while held != steady and time.monotonic() < deadline:
            time.sleep(0.1)
            held = pg_connections(runner.pid)
        assert held == steady, budget
        assert held <= sum(budget.values())
    finally:
        runner.send_signal(signal.SIGTERM)
        assert runner.wait(timeout=30) == 0
        views.close()
