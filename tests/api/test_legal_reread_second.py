"""The second legal re-read through the HTTP API (DOMAIN.md, settlement-results form)."""

from __future__ import annotations

from datetime import date

from tests.api.conftest import World, days_ago
from tests.api.test_the_law import APPEAL, decided


def second_instance(w: World, first: str) -> str:
    """The province accepts the complaint filed against `first`'s decision."""
    sid = w.ok(
        "province-officer", f"/cases/{first}/appeals", {**APPEAL, "legal_date": days_ago(20)}
    )["id"]
    classification = {
        "kind": "complaint",
        "field": "land",
        "competent_agency_id": str(w.province),
        "legal_date": days_ago(19),
    }
    w.ok("province-officer", f"/cases/{sid}/classification", classification)
    w.ok("province-officer", f"/cases/{sid}/acceptance", {"legal_date": days_ago(18)})
    return str(sid)


def statistical_year(day: str) -> int:
    """The statistical year (15 December - 14 December) holding `day`."""
    on = date.fromisoformat(day)
    return on.year + 1 if (on.month, on.day) >= (12, 15) else on.year


def settlement_rows(w: World, position: int) -> dict[str, list[int | None]]:
    """The province's settlement form for the statistical year of the decisions."""
    year = statistical_year(days_ago(5))
    params = {"year": year, "after": position, "agency_id": str(w.province)}
    body = w.get("leader", "/reports/forms/settlement", params=params)
    assert body.status_code == 200, body.text
    return {r["code"]: r["values"] for t in body.json()["tables"] for r in t["rows"]}


def test_row_14_counts_second_instance_decisions_by_their_effect_on_the_first(
    live_world: World,
) -> None:
    """DOMAIN: "second-instance decision ... can annul or amend the first"; the form counts
    "second-instance decisions annulling or amending" (the first-instance decision).

    The commune found the complaint wrong and upheld its decision; the province finds it
    partly right and amends the contested decision, so it annuls the commune's first
    decision: counted in row 14. A second decision that upholds the contested decision
    and recognises the first (the complaint wrong again) is not.
    """
    w = live_world
    first = decided(w, "officer", decided_ago=40, notified_ago=30)
    sid = second_instance(w, first)
    conclusion = {
        "outcome": "partly_right",
        "decision_ref": "9/QĐ-UBND",
        "effect_on_contested": "amended",
        "effect_on_first": "annulled",
        "legal_date": days_ago(5),
    }
    position = w.ok("province-officer", f"/cases/{sid}/conclusion", conclusion)["position"]
    rows = settlement_rows(w, position)
    assert (rows["14"][0], rows["14"][2], rows["14a"][2]) == (1, 1, 1)
    history = w.get("province-officer", f"/cases/{sid}/history").json()["events"]
    assert history[-1]["fields"]["effect_on_first"] == "annulled"


def test_a_second_instance_recognising_the_first_is_not_counted_in_row_14(
    live_world: World,
) -> None:
    """The first decision annulled the contested decision; the second instance agrees with it
    (complaint right, contested decision annulled, the first recognised): row 14 counts 0,
    where counting the effect on the contested decision counted 1."""
    w = live_world
    first = decided(w, "officer", decided_ago=40, notified_ago=30)
    sid = second_instance(w, first)
    conclusion = {
        "outcome": "right",
        "decision_ref": "10/QĐ-UBND",
        "effect_on_contested": "annulled",
        "effect_on_first": "upheld",
        "legal_date": days_ago(5),
    }
    position = w.ok("province-officer", f"/cases/{sid}/conclusion", conclusion)["position"]
    rows = settlement_rows(w, position)
    assert (rows["14"][2], rows["14a"][2]) == (0, 1)


def test_an_effect_on_the_first_decision_is_refused_on_a_first_instance(world: World) -> None:
    w = world
    cid = w.record(legal_date=days_ago(30))["id"]
    classification = {
        "kind": "complaint",
        "field": "land",
        "competent_agency_id": str(w.commune),
        "decision_known_on": days_ago(40),
        "legal_date": days_ago(29),
    }
    w.ok("officer", f"/cases/{cid}/classification", classification)
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(28)})
    conclusion = {
        "outcome": "wrong",
        "decision_ref": "1/QĐ",
        "effect_on_contested": "upheld",
        "effect_on_first": "upheld",
        "legal_date": days_ago(20),
    }
    refused = w.post("officer", f"/cases/{cid}/conclusion", conclusion)
    assert refused.status_code == 422, refused.text
    assert "second-instance" in refused.json()["detail"]
