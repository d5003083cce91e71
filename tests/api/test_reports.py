"""A leader reads the year's figures; every report is scoped and waits for the caller's writes."""

from __future__ import annotations

from projections.periods import statistical_year_of
from tests.api.conftest import World, days_ago, today


def settle(w: World, user: str, agency: object, outcome: str | None) -> int:
    """A recommendation accepted 20 days ago, concluded with `outcome` unless None."""
    cid = w.record(user)["id"]
    w.ok(
        user,
        f"/cases/{cid}/classification",
        {
            "kind": "recommendation",
            "field": "roads",
            "competent_agency_id": str(agency),
            "legal_date": days_ago(25),
        },
    )
    last = w.ok(user, f"/cases/{cid}/acceptance", {"legal_date": days_ago(20)})
    if outcome:
        last = w.ok(
            user,
            f"/cases/{cid}/conclusion",
            {"outcome": outcome, "decision_ref": "7/TB", "legal_date": days_ago(2)},
        )
    return last["position"]


def test_a_leader_reads_the_years_statistics(live_world: World) -> None:
    w = live_world
    # Two communes settle three recommendations; one is still open.
    settle(w, "officer", w.commune, "accepted")
    settle(w, "officer", w.commune, "answered")
    settle(w, "other-officer", w.other_commune, None)
    position = settle(w, "other-officer", w.other_commune, "not_accepted")
    year = statistical_year_of(today())
    # The province leader reads the statistical year, once the views include the last write.
    response = w.get("leader", "/reports/statistics", params={"year": year, "after": position})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["total"]["accepted"] == 4
    assert report["total"]["resolved"] == 3
    assert report["rate"] == 0.75
    assert report["target"] == 0.8
    assert report["target_met"] is False
    assert "÷" in report["metric"]["formula"]
    assert report["period"]["label"] == f"SY{year} 12m"
    # The same leader may narrow to one commune, never widen beyond the province.
    commune = w.get(
        "leader", "/reports/statistics", params={"year": year, "agency_id": str(w.commune)}
    ).json()
    assert commune["total"]["resolved"] == 2
    assert commune["rate"] == 1.0
    # Another metric definition is chosen by its versioned key; unknown keys are refused.
    new_only = w.get(
        "leader",
        "/reports/statistics",
        params={"year": year, "metric": "resolution_rate_new_cases/v1"},
    )
    assert new_only.json()["metric"]["key"] == "resolution_rate_new_cases/v1"
    bad = w.get("leader", "/reports/statistics", params={"year": year, "metric": "made_up/v9"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "metric"
    # Officers do not read statistics; a quarter and months together are refused.
    assert w.get("officer", "/reports/statistics", params={"year": year}).status_code == 403
    assert (
        w.get(
            "leader", "/reports/statistics", params={"year": year, "quarter": 1, "months": 6}
        ).status_code
        == 422
    )


def test_reception_escalation_and_deadline_reports(live_world: World) -> None:
    w = live_world
    # A reception session at the commune takes in one petition.
    meeting = w.ok(
        "officer",
        "/meetings",
        {
            "host_id": "chairman",
            "kind": "regular",
            "legal_date": days_ago(30),
        },
    )
    w.ok(
        "officer",
        f"/meetings/{meeting['id']}/visits",
        {"persons": 11, "representatives": 3, "legal_date": days_ago(30)},
    )
    w.record(channel="reception", meeting_id=meeting["id"])
    # A petition the province received for a commune matter counts as an escalation.
    cid = w.record("province-officer")["id"]
    w.ok(
        "province-officer",
        f"/cases/{cid}/classification",
        {
            "kind": "complaint",
            "field": "land",
            "competent_agency_id": str(w.commune),
            "decision_known_on": days_ago(40),
            "legal_date": days_ago(29),
        },
    )
    w.ok(
        "province-officer",
        f"/cases/{cid}/referral",
        {"to_agency_id": str(w.commune), "legal_date": days_ago(28)},
    )
    # Law on Complaints art. 27: the commune's clock runs from its recorded receipt.
    last = w.ok("officer", f"/cases/{cid}/referral-receipt", {"legal_date": days_ago(27)})
    year = statistical_year_of(today())
    params = {"year": year, "after": last["position"]}
    reception = w.get("leader", "/reports/reception", params=params).json()
    assert reception["figures"][0]["meetings"] == 1
    assert reception["figures"][0]["persons"] == 12
    assert reception["figures"][0]["visits"] == 2
    assert reception["figures"][0]["petitions"] == 1
    escalations = w.get("board", "/reports/escalations", params=params).json()
    assert escalations["escalated"] == 1
    assert escalations["received"] == 2
    # The commune officer's deadlines include the referred petition, now theirs.
    deadlines = w.get(
        "officer", "/reports/deadlines", params={"after": last["position"], "within_days": 90}
    )
    assert deadlines.status_code == 200, deadlines.text
    items = deadlines.json()["overdue"] + deadlines.json()["due_soon"]
    assert cid in {i["case_id"] for i in items}
