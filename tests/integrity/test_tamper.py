"""Rows edited, deleted, inserted and re-ordered by hand in each events table are named.

The service stopped, someone edits the petitions or the accounts table directly;
`verify-log` names each change (store, notification id, aggregate and version) and
exits 1; `replay` and `verify` refuse to run over it unless the tampering is accepted
with a reason, and that acceptance is itself recorded in the operations audit store.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.audit import OperationsAudit
from ops import replay, verify, verify_log_cli
from ops.integrity.check import verify_log
from ops.integrity.checkpoints import generate_key, sign_now
from ops.settings import Settings
from ops.wiring import audit_env
from tests.integrity.conftest import catch_up_integrity, fill
from tests.integrity.tamper import tamper

KINDS = ("altered", "deleted", "inserted", "reordered")


@pytest.fixture
def signed(integrity_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A filled store whose integrity log is caught up and signed."""
    fill(integrity_settings)
    catch_up_integrity(integrity_settings)
    generate_key(integrity_settings)
    assert len(sign_now(integrity_settings)) >= 2
    for module in (replay, verify, verify_log_cli):
        monkeypatch.setattr(module, "get_settings", lambda: integrity_settings)
    return integrity_settings


@pytest.mark.parametrize("store", ["petitions", "accounts"])
@pytest.mark.parametrize("kind", KINDS)
def test_verify_log_names_each_hand_made_change(
    signed: Settings, store: str, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify_log_cli.main([]) == 0
    capsys.readouterr()
    done = tamper(signed, store, kind)

    assert verify_log_cli.main([]) == 1
    out = capsys.readouterr().out
    report = verify_log(signed)
    named = {(f.kind, f.notification_id, f.originator_id, f.version) for f in report.findings}
    for event in done.events:
        key = (event.originator_id, event.originator_version)
        assert any(k == kind and (o, v) == key for k, _, o, v in named), (kind, named)
        assert f"{store} #" in out
        assert f"{event.originator_id} v{event.originator_version}: {kind}" in out
    assert {f.store for f in report.findings} == {store}  # the other stores still verify
    # The signed checkpoint no longer matches what is stored (except for a pure insert
    # at an unused id, which changes the count of events before the checkpoint too).
    assert any(f.kind == "checkpoint" for f in report.findings)


def test_replay_and_verify_refuse_a_tampered_log_unless_accepted_and_recorded(
    signed: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert replay.main(["statistics", "--quiet"]) == 0
    tamper(signed, "petitions", "altered")
    capsys.readouterr()

    assert replay.main(["statistics", "--quiet"]) == 1
    assert "refused" in capsys.readouterr().err
    assert verify.main(["statistics"]) == 1
    with pytest.raises(SystemExit):  # accepting needs a reason
        replay.main(["statistics", "--accept-tampered"])

    reason = "restored from backup pending the inspectorate's review"
    assert replay.main(["statistics", "--quiet", "--accept-tampered", "--reason", reason]) == 0
    assert "recorded" in capsys.readouterr().err
    audit = OperationsAudit(audit_env(signed))
    try:
        (accepted,) = audit.acceptances()
    finally:
        audit.close()
    assert accepted.command == "replay statistics"
    assert accepted.reason == reason
    assert any("altered" in finding for finding in accepted.findings)
    # The acceptance is an event of a store the integrity log covers.
    catch_up_integrity(signed)
    assert any(s.store == "audit" and s.covered == 1 for s in verify_log(signed).stores)


def test_a_forged_checkpoint_file_is_named(signed: Settings) -> None:
    assert verify_log(signed).ok
    path = next(Path(signed.integrity_checkpoint_dir).glob("petitions/*.json"))
    path.write_text(path.read_text().replace('"tree_size": ', '"tree_size": 1'))
    findings = verify_log(signed).findings
    assert [f.kind for f in findings] == ["checkpoint"]
    assert "does not verify with the public key" in findings[0].detail


def test_an_unreadable_checkpoint_file_is_named(signed: Settings) -> None:
    (Path(signed.integrity_checkpoint_dir) / "accounts" / "999-garbage.json").write_text("{")
    findings = verify_log(signed).findings
    assert [(f.kind, f.store) for f in findings] == [("checkpoint", "accounts")]
    assert "999-garbage.json: unreadable" in findings[0].detail
