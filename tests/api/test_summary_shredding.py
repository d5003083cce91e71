"""A summary naming the petitioner is shredded with the identity (docs/summary-sealing.md).

Before the shredding, case readers see it in the case, its history and the work queue
(`/queue.json`; `/queue.csv` has no summary column);
no raw row holds it, as it is sealed under the identity's data key. After, every one
of those answers shows it as shredded, and still no raw row holds it.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from ops.settings import Settings
from tests.api.conftest import World
from tests.leakwatch import _found, _tables

NAME = "Phạm Thị Riêng Tư"
NAMED = f"Bà {NAME} ở số 12 phố Hàng Bạc khiếu nại việc thu hồi thửa đất số 47"
SHRED = {"reason": "Hết thời hạn lưu trữ", "legal_basis": "Nghị định 13/2023/NĐ-CP, Điều 16"}


def page(w: World, user: str, path: str) -> str:
    token = w.headers[user]["Authorization"].removeprefix("Bearer ")
    return TestClient(w.client.app, cookies={"petitions_session": token}).get(path).text


def in_raw_rows(settings: Settings) -> list[str]:
    return [where for where, text in _tables(settings) if _found(NAMED, text)]


def listed(w: World, case_id: str) -> dict[str, object]:
    items = w.get("officer", "/cases?limit=500").json()["items"]
    return next(i for i in items if i["case_id"] == case_id)


def test_a_shredded_petitioners_summary_is_in_no_answer_and_no_raw_row(
    live_world: World, store_settings: Settings
) -> None:
    w = live_world
    person = {"full_name": NAME, "address": "12 phố Hàng Bạc"}
    cid = w.record(summary=NAMED, petitioner=person)["id"]
    # Before the shredding, case readers read it; the store holds it only sealed.
    assert w.case("officer", cid)["summary"] == NAMED
    assert w.case("officer", cid)["summary_shredded"] is False
    history = w.get("auditor", f"/cases/{cid}/history").json()
    assert history["events"][0]["fields"]["summary"] == NAMED
    assert "summary_key_id" not in history["events"][0]["fields"]
    assert NAMED in page(w, "officer", "/queue.json")
    assert listed(w, cid)["summary"] == NAMED
    assert in_raw_rows(store_settings) == []

    shredded = w.post("admin", f"/cases/{cid}/petitioner/shred", SHRED)
    assert shredded.status_code == 200, shredded.text

    case = w.case("officer", cid)
    assert (case["summary"], case["summary_shredded"]) == (None, True)
    history = w.get("auditor", f"/cases/{cid}/history").json()
    assert history["events"][0]["fields"]["summary"] is None
    for export in ("/queue.csv", "/queue.json", f"/case/{cid}.csv"):
        text = page(w, "officer", export)
        assert case["reference_code"] in text or cid in text  # still listed
        assert not _found(NAMED, text), export
    assert not _found(NAMED, page(w, "officer", f"/case/{cid}"))
    assert (listed(w, cid)["summary"], listed(w, cid)["summary_shredded"]) == (None, True)
    assert in_raw_rows(store_settings) == []
