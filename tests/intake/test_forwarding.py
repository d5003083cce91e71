"""A petition forwarded by another body records that body and its dispatch (issue 14, point 5)."""

from __future__ import annotations

from datetime import date

from projections.periods import statistical_year_of
from tests.api.conftest import World, days_ago
from tests.pages.conftest import browser_for

DELEGATION = {
    "kind": "national_assembly_delegation",
    "name": "Đoàn ĐBQH tỉnh Thái Nguyên",
    "dispatch_number": "125/ĐĐBQH-VP",
    "dispatch_date": days_ago(35),
}


def test_a_forwarded_petition_shows_its_forwarding_body_and_dispatch(world: World) -> None:
    w = world
    case = w.record(channel="forwarded", forwarded_by=DELEGATION)
    shown = w.case("officer", case["id"])
    assert shown["channel"] == "forwarded"
    assert shown["origin"] == DELEGATION


def test_a_forwarded_petition_without_its_body_is_refused_with_a_reason(world: World) -> None:
    response = world.post(
        "officer",
        "/cases",
        {"channel": "forwarded", "summary": "Đơn do Đoàn ĐBQH chuyển", "legal_date": days_ago(3)},
    )
    assert response.status_code == 422
    assert "names the body that forwarded it" in response.text


def test_an_unknown_kind_of_forwarding_body_is_a_field_error(world: World) -> None:
    response = world.post(
        "officer",
        "/cases",
        {
            "channel": "forwarded",
            "summary": "Đơn",
            "legal_date": days_ago(3),
            "forwarded_by": {**DELEGATION, "kind": "oracle"},
        },
    )
    assert response.status_code == 422
    assert "forwarded_by" in response.text
    assert "kind" in response.text


def test_the_place_a_petition_is_about_is_in_the_case_details(world: World) -> None:
    w = world
    place = {"lat": 21.5942, "long": 105.8482, "address": "Đường Bắc Sơn"}
    case = w.record(location=place)
    assert w.case("officer", case["id"])["location"] == place


def test_the_case_page_shows_the_forwarding_body_and_the_place(world: World) -> None:
    w = world
    place = {"lat": 21.5942, "long": 105.8482, "address": "Đường Bắc Sơn"}
    case = w.record(channel="forwarded", forwarded_by=DELEGATION, location=place)
    page = browser_for(w, "officer", **{"Accept-Language": "en"}).get(f"/case/{case['id']}")
    assert page.status_code == 200
    assert "Đoàn ĐBQH tỉnh Thái Nguyên" in page.text
    assert "125/ĐĐBQH-VP" in page.text
    assert "Đường Bắc Sơn" in page.text
    assert "21.594200, 105.848200" in page.text


def test_the_letter_handling_figures_count_petitions_by_who_forwarded_them(
    live_world: World,
) -> None:
    w = live_world
    w.record(channel="forwarded", forwarded_by=DELEGATION)
    w.record(channel="forwarded", forwarded_by=DELEGATION)
    press = {**DELEGATION, "kind": "press", "name": "Báo Thái Nguyên"}
    w.record(channel="forwarded", forwarded_by=press)
    last = w.record()
    year = statistical_year_of(date.fromisoformat(days_ago(30)))
    response = w.get(
        "leader", "/reports/statistics", params={"year": year, "after": last["position"]}
    )
    assert response.status_code == 200, response.text
    assert response.json()["petitions_by_origin"] == {
        "direct": 1,
        "national_assembly_delegation": 2,
        "press": 1,
    }
