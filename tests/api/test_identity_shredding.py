"""Shredding a petitioner's identity: recorded, reasoned, final; the case and figures stay."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import OperationalError

from projections.periods import statistical_year_of
from tests.api.conftest import World, days_ago, today

PERSON = {
    "full_name": "Đỗ Thị Kín",
    "address": "Ngõ 7 phố Ẩn",
    "contact": "kin.do@example.vn",
    "id_number": "033012345678",
}
SHRED = {"reason": "Hết thời hạn lưu trữ", "legal_basis": "Nghị định 13/2023/NĐ-CP, Điều 16"}


def accepted_denunciation(w: World) -> tuple[str, int]:
    cid = w.record(petitioner=PERSON)["id"]
    body = {
        "kind": "denunciation",
        "field": "land",
        "competent_agency_id": str(w.commune),
        "legal_date": days_ago(29),
    }
    w.ok("officer", f"/cases/{cid}/classification", body)
    last = w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(28)})
    return cid, last["position"]


def statistics(w: World, after: int) -> Any:
    params = {"year": statistical_year_of(today()), "after": after}
    response = w.get("leader", "/reports/statistics", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_an_auditor_lists_every_read_of_an_identity(world: World) -> None:
    w = world
    cid, _ = accepted_denunciation(w)
    # The handler reads the identity twice, for two reasons.
    for purpose in ("verification", "dialogue"):
        seen = w.get("officer", f"/cases/{cid}/petitioner", params={"purpose": purpose})
        assert seen.status_code == 200, seen.text
        assert seen.json()["full_name"] == PERSON["full_name"]
        assert seen.json()["legacy_plaintext"] is False
    # The auditor sees who read it, when, for which case and why: never the identity.
    response = w.get("auditor", f"/cases/{cid}/petitioner/reads")
    assert response.status_code == 200, response.text
    audit = response.json()
    assert audit["count"] == 2
    assert [r["purpose"] for r in audit["reads"]] == ["verification", "dialogue"]
    assert {r["user_id"] for r in audit["reads"]} == {str(w.user_ids["officer"])}
    assert {r["user_name"] for r in audit["reads"]} == {"officer"}
    assert {r["case_id"] for r in audit["reads"]} == {cid}
    assert audit["shredded"] is False
    assert all(value not in response.text for value in PERSON.values())
    # Only an auditor may list the reads.
    for user in ("officer", "leader", "board", "admin"):
        assert w.get(user, f"/cases/{cid}/petitioner/reads").status_code == 403


def test_a_shredded_identity_is_gone_for_everyone_and_the_case_keeps_all_but_its_summary(
    live_world: World,
) -> None:
    w = live_world
    cid, position = accepted_denunciation(w)
    assert w.get("officer", f"/cases/{cid}/petitioner").status_code == 200
    before = (
        w.case("leader", cid),
        w.get("auditor", f"/cases/{cid}/history").json(),
        statistics(w, position),
    )
    # Only an administrator shreds, and only with a reason and a legal basis.
    assert w.post("officer", f"/cases/{cid}/petitioner/shred", SHRED).status_code == 403
    refused = w.post("admin", f"/cases/{cid}/petitioner/shred", {"reason": "x"})
    assert refused.status_code == 422
    shredded = w.post("admin", f"/cases/{cid}/petitioner/shred", SHRED)
    assert shredded.status_code == 200, shredded.text
    # Nobody can read it any more: the handler gets 410, and so does a second shredding.
    gone = w.get("officer", f"/cases/{cid}/petitioner")
    assert gone.status_code == 410, gone.text
    assert "shredded" in gone.json()["detail"]
    assert w.post("admin", f"/cases/{cid}/petitioner/shred", SHRED).status_code == 410
    stores = w.client.app.state.stores  # type: ignore[attr-defined]
    identity = stores.petitions.get_identity(stores.petitions.get_case(UUID(cid)).identity_id)
    assert stores.petitions.vault.unseal(identity.key_id, identity.sealed) is None
    # The act is recorded: who, when, why, with no personal data.
    audit = w.get("auditor", f"/cases/{cid}/petitioner/reads").json()
    assert audit["shredded"] is True
    admin_id = w.get("admin", "/users/me").json()["id"]
    assert audit["shredded_by"] == admin_id
    assert audit["shred_reason"] == SHRED["reason"]
    assert audit["count"] == 1
    # The case, its history and the figures are what they were, but for the summary:
    # sealed under the identity's data key, it is shredded with it.
    assert before[0]["summary"]
    unreadable = {"summary": None, "summary_shredded": True}
    assert w.case("leader", cid) == before[0] | unreadable
    history = w.get("auditor", f"/cases/{cid}/history").json()
    assert history["events"][0]["fields"]["summary"] is None
    history["events"][0]["fields"]["summary"] = before[1]["events"][0]["fields"]["summary"]
    assert history == before[1]
    assert statistics(w, shredded.json()["position"]) == before[2]


def test_a_shredding_retried_after_its_key_erasure_failed_erases_the_key(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The Shredded event is saved, then the store goes away before the key's row is
    # deleted: the 503 names the key to retry with, and the retry must finish the job.
    w = world
    cid, _ = accepted_denunciation(w)
    petitions = w.client.app.state.stores.petitions  # type: ignore[attr-defined]
    identity = petitions.get_identity(petitions.get_case(UUID(cid)).identity_id)
    real_erase = petitions.vault.erase

    def store_away(_: UUID) -> bool:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(petitions.vault, "erase", store_away)
    first = w.post("admin", f"/cases/{cid}/petitioner/shred", SHRED)
    assert first.status_code == 503, first.text
    assert petitions.vault.has_key(identity.key_id)
    monkeypatch.setattr(petitions.vault, "erase", real_erase)
    key = {"Idempotency-Key": first.headers["idempotency-key"]}
    retry = w.post("admin", f"/cases/{cid}/petitioner/shred", SHRED, headers=key)
    assert retry.status_code == 200, retry.text
    assert not petitions.vault.has_key(identity.key_id)
    assert w.get("officer", f"/cases/{cid}/petitioner").status_code == 410
