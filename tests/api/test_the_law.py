"""Issue 8 through the HTTP API: the steps the law adds and refuses, and honest due dates."""

from __future__ import annotations

from datetime import date

from domain.calendar import DayType, WorkingCalendar
from tests.api.conftest import World, days_ago

CALENDAR = WorkingCalendar()


def classified(
    w: World, user: str, competent: object, kind: str = "complaint", received_ago: int = 30
) -> str:
    cid = w.record(user, legal_date=days_ago(received_ago))["id"]
    w.ok(
        user,
        f"/cases/{cid}/classification",
        {
            "kind": kind,
            "field": "land",
            "competent_agency_id": str(competent),
            "decision_known_on": days_ago(40) if kind == "complaint" else None,
            "legal_date": days_ago(received_ago - 1),
        },
    )
    return cid


def test_a_referred_petition_runs_on_the_competent_agencys_clock(world: World) -> None:
    """Law on Complaints art. 27: the competent agency's 10 days run from its receipt."""
    w = world
    cid = classified(w, "province-officer", w.commune)
    w.ok(
        "province-officer",
        f"/cases/{cid}/referral",
        {"to_agency_id": str(w.commune), "legal_date": days_ago(3)},
    )
    details = w.case("officer", cid)
    expected = CALENDAR.add(date.fromisoformat(days_ago(3)), 10, DayType.CALENDAR)
    assert details["handling_due_date"] == expected.isoformat()
    # The complaint's intake limit is 10 days of a type the law leaves open: unconfirmed.
    assert details["handling_due_date_confirmed"] is False
    assert details["deadlines"] == [
        {
            "name": "intake",
            "due_date": expected.isoformat(),
            "confirmed": False,
            "done_on": None,
            "overdue": False,
        }
    ]


def test_only_a_higher_authority_reexamines_a_settled_case(world: World) -> None:
    """Law on Complaints arts. 18-25: re-examination above, on legal grounds, with a reason."""
    w = world
    cid = classified(w, "officer", w.commune)
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(28)})
    # A complaint found right cannot leave the contested decision upheld (art. 31(2)).
    refused = w.post(
        "officer",
        f"/cases/{cid}/conclusion",
        {
            "outcome": "right",
            "decision_ref": "45/QĐ",
            "effect_on_contested": "upheld",
            "legal_date": days_ago(10),
        },
    )
    assert refused.status_code == 422
    assert "right" in refused.json()["detail"]
    w.ok(
        "officer",
        f"/cases/{cid}/conclusion",
        {
            "outcome": "right",
            "decision_ref": "45/QĐ",
            "effect_on_contested": "annulled",
            "legal_date": days_ago(10),
        },
    )
    body = {"grounds": "violation_of_law", "reason": "misread the law", "legal_date": days_ago(2)}
    # The commune that settled it cannot re-open its own case at will.
    assert w.post("officer", f"/cases/{cid}/reexamination", body).status_code == 422
    # The province re-examines it; the case is now the province's, on an unconfirmed limit.
    w.ok("province-officer", f"/cases/{cid}/reexamination", body)
    details = w.case("province-officer", cid)
    assert (details["status"], details["handling_agency_id"]) == ("in_progress", str(w.province))
    assert details["due_date_confirmed"] is False
    history = w.get("board", f"/cases/{cid}/history").json()["events"]
    assert history[-1]["event"] == "Reopened"
    assert history[-1]["fields"]["grounds"] == "violation_of_law"
    assert history[-1]["fields"]["limit_confirmed"] is False


def test_an_overdue_denunciation_goes_further_to_the_superior(world: World) -> None:
    """Law on Denunciations arts. 29 and 37: acceptance notice; further denunciation."""
    w = world
    cid = classified(w, "officer", w.commune, kind="denunciation", received_ago=60)
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(58)})
    w.ok(
        "officer",
        f"/cases/{cid}/acceptance-notice",
        {"method": "registered post", "legal_date": days_ago(57)},
    )
    details = w.case("officer", cid)
    notice = next(d for d in details["deadlines"] if d["name"] == "acceptance_notice")
    assert (notice["done_on"], details["overdue"]) == (days_ago(57), True)
    # Thirty days passed without a conclusion: the denouncer goes to the province.
    further = w.ok(
        "province-officer",
        f"/cases/{cid}/further-denunciations",
        {
            "channel": "post",
            "summary": "Tố cáo tiếp",
            "legal_date": days_ago(1),
            "petitioner": {"full_name": "Trần Thị B"},
        },
    )
    details = w.case("province-officer", further["id"])
    assert details["handling_agency_id"] == str(w.province)
    # Another commune is no superior of the first: refused.
    refused = w.post(
        "other-officer",
        f"/cases/{cid}/further-denunciations",
        {"channel": "post", "summary": "x", "legal_date": days_ago(1)},
    )
    assert refused.status_code in {404, 409, 422}


def test_a_due_date_correction_that_changes_nothing_is_refused(world: World) -> None:
    """A correction exists for a day off declared late; without one it has nothing to do."""
    w = world
    cid = classified(w, "officer", w.commune)
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(28)})
    response = w.post(
        "officer",
        f"/cases/{cid}/due-date-correction",
        {"legal_date": days_ago(1), "reason": "no declaration"},
    )
    assert response.status_code == 422
    accepted = w.get("officer", f"/cases/{cid}/history").json()["events"][-1]
    assert accepted["fields"]["calendar_version"].startswith("holidays ")
    assert accepted["fields"]["limit_confirmed"] is True
