"""A petition's summary may name the petitioner: after shredding it must be unreadable.

The summary is sealed under the identity's data key (`Case.Received` version 4,
docs/summary-sealing.md), so the shredding that erases that key leaves it in no raw row.
"""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.act import Act
from domain.application import Petitions
from domain.application_identity import PersonalData
from domain.case import Petition
from domain.kinds import Channel
from ops.settings import Settings
from tests.leakwatch import _found, _tables

NAMED = "Bà Lê Thị Hồng Nhung ở số 12 phố Hàng Bạc khiếu nại quyết định thu hồi đất"


def test_a_shredded_petitioners_summary_is_in_no_raw_row(store_settings: Settings) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    try:
        act = Act("admin", uuid4(), date(2025, 1, 2), "establishment")
        province = app.register_agency("UBND tỉnh", "TN", "province", None, act).id
        received = Act("officer-1", province, date(2025, 5, 26))
        person = PersonalData("Lê Thị Hồng Nhung", "12 phố Hàng Bạc")
        case_id = app.record_petition(Petition("", Channel.POST, NAMED), received, person).id
        app.shred_identity(case_id, "admin-1", "retention period ended", "Decree 13/2023")
    finally:
        app.close()
    found = [where for where, text in _tables(store_settings) if _found(NAMED, text)]
    assert found == []
