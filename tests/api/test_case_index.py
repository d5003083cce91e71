from __future__ import annotations

from tests.api.conftest import World


def test_an_officer_reads_its_own_write_in_the_case_index(live_world: World) -> None:
    w = live_world
    written = w.record()
    other = w.record("other-officer")
    # The command's position makes the query wait until the index includes it.
    page = w.get("officer", "/cases", params={"after": written["position"]}).json()
    assert [i["case_id"] for i in page["items"]] == [written["id"]]
    # The leader of the province sees both communes' cases; paging by one.
    first = w.get("leader", "/cases", params={"after": other["position"], "limit": 1}).json()
    assert len(first["items"]) == 1
    assert first["next_cursor"]
    second = w.get("leader", "/cases", params={"limit": 1, "cursor": first["next_cursor"]}).json()
    assert {first["items"][0]["case_id"], second["items"][0]["case_id"]} == {
        written["id"],
        other["id"],
    }


def test_a_position_the_views_never_reach_answers_503_with_retry_after(live_world: World) -> None:
    live_world.client.app.state.view_wait_seconds = 0.2
    response = live_world.get("officer", "/cases", params={"after": 10**9})
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["title"] == "views-behind"


def test_a_forged_cursor_is_refused_naming_the_field(live_world: World) -> None:
    response = live_world.get("officer", "/cases", params={"cursor": "bm9wZQ=="})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"


def test_an_officer_cannot_search_another_agencys_subtree(live_world: World) -> None:
    response = live_world.get(
        "other-officer", "/cases", params={"agency_id": str(live_world.commune)}
    )
    assert response.status_code == 403
