"""Issue 11 through HTTP, live read models: the case list and the officers' load at a cut-off.

`GET /cases` and the deadlines report's `load` answer as they stood on `as_of`, as
known at `known_at`, with the case view's overdue flag; unknown parameters answer 422.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from tests.api.conftest import World, days_ago, today


def _story(w: World) -> dict[str, Any]:
    """A recommendation settled 2 days ago (assigned), and a reflection left in intake."""
    settled = w.record("officer")["id"]
    w.ok(
        "officer",
        f"/cases/{settled}/classification",
        {
            "kind": "recommendation",
            "field": "roads",
            "competent_agency_id": str(w.commune),
            "legal_date": days_ago(25),
        },
    )
    accepted = w.ok("officer", f"/cases/{settled}/acceptance", {"legal_date": days_ago(20)})
    officer = str(w.user_ids["officer"])
    body = {"officer_id": officer, "legal_date": days_ago(19)}
    w.ok("officer", f"/cases/{settled}/assignment", body)
    w.ok(
        "officer",
        f"/cases/{settled}/conclusion",
        {"outcome": "accepted", "decision_ref": "7/TB", "legal_date": days_ago(2)},
    )
    waiting = w.record("officer")["id"]
    last = w.ok(
        "officer",
        f"/cases/{waiting}/classification",
        {
            "kind": "reflection",
            "field": "roads",
            "competent_agency_id": str(w.commune),
            "legal_date": days_ago(3),
        },
    )
    return {
        "settled": settled,
        "waiting": waiting,
        "officer": officer,
        "accepted_at": accepted["position"],
        "last": last["position"],
    }


def _fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.text
    return [e["field"] for e in response.json()["errors"]]


def test_the_case_list_as_it_stood_with_the_case_views_overdue_flag(live_world: World) -> None:
    w = live_world
    s = _story(w)
    now = w.get("officer", "/cases", params={"after": s["last"]}).json()
    assert {i["case_id"]: i["status"] for i in now["items"]}[s["settled"]] == "concluded"
    assert now["cutoff"] == {"as_of": None, "known_at": None}

    then = w.get("officer", "/cases", params={"as_of": days_ago(10)}).json()
    assert then["cutoff"] == {"as_of": days_ago(10), "known_at": None}
    items = {i["case_id"]: i for i in then["items"]}
    assert set(items) == {s["settled"], s["waiting"]}
    assert (items[s["settled"]]["status"], items[s["settled"]]["officer_id"]) == (
        "in_progress",
        s["officer"],
    )
    assert items[s["settled"]]["concluded_on"] is None
    for case_id, item in items.items():  # the same flag as the case view's, that day
        view = w.get("officer", f"/cases/{case_id}", params={"as_of": days_ago(10)}).json()
        assert (item["overdue"], item["status"], item["due_date"]) == (
            view["overdue"],
            view["status"],
            view["due_date"],
        )
    assert items[s["waiting"]]["overdue"] is True
    overdue = w.get("officer", "/cases", params={"as_of": days_ago(10), "overdue_on": days_ago(10)})
    assert [i["case_id"] for i in overdue.json()["items"]] == [s["waiting"]]
    settling = w.get("officer", "/cases", params={"as_of": days_ago(10), "status": "in_progress"})
    assert [i["case_id"] for i in settling.json()["items"]] == [s["settled"]]

    known = w.get("officer", "/cases", params={"known_at": s["accepted_at"]}).json()
    assert known["cutoff"] == {"as_of": today().isoformat(), "known_at": s["accepted_at"]}
    assert [(i["case_id"], i["status"]) for i in known["items"]] == [(s["settled"], "in_progress")]
    nothing = w.get("officer", "/cases", params={"known_at": "2000-01-01T00:00:00Z"}).json()
    assert nothing["items"] == []
    assert w.get("officer", "/cases", params={"as_of": days_ago(40)}).json()["items"] == []

    unknown = w.get("officer", "/cases", params={"as_of": days_ago(1), "on": "x"})
    assert _fields(unknown) == ["on"]
    assert unknown.json()["errors"][0]["reason"] == "unknown query parameter"
    assert _fields(w.get("officer", "/cases", params={"as_of": "2999-01-01"})) == ["as_of"]
    assert _fields(w.get("officer", "/cases", params={"known_at": "yesterday"})) == ["known_at"]


def test_the_officers_load_at_a_cut_off(live_world: World) -> None:
    w = live_world
    s = _story(w)
    w.get("officer", "/cases", params={"after": s["last"]})
    report = w.get(
        "officer", "/reports/deadlines", params={"as_of": days_ago(10), "within_days": 90}
    ).json()
    load = {x["key"]: x for x in report["load"]}
    assert load[s["officer"]] == {"key": s["officer"], "open": 1, "overdue": 0, "due_soon": 1}
    assert (load[""]["open"], load[""]["overdue"]) == (1, 1)  # the reflection, in intake
    overdue_listed = {i["case_id"] for i in report["overdue"]}
    assert sum(x["overdue"] for x in load.values()) == len(overdue_listed)
    before = w.get("officer", "/reports/deadlines", params={"known_at": s["accepted_at"]}).json()
    assert [x["key"] for x in before["load"]] == [""]  # accepted, not yet assigned
    assert before["load"][0]["open"] == 1
    today_load = w.get("officer", "/reports/deadlines").json()["load"]
    assert s["officer"] not in {x["key"] for x in today_load}  # settled: no longer open


def test_the_deadlines_items_at_a_cut_off_carry_and_filter_the_officer_then(
    live_world: World,
) -> None:
    w = live_world
    s = _story(w)
    w.get("officer", "/cases", params={"after": s["last"]})
    then = {"as_of": days_ago(10), "within_days": 90}
    mine = w.get("officer", "/reports/deadlines", params={**then, "officer_id": s["officer"]})
    assert [i["case_id"] for i in mine.json()["due_soon"]] == [s["settled"]]
    assert mine.json()["overdue"] == []
    assert mine.json()["due_soon"][0]["officer_id"] == s["officer"]
    nobody = w.get("officer", "/reports/deadlines", params={**then, "officer_id": ""}).json()
    assert [i["case_id"] for i in nobody["overdue"]] == [s["waiting"]]
    assert nobody["due_soon"] == []
    # Known at the acceptance, the case had no officer yet (it has one now).
    known = {"known_at": s["accepted_at"], "within_days": 90}
    early = w.get("officer", "/reports/deadlines", params=known).json()
    items = {i["case_id"]: i for i in (*early["due_soon"], *early["overdue"])}
    assert items[s["settled"]]["officer_id"] == ""


def test_a_recorded_time_cut_off_is_the_log_position_reached_by_then_on_every_read(
    live_world: World,
) -> None:
    """A time names the log's last position recorded by then, whatever a read model counts.

    An assignment moves no figure: a time cut-off taken after it once read as the last
    position the statistics had counted, so the list showed the case unassigned.
    """
    w = live_world
    cid = w.record("officer", legal_date=days_ago(20))["id"]
    classification = {
        "kind": "recommendation",
        "field": "roads",
        "competent_agency_id": str(w.commune),
        "legal_date": days_ago(19),
    }
    w.ok("officer", f"/cases/{cid}/classification", classification)
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(18)})
    time.sleep(1.1)  # the statistics count by the second they were recorded in
    officer = str(w.user_ids["officer2"])
    assigned = w.ok(
        "officer", f"/cases/{cid}/assignment", {"officer_id": officer, "legal_date": days_ago(1)}
    )
    time.sleep(1.1)
    moment = datetime.now(UTC).isoformat()
    w.get("officer", "/cases", params={"after": assigned["position"]})
    by_time, by_position = {"known_at": moment}, {"known_at": assigned["position"]}
    for cut in (by_time, by_position):
        listed = w.get("officer", "/cases", params={**cut, "officer_id": officer}).json()
        assert [i["case_id"] for i in listed["items"]] == [cid], cut
        assert listed["cutoff"]["known_at"] >= assigned["position"]
        soon = {**cut, "within_days": 60}
        deadlines = w.get("officer", "/reports/deadlines", params=soon).json()
        assert [i["officer_id"] for i in deadlines["due_soon"]] == [officer], cut
        assert deadlines["cutoff"]["known_at"] == listed["cutoff"]["known_at"]
        year = {"year": today().year, "basis": "calendar", **cut}
        for path in ("/reports/statistics", "/reports/escalations", "/reports/reception"):
            shown = w.get("leader", path, params=year).json()["cutoff"]["known_at"]
            assert shown == listed["cutoff"]["known_at"], (path, cut)
