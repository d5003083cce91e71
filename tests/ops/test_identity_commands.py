"""The identity commands: rotating the master key (key ids and events unchanged), shredding."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

import pytest

from domain.accounts import Accounts
from domain.application import Petitions
from domain.application_identity import PersonalData
from domain.errors import ShreddedError
from domain.users import Role
from ops import cli, rewrap_keys, shred_identity
from ops.settings import Settings
from ops.wiring import accounts_env
from tests.projections.story import Story
from vault.crypto import UnreadableKeyError

PERSON = PersonalData("Hà Thị Xoay", "Thôn Khóa", "0977", "0440")


def stored_events(app: Petitions) -> list[tuple[object, ...]]:
    notes = app.recorder.select_notifications(start=1, limit=10_000)
    return [(n.originator_id, n.originator_version, n.topic, bytes(n.state)) for n in notes]


def opened(app: Petitions, case_id: object) -> str:
    return app.disclose_identity(case_id, "officer-1", "check").person.full_name  # type: ignore[arg-type]


def test_rewrap_keys_moves_every_data_key_to_the_new_master_key(
    store_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store_settings.identity_key_env()  # the generated default key, written on first use
    old_settings = store_settings.model_copy(
        update={"identity_key_file": str(store_settings.identity_key_path())}
    )
    app = Petitions(old_settings.eventsourcing_env())
    story = Story(app)
    cases = [
        story.receive(story.tree.district_a, date(2025, 3, d), personal=PERSON) for d in (3, 4)
    ]
    before = stored_events(app)
    key_ids = {app.get_identity(app.get_case(c).identity_id).key_id for c in cases}  # type: ignore[arg-type]
    app.close()
    # The operator re-wraps under a freshly generated key, the old one still configured.
    new_file = tmp_path / "new-master.key"
    monkeypatch.setattr(rewrap_keys, "get_settings", lambda: old_settings)
    assert cli.main(["rewrap-keys", "--new-key-file", str(new_file), "--generate"]) == 0
    assert "re-wrapped 2 data keys" in capsys.readouterr().out
    assert new_file.stat().st_mode & 0o777 == 0o600
    # Run again, nothing is left to do (an interrupted run just resumes).
    assert rewrap_keys.main(["--new-key-file", str(new_file)]) == 0
    assert "re-wrapped 0 data keys" in capsys.readouterr().out
    # With the new key the identities open; the events and key ids did not change.
    new_settings = store_settings.model_copy(update={"identity_key_file": str(new_file)})
    app = Petitions(new_settings.eventsourcing_env())
    assert [opened(app, c) for c in cases] == [PERSON.full_name] * 2
    assert stored_events(app)[: len(before)] == before
    assert {app.get_identity(app.get_case(c).identity_id).key_id for c in cases} == key_ids  # type: ignore[arg-type]
    app.close()
    # The old key alone no longer opens them.
    app = Petitions(old_settings.eventsourcing_env())
    with pytest.raises(UnreadableKeyError):
        opened(app, cases[0])
    app.close()


def test_a_master_key_file_readable_by_others_is_refused(
    store_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loose = tmp_path / "loose.key"
    loose.write_text(base64.b64encode(b"k" * 32).decode())
    loose.chmod(0o644)
    assert rewrap_keys.main(["--new-key-file", str(loose)]) == 2
    assert "readable by others" in capsys.readouterr().err
    settings = store_settings.model_copy(update={"identity_key_file": str(loose)})
    with pytest.raises(Exception, match="readable by others"):
        settings.eventsourcing_env()


def test_production_refuses_to_start_without_a_master_key() -> None:
    with pytest.raises(ValueError, match="identity_key_file or identity_master_key"):
        Settings(environment="production")
    with pytest.raises(ValueError, match="identity_key_file or identity_master_key"):
        Settings(environment="development", persistence_module="eventsourcing.postgres")
    assert Settings(environment="production", identity_key_file="/etc/petitions/master.key")


def test_shred_identity_erases_the_key_as_a_named_administrator(
    store_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    story = Story(app)
    case_id = story.receive(story.tree.district_a, date(2025, 3, 3), personal=PERSON)
    app.close()
    accounts = Accounts(accounts_env(store_settings))
    admin = accounts.register_user("quan.tri", "x", Role.ADMINISTRATOR, None, "setup").id
    accounts.register_user("kiem.toan", "x", Role.AUDITOR, None, "setup")
    accounts.close()
    monkeypatch.setattr(shred_identity, "get_settings", lambda: store_settings)
    why = ["--reason", "retention ended", "--legal-basis", "Nghị định 13/2023/NĐ-CP"]
    # Only an administrator may; a reason and a legal basis are required.
    assert shred_identity.main([str(case_id), "--by", "kiem.toan", *why]) == 1
    assert "not an active administrator" in capsys.readouterr().err
    assert cli.main(["shred-identity", str(case_id), "--by", "quan.tri", *why]) == 0
    assert "shredded the identity" in capsys.readouterr().out
    assert shred_identity.main([str(case_id), "--by", "quan.tri", *why]) == 1
    assert "shredded" in capsys.readouterr().err
    app = Petitions(store_settings.eventsourcing_env())
    with pytest.raises(ShreddedError):
        app.disclose_identity(case_id, "officer-1", "check")
    audit = app.identity_audit(case_id)
    assert (audit.shredded_by, audit.shred_reason) == (str(admin), "retention ended")
    app.close()
