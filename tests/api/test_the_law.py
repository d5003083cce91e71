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
        {"to_agency_id": str(w.commune), "legal_date": days_ago(5)},
    )
    # Until the commune records the day it received it, its clock has not started.
    waiting = w.case("officer", cid)
    assert (waiting["handling_due_date"], waiting["deadlines"]) == (None, [])
    w.ok("officer", f"/cases/{cid}/referral-receipt", {"legal_date": days_ago(3)})
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
    # Thirty days passed without a conclusion. The commune itself is no superior of
    # its case: a broken rule, refused with 422 (Law on Denunciations art. 37); another
    # commune, out of scope, is answered 404 and learns nothing of the case.
    further_body = {"channel": "post", "summary": "x", "legal_date": days_ago(1)}
    refused = w.post("officer", f"/cases/{cid}/further-denunciations", further_body)
    assert refused.status_code == 422, refused.text
    assert "superior" in refused.json()["detail"]
    elsewhere = w.post("other-officer", f"/cases/{cid}/further-denunciations", further_body)
    assert elsewhere.status_code == 404, elsewhere.text
    # The denouncer goes to the province, whose new case answers its receipt's code.
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
    assert further["reference_code"] == details["reference_code"]


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


def decided(w: World, user: str, decided_ago: int, notified_ago: int, field: str = "land") -> str:
    """A complaint the user's agency decided `decided_ago` days ago and notified later."""
    cid = w.record(user, legal_date=days_ago(decided_ago + 10))["id"]
    agency = w.user_agency(user)
    w.ok(
        user,
        f"/cases/{cid}/classification",
        {
            "kind": "complaint",
            "field": field,
            "competent_agency_id": str(agency),
            "decision_known_on": days_ago(decided_ago + 20),
            "legal_date": days_ago(decided_ago + 10),
        },
    )
    w.ok(user, f"/cases/{cid}/acceptance", {"legal_date": days_ago(decided_ago + 9)})
    conclusion = {
        "outcome": "wrong",
        "decision_ref": "12/QĐ",
        "effect_on_contested": "upheld",
        "legal_date": days_ago(decided_ago),
    }
    w.ok(user, f"/cases/{cid}/conclusion", conclusion)
    w.ok(
        user,
        f"/cases/{cid}/notification",
        {"method": "registered post", "legal_date": days_ago(notified_ago)},
    )
    return cid


AUG = {"legal_date": "2025-08-01"}
APPEAL = {"channel": "post", "summary": "Khiếu nại lần hai", "petitioner": {"full_name": "B"}}


def test_a_second_instance_is_filed_within_30_days_of_the_notified_receipt(world: World) -> None:
    """Law on Complaints art. 33: 30 days from receiving the first decision, not from its date.

    Decided 40 days ago, received by the complainant 25 days ago: in time.
    """
    w = world
    first = decided(w, "officer", decided_ago=40, notified_ago=25)
    appeal = w.ok(
        "province-officer", f"/cases/{first}/appeals", {**APPEAL, "legal_date": days_ago(1)}
    )
    second = appeal["id"]
    w.ok(
        "province-officer",
        f"/cases/{second}/classification",
        {
            "kind": "complaint",
            "field": "đất đai",
            "competent_agency_id": str(w.province),
            "legal_date": days_ago(1),
        },
    )
    w.ok("province-officer", f"/cases/{second}/acceptance", {"legal_date": days_ago(0)})
    received = w.get("province-officer", f"/cases/{second}/history").json()["events"][0]
    assert (
        received["fields"]["second_instance_basis"],
        received["fields"]["first_decision_on"],
    ) == (
        "notified",
        days_ago(25),
    )
    assert received["fields"]["competence_rule"].startswith("VN-2025.2: ")
    assert w.case("province-officer", second)["status"] == "in_progress"


