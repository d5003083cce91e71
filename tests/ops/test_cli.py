"""The operations commands: help, dispatch, and verify's exit status on a corrupted view."""

from __future__ import annotations

import time
from datetime import date

import pytest

from domain.application import Petitions
from ops import cli, replay, run_projections, verify
from ops.runners import start_runners
from ops.settings import Settings
from ops.wiring import open_views
from projections.statistics.persistence import FACTS
from tests.projections.story import Story, project


@pytest.mark.parametrize("command", ["run-projections", "replay", "verify", "demo"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--help"])
    assert exit_.value.code == 0
    assert "usage: petitions-ops" in capsys.readouterr().out


def test_the_command_table_lists_commands_and_refuses_unknown_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["--help"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in ("run-projections", "replay", "verify", "create-admin"))
    assert cli.main(["no-such-command"]) == 2
    assert cli.main([]) == 2
    assert {main.__module__ for main in (replay.main, verify.main, run_projections.main)} == {
        "ops.replay",
        "ops.verify",
        "ops.run_projections",
    }


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
    capsys.readouterr()
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
