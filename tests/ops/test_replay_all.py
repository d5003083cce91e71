"""`replay --all`: every view rebuilt in one pass per log equals the views the runners built."""

from __future__ import annotations

from typing import Any

import pytest

from domain.application import Petitions
from ops import replay
from ops.history import generate
from ops.rebuild import head
from ops.runners import start_runners
from ops.settings import Settings
from ops.wiring import open_view
from projections.catalogue import ALL_PROJECTIONS, application_of


def _dumps(settings: Settings) -> dict[str, Any]:
    dumps = {}
    for name, projection in ALL_PROJECTIONS.items():
        view = open_view(settings, projection)
        try:
            dumps[name] = view.dump()[1]
        finally:
            view.close()
    return dumps


def _caught_up(settings: Settings) -> None:
    for projection in ALL_PROJECTIONS.values():
        application = application_of(projection)
        end = head(settings, application)
        view = open_view(settings, projection)
        try:
            assert not end or view.wait_for(end, timeout=60, application_name=application)
        finally:
            view.close()


def test_replay_all_gives_exactly_the_rows_of_the_live_views(
    store_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    try:
        with start_runners(store_settings):
            generate(app, 150, seed=4)
            _caught_up(store_settings)
    finally:
        app.close()
    live = _dumps(store_settings)
    assert live["case_index"]  # the history reached the views

    monkeypatch.setattr(replay, "get_settings", lambda: store_settings)
    assert replay.main(["--all", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "replayed the petitions log's read models" in out

    assert _dumps(store_settings) == live
    for name, projection in ALL_PROJECTIONS.items():
        view = open_view(store_settings, projection)
        try:
            application = application_of(projection)
            assert (view.position(application) or 0) == head(store_settings, application), name
        finally:
            view.close()


def test_replay_takes_one_name_or_all(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        replay.main(["--quiet"])
    with pytest.raises(SystemExit):
        replay.main(["statistics", "--all"])
    assert "name one read model, or --all" in capsys.readouterr().err
