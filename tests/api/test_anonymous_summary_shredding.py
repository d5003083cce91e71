"""An anonymous petition's summary is shredded on its own (docs/summary-sealing.md).

Its summary is sealed under a key of the case itself, which no identity shredding
erases. An administrator shreds it, with a reason and a legal basis: the history
keeps who, when and why, and every answer then shows the summary as shredded. A
named petitioner's summary goes with the identity only; a retry after an interruption
is answered as the first call and finishes erasing the key.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.application import Petitions
from domain.errors import RuleViolationError, ShreddedError
from ops.settings import Settings
from tests.api.conftest import World
from tests.api.test_summary_shredding import in_raw_rows, page
from tests.leakwatch import _found

DENOUNCED = "Ông Nguyễn Văn Bị Tố ở tổ 5 phường Tân Mai nhận hối lộ khi cấp sổ đỏ"
SHRED = {"reason": "Hết thời hạn lưu trữ", "legal_basis": "Nghị định 13/2023/NĐ-CP, Điều 16"}


def anonymous(w: World) -> str:
    case_id: str = w.record(summary=DENOUNCED, petitioner=None)["id"]
    return case_id


def shred(w: World, case_id: str, user: str = "admin", **headers: str) -> Any:
    return w.post(user, f"/cases/{case_id}/summary/shred", SHRED, headers=headers)


def test_an_anonymous_summary_is_shredded_with_its_record_in_the_history(
    live_world: World, store_settings: Settings
) -> None:
    w = live_world
    cid = anonymous(w)
    assert w.case("officer", cid)["summary"] == DENOUNCED
    before = w.case("officer", cid)["version"]

    shredded = shred(w, cid, **{"Idempotency-Key": "shred-anonymous-1"})
    assert shredded.status_code == 200, shredded.text

    case = w.case("officer", cid)
    assert (case["summary"], case["summary_shredded"]) == (None, True)
    assert case["version"] == before + 1
    assert case["status"] == "received"  # no act on the petition: nothing else moves
    events = w.get("auditor", f"/cases/{cid}/history").json()["events"]
    assert events[0]["fields"]["summary"] is None
    last = events[-1]
    assert last["event"] == "SummaryShredded"
    assert (last["reason"], last["legal_basis"]) == (SHRED["reason"], SHRED["legal_basis"])
    assert last["actor_id"] == w.get("admin", "/users/me").json()["id"]
    assert "summary_key_id" not in last["fields"]
    after = shredded.json()["position"]
    items = w.get("officer", f"/cases?limit=500&after={after}").json()["items"]
    item = next(i for i in items if i["case_id"] == cid)
    assert (item["summary"], item["summary_shredded"], item["version"]) == (
        None,
        True,
        before + 1,
    )
    for export in ("/queue.csv", "/queue.json", f"/case/{cid}.csv", f"/case/{cid}"):
        assert not _found(DENOUNCED, page(w, "officer", export)), export
    assert in_raw_rows(store_settings) == []

    replayed = shred(w, cid, **{"Idempotency-Key": "shred-anonymous-1"})
    assert (replayed.status_code, replayed.json()) == (200, shredded.json())
    again = shred(w, cid)
    assert again.status_code == 410, again.text


def test_only_an_administrator_shreds_and_only_a_summary_of_its_own(live_world: World) -> None:
    w = live_world
    cid = anonymous(w)
    for user in ("officer", "auditor", "leader"):
        assert shred(w, cid, user).status_code == 403, user
    assert w.post(None, f"/cases/{cid}/summary/shred", SHRED).status_code == 401
    unknown = shred(w, "00000000-0000-4000-8000-000000000000")
    assert unknown.status_code == 404, unknown.text
    missing = w.post("admin", f"/cases/{cid}/summary/shred", {"reason": "x"})
    assert missing.status_code == 422
    assert any(e["field"].endswith("legal_basis") for e in missing.json()["errors"]), missing.text

    named = w.record()["id"]
    refused = shred(w, named)
    assert refused.status_code == 422, refused.text
    assert "shred the identity" in refused.text
    assert w.case("officer", named)["summary_shredded"] is False
    assert w.case("officer", cid)["summary"] == DENOUNCED


def test_a_shredding_interrupted_before_its_key_was_erased_is_finished_on_retry(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world
    cid = anonymous(w)
    app: Petitions = w.client.app.state.stores.petitions
    vault = app.vault

    def lost(key_id: UUID) -> None:
        raise ConnectionError("the key store went away")

    monkeypatch.setattr(vault, "erase", lost)
    with pytest.raises(ConnectionError):
        app.shred_summary(UUID(cid), ("admin", UUID(int=0)), SHRED["reason"], "basis")
    monkeypatch.undo()
    case = app.get_case(UUID(cid))
    assert case.summary_shredded
    assert app.summary_of(case) == DENOUNCED  # recorded, but the key is still there

    with pytest.raises(ShreddedError):
        app.shred_summary(UUID(cid), ("admin", UUID(int=0)), SHRED["reason"], "basis")
    assert app.summary_of(app.get_case(UUID(cid))) is None


def test_a_summary_sealed_under_the_identity_is_not_shredded_alone(world: World) -> None:
    app: Petitions = world.client.app.state.stores.petitions
    cid = UUID(world.record()["id"])
    with pytest.raises(RuleViolationError, match="shred the identity"):
        app.shred_summary(cid, ("admin", UUID(int=0)), SHRED["reason"], "basis")