def test_a_provincial_chairmans_decision_goes_to_the_ministry_of_its_field(world: World) -> None:
    """Law on Complaints art. 23(3): the minister managing the field, who is no ancestor of
    the province; "đất đai" is the land field, managed by the Ministry of Agriculture and
    Environment since 1 March 2025 (Resolution 176/2025/QH15)."""
    w = world
    ministry = w.ok(
        "admin",
        "/agencies",
        {
            "name": "Bộ Nông nghiệp và Môi trường",
            "code": "BNNMT",
            "level": "central",
            "kind": "ministry",
            "legal_date": "2025-08-01",
        },
    )["id"]
    w.add_user("ministry-officer", "officer", ministry)
    first = decided(w, "province-officer", decided_ago=20, notified_ago=18, field="đất đai")
    body = {**APPEAL, "legal_date": days_ago(2)}
    refused = w.post("province-officer", f"/cases/{first}/appeals", body)
    assert refused.status_code == 422, refused.text
    assert "ministry" in refused.json()["detail"]
    appeal = w.ok("ministry-officer", f"/cases/{first}/appeals", body)
    second = w.case("ministry-officer", appeal["id"])
    assert (second["receiving_agency_id"], second["instance"]) == (ministry, 2)


def test_a_compensating_saturday_counts_as_a_working_day_through_the_api(world: World) -> None:
    """Government decision: Saturday 26 April 2025 worked for Friday 2 May off.

    10 working days from Monday 21 April: 22-25, Sat 26, 28, 29 (30 April-2 May off), 5-7 May.
    """
    w = world
    cid = w.record(legal_date="2025-04-21")["id"]
    details = w.case("officer", cid)
    assert details["handling_due_date"] == "2025-05-07"
    history = w.get("officer", f"/cases/{cid}/history").json()["events"]
    assert history[0]["fields"]["calendar_version"].startswith("holidays ")


def test_the_case_list_says_whether_each_due_date_is_confirmed(live_world: World) -> None:
    """DOMAIN.md point 10: a recommendation's 30 days and any intake's 10 working days are
    defaults, a complaint's 30 days are law (Law on Complaints art. 28)."""
    w = live_world
    recommendation = classified(w, "officer", w.commune, kind="recommendation")
    w.ok("officer", f"/cases/{recommendation}/acceptance", {"legal_date": days_ago(28)})
    complaint = classified(w, "officer", w.commune)
    last = w.ok("officer", f"/cases/{complaint}/acceptance", {"legal_date": days_ago(28)})
    page = w.get("officer", "/cases", params={"after": last["position"]}).json()
    flags = {
        i["case_id"]: (i["handling_due_date_confirmed"], i["due_date_confirmed"])
        for i in page["items"]
    }
    assert flags == {recommendation: (False, False), complaint: (False, True)}


def test_a_part_split_off_answers_its_reference_code(world: World) -> None:
    """Circular 05/2021/TT-TTCP: each content of a mixed petition follows its procedure;
    the part is a case of its own, with a receipt."""
    w = world
    cid = classified(w, "officer", w.commune, kind="recommendation")
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(28)})
    part = w.ok(
        "officer",
        f"/cases/{cid}/parts",
        {
            "kind": "denunciation",
            "summary": "a bribe",
            "reason": "mixed",
            "legal_date": days_ago(2),
        },
    )
    assert part["reference_code"] == w.case("officer", part["id"])["reference_code"]


def test_the_minister_of_the_field_re_examines_a_provincial_decision(world: World) -> None:
    """Law on Complaints art. 23; Decree 124/2020/ND-CP (verify): a competence book names
    the minister, who is no ancestor of the province; a commune is refused."""
    w = world
    ministry = w.ok(
        "admin",
        "/agencies",
        {"name": "Bộ NN&MT", "code": "BNNMT", "level": "central", "kind": "ministry", **AUG},
    )["id"]
    w.add_user("ministry-officer", "officer", ministry)
    first = decided(w, "province-officer", decided_ago=20, notified_ago=18, field="đất đai")
    body = {"grounds": "new_evidence", "reason": "a new survey", "legal_date": days_ago(1)}
    # A commune elsewhere neither reads the case nor may re-examine it: 404, as for no case.
    refused = w.post("other-officer", f"/cases/{first}/reexamination", body)
    assert refused.status_code == 404, refused.text
    w.ok("ministry-officer", f"/cases/{first}/reexamination", body)
    history = w.get("ministry-officer", f"/cases/{first}/history")
    assert history.status_code == 200  # the ministry now holds the case
    reopened = history.json()["events"][-1]
    assert reopened["fields"]["competence_rule"].startswith("reexamination/VN-2020.1: ")
