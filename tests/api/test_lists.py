"""Lists people pick from instead of copying UUIDs: reception meetings, agencies, users."""

from __future__ import annotations

from tests.api.conftest import World, days_ago, today


def test_reception_meetings_are_listed_in_the_callers_scope(live_world: World) -> None:
    w = live_world
    body = {
        "host_id": "Chủ tịch UBND xã",
        "kind": "regular",
        "legal_date": days_ago(3),
    }
    mine = w.ok("officer", "/meetings", body)
    w.ok(
        "officer",
        f"/meetings/{mine['id']}/visits",
        {"persons": 7, "representatives": 2, "legal_date": days_ago(3)},
    )
    other = w.ok(
        "other-officer",
        "/meetings",
        {**body, "kind": "dialogue", "dialogue_group": "Hộ dân thôn 2"},
    )
    year = {"year": today().year, "basis": "calendar", "after": other["position"]}
    officer = w.get("officer", "/meetings", params=year).json()
    assert [m["meeting_id"] for m in officer["items"]] == [mine["id"]]
    leader = w.get("leader", "/meetings", params=year).json()
    assert {m["meeting_id"] for m in leader["items"]} == {mine["id"], other["id"]}
    assert {(m["visits"], m["persons"]) for m in leader["items"]} == {(1, 7), (0, 0)}


def test_the_agency_tree_lists_every_agency_under_its_parent(live_world: World) -> None:
    w = live_world
    renamed = w.ok(
        "admin",
        f"/agencies/{w.commune}/name",
        {"name": "UBND phường X1", "legal_date": "2025-08-02"},
    )
    tree = w.get("officer", "/agencies", params={"after": renamed["position"]}).json()
    assert [a["name"] for a in tree] == ["UBND tỉnh Thái Nguyên"]
    assert [a["name"] for a in tree[0]["children"]] == ["UBND phường X1", "UBND xã X2"]
    subtree = w.get("officer", "/agencies", params={"root_id": str(w.commune)}).json()
    assert [(a["id"], a["children"]) for a in subtree] == [(str(w.commune), [])]
