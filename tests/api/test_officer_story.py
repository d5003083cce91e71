from __future__ import annotations

from tests.api.conftest import World, days_ago


def test_an_officer_takes_a_petition_from_receipt_to_conclusion(world: World) -> None:
    # The officer records a complaint received by post, with the complainant's data.
    case = world.record(petitioner={"full_name": "Nguyễn Văn A", "address": "Thôn 3"})
    cid = case["id"]
    assert case["version"] == 1
    # It is classified as a land complaint under the commune's competence.
    world.ok(
        "officer",
        f"/cases/{cid}/classification",
        {
            "kind": "complaint",
            "field": "land",
            "competent_agency_id": str(world.commune),
            "decision_known_on": days_ago(40),
            "legal_date": days_ago(28),
        },
    )
    # Accepted, assigned, verified, concluded, notified and published.
    world.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(27)})
    world.ok(
        "officer",
        f"/cases/{cid}/assignment",
        {"officer_id": str(world.user_ids["officer"]), "legal_date": days_ago(26)},
    )
    world.ok(
        "officer",
        f"/cases/{cid}/verifications",
        {"step": "site visit", "findings": "boundary moved 2 m", "legal_date": days_ago(20)},
    )
    world.ok(
        "officer",
        f"/cases/{cid}/conclusion",
        {
            "outcome": "partly_right",
            "decision_ref": "123/QĐ-UBND",
            "effect_on_contested": "amended",
            "legal_date": days_ago(10),
        },
    )
    world.ok("officer", f"/cases/{cid}/notification", {"method": "post", "legal_date": days_ago(9)})
    last = world.ok(
        "officer",
        f"/cases/{cid}/publication",
        {"method": "notice board", "legal_date": days_ago(8)},
    )
    assert last["version"] == 8
    assert last["position"] > case["position"]
    # The case now reads as concluded, not overdue.
    details = world.case("officer", cid)
    assert details["status"] == "concluded"
    assert details["outcome"] == "partly_right"
    assert details["overdue"] is False
    assert "Nguyễn" not in str(details)
