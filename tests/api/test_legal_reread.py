"""Points of the legal re-read through the HTTP API: refusals answer 422 with their reason."""

from __future__ import annotations

from uuid import uuid4

from tests.api.conftest import World, days_ago


def test_an_archival_as_a_duplicate_or_as_anonymous_is_refused_with_its_reason(
    world: World,
) -> None:
    """A duplicate of no petition, and a signed petition as anonymous: 422 naming the rule."""
    w = world
    cid = w.record()["id"]
    body = {"reason": "the same letter, sent again", "legal_date": days_ago(29)}
    unknown = w.post(
        "officer",
        f"/cases/{cid}/archival",
        {**body, "grounds": "duplicate", "duplicate_of": str(uuid4())},
    )
    assert unknown.status_code == 422, unknown.text
    assert "duplicate_of names no petition" in unknown.json()["detail"]
    signed = w.post("officer", f"/cases/{cid}/archival", {**body, "grounds": "anonymous"})
    assert signed.status_code == 422, signed.text
    assert "is not archived as anonymous" in signed.json()["detail"]
    assert w.case("officer", cid)["status"] == "received"


def test_the_settlement_form_counts_sanctions_and_transfers_to_investigators(
    live_world: World,
) -> None:
    """DOMAIN, settlement results form: sanctions recommended; transfers to investigators."""
    w = live_world
    cid = w.record(legal_date="2025-09-01")["id"]
    classification = {
        "kind": "denunciation",
        "field": "land",
        "competent_agency_id": str(w.commune),
        "legal_date": "2025-09-02",
    }
    w.ok("officer", f"/cases/{cid}/classification", classification)
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": "2025-09-03"})
    conclusion = {
        "outcome": "true",
        "decision_ref": "7/KL",
        "legal_date": "2025-09-20",
        "measures": {
            "persons_sanction_recommended": 2,
            "transferred_to_investigators": True,
            "persons_to_investigators": 1,
        },
    }
    position = w.ok("officer", f"/cases/{cid}/conclusion", conclusion)["position"]
    params = {"year": 2025, "after": position, "agency_id": str(w.commune)}
    body = w.get("leader", "/reports/forms/settlement", params=params)
    assert body.status_code == 200, body.text
    rows = {r["code"]: r["values"][0] for t in body.json()["tables"] for r in t["rows"]}
    assert (rows["16"], rows["16.1"], rows["16.2"], rows["16.3"]) == (1, 2, 1, 1)
    assert rows["15"] == 0  # nothing restored was recorded


def test_measures_on_an_answered_reflection_answer_422(world: World) -> None:
    w = world
    cid = w.record()["id"]
    classification = {
        "kind": "reflection",
        "field": "land",
        "competent_agency_id": str(w.commune),
        "legal_date": days_ago(29),
    }
    w.ok("officer", f"/cases/{cid}/classification", classification)
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(28)})
    conclusion = {
        "outcome": "answered",
        "decision_ref": "TB-3",
        "legal_date": days_ago(20),
        "measures": {"persons_sanction_recommended": 1},
    }
    refused = w.post("officer", f"/cases/{cid}/conclusion", conclusion)
    assert refused.status_code == 422, refused.text
    assert "complaint or a denunciation" in refused.json()["detail"]
