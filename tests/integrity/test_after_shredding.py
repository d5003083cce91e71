"""Shredding a petitioner's identity leaves the record verifiable (issue 10, sections 1-2).

Shredding appends an `Identity.Shredded` event and erases the data key, which lives
outside the events tables: no stored event changes, so `verify-log` still finds
nothing, the checkpoint signed before the shredding is still consistent with the log
after it, and the case's history keeps every event it had.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.act import Act
from domain.application import Petitions
from domain.application_identity import PersonalData
from domain.case import Petition
from domain.errors import ShreddedError
from domain.kinds import Channel
from ops import verify_log_cli
from ops.integrity.check import verify_log
from ops.integrity.checkpoints import generate_key, sign_now
from ops.settings import Settings
from tests.integrity.conftest import catch_up_integrity, fill

PERSON = PersonalData("Lê Thị Hồng Nhung", "12 phố Hàng Bạc", "0912 345 678", "001199012345")


def petition_with_identity(settings: Settings) -> tuple[UUID, int]:
    """A petition naming its petitioner; its case id and the history's length."""
    app = Petitions(settings.eventsourcing_env())
    try:
        act = Act("admin", uuid4(), date(2025, 1, 2), "establishment")
        province = app.register_agency("UBND tỉnh", "TN", "province", None, act).id
        received = Act("officer-1", province, date(2025, 5, 26))
        petition = Petition("", Channel.POST, "Đơn khiếu nại")
        case_id = app.record_petition(petition, received, PERSON).id
        return case_id, len(app.case_history(case_id))
    finally:
        app.close()


def test_shredding_leaves_verify_log_clean_and_the_history_whole(
    integrity_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = integrity_settings
    fill(settings)
    case_id, events = petition_with_identity(settings)
    catch_up_integrity(settings)
    generate_key(settings)
    before = sign_now(settings)
    monkeypatch.setattr(verify_log_cli, "get_settings", lambda: settings)

    app = Petitions(settings.eventsourcing_env())
    try:
        app.shred_identity(case_id, "admin-1", "retention period ended", "Decree 13/2023 art. 16")
        with pytest.raises(ShreddedError):
            app.disclose_identity(case_id, "auditor-1", "audit")
        assert len(app.case_history(case_id)) == events
    finally:
        app.close()
    catch_up_integrity(settings)
    after = sign_now(settings)

    assert verify_log(settings).findings == []
    assert verify_log_cli.main([]) == 0
    assert "Lê Thị Hồng Nhung" not in capsys.readouterr().out
    sizes = {c.store: c.tree_size for c in before}
    grown = {c.store: c.tree_size for c in after}
    assert grown["petitions"] == sizes["petitions"] + 1  # the shredding act, appended
