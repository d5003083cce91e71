"""The agency tree and the reception meetings as pages, with their twins."""

from __future__ import annotations

from tests.api.conftest import World, days_ago, today
from tests.pages.conftest import browser_for, caught_up


def test_the_agencies_page_shows_the_tree_and_its_twin_equals_the_api(live_world: World) -> None:
    w = live_world
    caught_up(w, w.record()["position"])
    client = browser_for(w, "leader")
    page = client.get("/directory/agencies").text
    assert page.index("UBND tỉnh Thái Nguyên") < page.index("UBND xã X1") < page.index("UBND xã X2")
    assert client.get("/directory/agencies.json").json() == w.get("leader", "/agencies").json()


def test_the_meetings_page_lists_the_years_meetings_with_csv(live_world: World) -> None:
    w = live_world
    held = w.ok(
        "officer",
        "/meetings",
        {
            "host_id": "Chủ tịch UBND xã",
            "kind": "regular",
            "legal_date": days_ago(2),
        },
    )
    caught_up(w, held["position"])
    client = browser_for(w, "officer")
    year = today().year
    assert "Chủ tịch UBND xã" in client.get("/directory/meetings", params={"year": year}).text
    csv_text = client.get("/directory/meetings.csv", params={"year": year}).text
    assert held["id"] in csv_text
    twin = client.get("/directory/meetings.json", params={"year": year}).json()
    assert [m["meeting_id"] for m in twin["items"]] == [held["id"]]
