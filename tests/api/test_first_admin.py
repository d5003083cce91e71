"""The first administrator: by the ops command, or printed once on the embedded first start."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from ops import create_admin, settings
from ops.settings import Settings


def sign_in(app_settings: Settings, username: str, password: str) -> int:
    with TestClient(
        create_app(app_settings, run_projections=False, bootstrap_admin=False)
    ) as client:
        return client.post(
            "/auth/token", data={"username": username, "password": password}
        ).status_code


def test_the_ops_command_creates_an_administrator_once(
    sqlite_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(settings, "get_settings", lambda: sqlite_settings)
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
    assert create_admin.main(["--username", "root", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("another long secret\n"))
    assert create_admin.main(["--username", "root", "--password-stdin"]) == 0
    assert "already exists" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert create_admin.main(["--username", "other", "--password-stdin"]) == 2
    assert sign_in(sqlite_settings, "root", "a long enough secret") == 200
    assert sign_in(sqlite_settings, "root", "another long secret") == 401


def test_the_embedded_first_start_prints_a_random_password_once(
    sqlite_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with TestClient(create_app(sqlite_settings, run_projections=False)):
        pass
    printed = capsys.readouterr().out
    password = re.search(r"password (\S+)", printed)
    assert password
    with TestClient(create_app(sqlite_settings, run_projections=False)):
        pass
    assert "password" not in capsys.readouterr().out
    assert sign_in(sqlite_settings, "admin", password.group(1)) == 200
