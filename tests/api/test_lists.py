"""Lists people pick from instead of copying UUIDs: reception meetings, agencies, users."""

from __future__ import annotations

from tests.api.conftest import World, days_ago, today


def test_reception_meetings_are_listed_in_the_callers_scope(live_world: World) -> None:
    w = live_world
    body = {"host_id": "Chủ tịch UBND xã", "kind": "regular", "citizens_received": 7, "legal_date": days_ago(3)}
    mine = w.ok("officer", "/meetings", body)
    other = w.ok("other-officer", "/meetings", {**body, "kind": "dialogue", "dialogue_group": "Hộ dân thôn 2"})
    year = {"year": today().year, "basis": "calendar", "after": other["position"]}
    officer = w.get("officer", "/meetings", params=year).json()
    assert [m["meeting_id"] for m in officer["items"]] == [mine["id"]]
    leader = w.get("leader", "/meetings", params=year).json()
    assert {m["meeting_id"] for m in leader["items"]} == {mine["id"], other["id"]}
    assert {m["citizens_received"] for m in leader["items"]} == {7}
