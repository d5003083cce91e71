"""Through the HTTP API: agency kinds, vượt cấp from the tree, transfers, the 2025 reform and the
reception register (Law 72/2025/QH15; Decree 124/2020/ND-CP art. 7; Law 42/2013/QH13 art. 9)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from tests.api.conftest import World

BEFORE = "2025-06-02"
REFORM = "2025-07-01"


def agency(w: World, name: str, level: str, parent: object, on: str, kind: str = "") -> str:
    body: dict[str, Any] = {"name": name, "code": name[:5], "level": level, "legal_date": on}
    body |= {"parent_id": str(parent)} if parent else {}
    body |= {"kind": kind} if kind else {}
    return str(w.ok("admin", "/agencies", body)["id"])


def petition(w: World, user: str, on: str, **extra: Any) -> str:
    return str(w.record(user, legal_date=on, **extra)["id"])


def classify(w: World, user: str, case: str, competent: object, on: str) -> dict[str, Any]:
    body = {
        "kind": "recommendation",
        "field": "land",
        "competent_agency_id": str(competent),
        "legal_date": on,
    }
    return w.ok(user, f"/cases/{case}/classification", body)


def test_a_department_is_registered_under_the_province_with_its_kind(world: World) -> None:
    w = world
    department = agency(w, "Sở Xây dựng", "province", w.province, "2025-08-01", "department")
    read = w.get("leader", f"/agencies/{department}").json()
    assert (read["kind"], read["level"], read["parent_id"]) == (
        "department",
        "province",
        str(w.province),
    )
    body = {"name": "UBND xã", "code": "Y", "level": "commune", "legal_date": "2025-08-01"}
    refused = w.post("admin", "/agencies", {**body, "parent_id": department})
    assert refused.status_code == 422


def test_a_sibling_communes_petition_is_misdirected_not_beyond_the_level(
    live_world: World,
) -> None:
    w = live_world
    # The other commune receives a petition that belongs to the commune: a wrong address.
    wrong = petition(w, "other-officer", "2025-09-01")
    classify(w, "other-officer", wrong, w.commune, "2025-09-02")
    # The province receives one for the commune: received by an ancestor, beyond the level.
    above = petition(w, "province-officer", "2025-09-03")
    last = classify(w, "province-officer", above, w.commune, "2025-09-04")
    params = {"year": 2025, "basis": "calendar", "after": last["position"]}
    report = w.get("board", "/reports/escalations", params=params).json()
    assert (report["escalated"], report["received"]) == (1, 2)
    assert report["figures"] == [
        {"above_agency_id": str(w.province), "competent_agency_id": str(w.commune), "petitions": 1}
    ]


def test_an_accepted_case_is_transferred_with_a_reason_and_its_history(world: World) -> None:
    w = world
    case = petition(w, "officer", "2025-09-01")
    classify(w, "officer", case, w.commune, "2025-09-01")
    w.ok("officer", f"/cases/{case}/acceptance", {"legal_date": "2025-09-02"})
    no_reason = w.post(
        "officer",
        f"/cases/{case}/transfer",
        {"to_agency_id": str(w.province), "legal_date": "2025-09-03"},
    )
    assert no_reason.status_code == 422
    body = {"to_agency_id": str(w.province), "legal_date": "2025-09-03", "reason": "competence"}
    w.ok("officer", f"/cases/{case}/transfer", body)
    read = w.case("province-officer", case)
    assert (read["handling_agency_id"], read["status"]) == (str(w.province), "in_progress")
    events = w.get("province-officer", f"/cases/{case}/history").json()["events"]
    assert events[-1]["event"] == "Transferred"


def test_a_dissolved_districts_open_cases_pass_to_the_new_commune_with_their_history(
    live_world: World,
) -> None:
    w = live_world
    district = agency(w, "UBND huyện", "district", w.province, BEFORE)
    new_commune = agency(w, "UBND xã mới", "commune", w.province, REFORM)
    w.add_user("district-officer", "officer", UUID(district))
    case = petition(w, "district-officer", "2025-06-03")
    classify(w, "district-officer", case, district, "2025-06-03")
    w.ok("district-officer", f"/cases/{case}/acceptance", {"legal_date": "2025-06-04"})
    refused = w.post(
        "district-officer", "/cases", {"channel": "post", "summary": "late", "legal_date": REFORM}
    )
    assert refused.status_code == 422
    dissolution = {
        "rule_version": "district/2025-07-01/v1",
        "default_successor_id": new_commune,
        "legal_date": REFORM,
        "reason": "two-tier local government",
        "legal_basis": "Law 72/2025/QH15",
    }
    dissolved = w.ok("admin", f"/agencies/{district}/dissolution", dissolution)
    moved = w.post(
        "admin",
        f"/agencies/{district}/succession-transfers",
        {"legal_date": REFORM, "reason": "files pass to the successor"},
        params={"after": dissolved["position"]},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["case_ids"] == [case]
    read = w.get("leader", f"/agencies/{district}").json()
    assert (read["successor_ids"], read["closed_on"]) == ([new_commune], REFORM)
    params = {"year": 2025, "basis": "calendar", "after": moved.json()["position"]}
    stats = w.get(
        "leader", "/reports/statistics", params={**params, "agency_id": new_commune}
    ).json()
    assert (stats["total"]["accepted"], stats["total"]["petitions_received"]) == (1, 1)


def test_visits_delegations_and_refusals_make_the_reception_figures(live_world: World) -> None:
    w = live_world
    day = "2025-09-10"
    meeting = w.ok(
        "officer", "/meetings", {"host_id": "chairman", "kind": "head_periodic", "legal_date": day}
    )
    path = f"/meetings/{meeting['id']}"
    w.ok(
        "officer",
        f"{path}/visits",
        {"persons": 12, "representatives": 3, "matter": "repeated", "legal_date": day},
    )
    too_many = w.post(
        "officer", f"{path}/visits", {"persons": 40, "representatives": 6, "legal_date": day}
    )
    assert too_many.status_code == 422
    unjustified = w.post(
        "officer", f"{path}/refusals", {"grounds": "incapacitated", "legal_date": day}
    )
    assert unjustified.status_code == 422
    w.ok(
        "officer",
        f"{path}/refusals",
        {"persons": 2, "grounds": "incapacitated", "reason": "notice 4", "legal_date": day},
    )
    last = w.record(
        "officer",
        legal_date=day,
        channel="reception",
        meeting_id=meeting["id"],
        petitioner_count=40,
        representatives=4,
    )
    read = w.get("officer", path).json()
    assert (read["visits"], read["citizens_received"], read["delegations"], read["refusals"]) == (
        2,
        52,
        2,
        1,
    )
    params = {"year": 2025, "basis": "calendar", "by": "kind", "after": last["position"]}
    (figures,) = w.get("leader", "/reports/reception", params=params).json()["figures"]
    assert figures["kind"] == "head_periodic"
    counts = {
        k: figures[k]
        for k in (
            "meetings",
            "visits",
            "persons",
            "new_matters",
            "repeated_matters",
            "delegations",
            "refusals",
            "refused_persons",
            "petitions",
        )
    }
    assert counts == {
        "meetings": 1,
        "visits": 2,
        "persons": 52,
        "new_matters": 1,
        "repeated_matters": 1,
        "delegations": 2,
        "refusals": 1,
        "refused_persons": 2,
        "petitions": 1,
    }
