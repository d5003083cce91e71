"""The operations commands: help, dispatch, and verify's exit status on a corrupted view."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import date

import pytest

from domain.application import Petitions
from ops import cli, replay, run_projections, verify
from ops.runners import start_runners
from ops.settings import Settings
from ops.wiring import open_views
from projections.statistics.persistence import FACTS
from tests.ops.conftest import ROOT, settings_environ
from tests.projections.story import Story, project


@pytest.mark.parametrize(
    ("command", "option"),
    [
        ("run-projections", "NAME"),
        ("replay", "--quiet"),
        ("verify", "--show"),
        ("demo", "--cases"),
        ("import", "--batch-size"),
        ("create-admin", "--password-stdin"),
    ],
)
def test_every_command_has_help_under_one_program_name(
    command: str, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([command, "--help"]) == 0
    shown = capsys.readouterr().out
    assert f"petitions-ops {command}" in shown
    assert option in shown


def test_the_command_table_lists_every_registered_command_and_refuses_unknown_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["--help"]) == 0
    listed = capsys.readouterr().out
    assert "petitions-ops" in listed
    assert all(name in listed for name in cli.COMMANDS)
    assert all(option in listed for option in ("--show", "--cases", "--batch-size", "--quiet"))
    assert cli.main(["no-such-command"]) == 2
    assert "No such command" in capsys.readouterr().err
    assert cli.main([]) == 2
    assert {main.__module__ for main in (replay.main, verify.main, run_projections.main)} == {
        "ops.replay",
        "ops.verify",
        "ops.run_projections",
    }


def test_a_registered_module_receives_its_arguments_and_exit_status(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[list[str]] = []

    def fake_main(argv: list[str]) -> int:
        seen.append(argv)
        return 3

    monkeypatch.setattr("ops.create_admin.main", fake_main)
    assert cli.main(["create-admin", "--username", "boss", "--password-stdin"]) == 3
    assert seen == [["--username", "boss", "--password-stdin"]]
    monkeypatch.setattr("ops.verify.main", fake_main)
    assert cli.main(["verify", "statistics", "--show", "5"]) == 3
    assert seen[-1] == ["statistics", "--show", "5"]


def test_verify_exits_non_zero_and_prints_the_rows_that_differ(
    store_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    story = Story(app)
    case = story.accepted(story.tree.district_a, date(2025, 3, 3))
    app.close()
    views = project(store_settings)
    monkeypatch.setattr(verify, "get_settings", lambda: store_settings)
    monkeypatch.setattr(replay, "get_settings", lambda: store_settings)
    assert verify.main([]) == 0

    table = views.statistics.qualified(views.statistics.table_name(FACTS))
    with views.statistics._transaction(commit=True) as c:
        c.execute(views.statistics.dialect.sql(f"UPDATE {table} SET contributions = '[]'"))  # noqa: S608
    assert "petitions-ops verify: 1/" in capsys.readouterr().err  # progress, not a TTY
    assert verify.main(["statistics"]) == 1
    out = capsys.readouterr().out
    assert f"statistics: facts {case}: live" in out
    assert "DIFFERS" in out

    assert replay.main(["statistics", "--quiet"]) == 0
    assert "replayed statistics" in capsys.readouterr().out
    assert verify.main(["statistics"]) == 0


def test_read_your_writes_waits_need_no_sleep_floor(store_settings: Settings) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    try:
        story = Story(app)
        with start_runners(store_settings):
            views = open_views(store_settings)
            assert views.wait_for(story.position, timeout=10)
            waits = []
            for day in range(1, 11):
                case = story.receive(story.tree.district_a, date(2025, 3, day))
                started = time.perf_counter()
                assert views.wait_for(story.position, timeout=5)
                waits.append(time.perf_counter() - started)
                assert views.case_index.get(case) is not None
            assert sorted(waits)[len(waits) // 2] < 0.1
            assert not views.wait_for(story.position + 1000, timeout=0.05)
    finally:
        app.close()


def test_run_projections_logs_its_catch_up_progress_then_stops_on_sigterm(
    sqlite_settings: Settings,
) -> None:
    app = Petitions(sqlite_settings.eventsourcing_env())
    story = Story(app)
    story.accepted(story.tree.district_a, date(2025, 3, 3))
    app.close()
    child = subprocess.Popen(  # our own interpreter and module
        [sys.executable, "-m", "ops.cli", "run-projections", "statistics"],
        cwd=ROOT,
        env=settings_environ(sqlite_settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    try:
        assert child.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            lines.append(line)
            if "catch-up target" in line and "100%" in line:
                break
        else:
            pytest.fail(f"no catch-up progress logged: {lines}")
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
    assert json.loads(lines[-1])["logger"] == "run-projections"
