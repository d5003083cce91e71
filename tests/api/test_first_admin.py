"""The first administrator: by the ops command, or printed once on the embedded first start."""

from __future__ import annotations

import io
import stat
from pathlib import Path

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


def test_the_embedded_first_start_writes_a_random_password_to_an_owner_only_file(
    sqlite_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with TestClient(create_app(sqlite_settings, run_projections=False)):
        pass
    file = Path(sqlite_settings.sqlite_dbname).with_name("admin-password.txt")
    password = file.read_text().strip()
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    printed = capsys.readouterr().out
    assert str(file.resolve()) in printed
    assert password not in printed
    with TestClient(create_app(sqlite_settings, run_projections=False)):
        pass
    assert "admin-password" not in capsys.readouterr().out
    assert sign_in(sqlite_settings, "admin", password) == 200


def test_the_ops_command_writes_a_generated_password_to_a_file(
    sqlite_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(settings, "get_settings", lambda: sqlite_settings)
    file = tmp_path / "secret" / "admin.txt"
    assert create_admin.main(["--username", "boss", "--password-file", str(file)]) == 0
    password = file.read_text().strip()
    assert password not in capsys.readouterr().out
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert sign_in(sqlite_settings, "boss", password) == 200
