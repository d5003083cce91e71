"""The integrity commands: help, and their answers when the key or the store is not there."""

from __future__ import annotations

import pytest

from ops import checkpoint_cli, cli, db_roles_cli, keygen_cli, verify_log_cli
from ops.settings import Settings

COMMANDS = ("keygen", "checkpoint", "verify-log", "verify-proof", "db-roles", "export")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_integrity_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([command, "--help"]) == 0
    assert f"usage: petitions-ops {command}" in capsys.readouterr().out


def test_keygen_refuses_to_overwrite_and_checkpoint_needs_a_key(
    sqlite_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for module in (keygen_cli, checkpoint_cli, db_roles_cli, verify_log_cli):
        monkeypatch.setattr(module, "get_settings", lambda: sqlite_settings)
    assert checkpoint_cli.main([]) == 1
    assert "run `petitions-ops keygen`" in capsys.readouterr().err
    assert keygen_cli.main([]) == 0
    key = sqlite_settings.integrity_key
    assert key.stat().st_mode & 0o077 == 0  # the private key is readable by its owner only
    assert key.parent == sqlite_settings.integrity_public_key.parent
    first = key.read_bytes()
    assert keygen_cli.main([]) == 1
    assert key.read_bytes() == first
    assert checkpoint_cli.main([]) == 0
    assert "petitions: size 0" in capsys.readouterr().out
    assert db_roles_cli.main([]) == 2  # PostgreSQL only
    with pytest.raises(SystemExit):
        verify_log_cli.main(["no-such-store"])
