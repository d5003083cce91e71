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


def test_the_users_page_lists_names_posts_roles_and_agencies_with_twins_equal_to_the_api(
    live_world: World,
) -> None:
    w = live_world
    described = w.ok(
        "admin",
        f"/users/{w.user_ids['officer']}/profile",
        {"display_name": "Nguyễn Văn An", "post": "Chuyên viên tiếp công dân"},
    )
    caught_up(w, w.record()["position"])
    assert w.client.app.state.stores.users.wait_for(described["position"], 5.0)
    client = browser_for(w, "leader")
    page = client.get("/directory/users").text
    row = page.split("Nguyễn Văn An")[1].split("</tr>")[0]
    assert "Chuyên viên tiếp công dân" in row
    assert "Cán bộ" in row  # the officer's role, in Vietnamese
    assert "UBND xã X1" in row
    assert 'href="/directory/users"' in page  # linked from the header
    assert "<td>auditor</td>" not in page  # outside a leader's subtree
    assert "<td>leader</td>" in page
    twin = client.get("/directory/users.json").json()
    assert twin == w.get("leader", "/users").json()
    officers = client.get("/directory/users.csv", params={"role": "officer"}).text
    assert "Nguyễn Văn An,Chuyên viên tiếp công dân,officer,UBND xã X1,officer," in officers
    assert "leader" not in officers


def test_the_users_page_reads_in_each_language(live_world: World) -> None:
    w = live_world
    headings = {"vi": "Người dùng", "en": "Users", "fr": "Utilisateurs"}
    for code, heading in headings.items():
        client = browser_for(w, "auditor", **{"Accept-Language": code})
        assert f"<h1>{heading}</h1>" in client.get("/directory/users").text
