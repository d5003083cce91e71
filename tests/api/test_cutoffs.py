"""Issue 11 through HTTP: legal and knowledge cut-offs on the case view, its history and every
report; unknown query parameters refused; a leader issues a report that reads back unchanged."""

from __future__ import annotations

from datetime import date
from typing import Any

from projections.periods import statistical_year_of
from tests.api.conftest import World, days_ago, today


def _settled_case(w: World) -> tuple[str, int, int]:
    """A recommendation accepted 20 days ago and concluded 2 days ago: id and both positions."""
    cid = w.record("officer")["id"]
    w.ok(
        "officer",
        f"/cases/{cid}/classification",
        {
            "kind": "recommendation",
            "field": "roads",
            "competent_agency_id": str(w.commune),
            "legal_date": days_ago(25),
        },
    )
    accepted = w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(20)})
    concluded = w.ok(
        "officer",
        f"/cases/{cid}/conclusion",
        {"outcome": "accepted", "decision_ref": "7/TB", "legal_date": days_ago(2)},
    )
    return cid, accepted["position"], concluded["position"]


def _fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.text
    return [e["field"] for e in response.json()["errors"]]


def test_the_case_and_its_history_as_they_stood(live_world: World) -> None:
    w = live_world
    cid, accepted_at, concluded_at = _settled_case(w)
    now = w.get("officer", f"/cases/{cid}", params={"after": concluded_at}).json()
    assert now["status"] == "concluded"
    # Legal cut-off: ten days ago the case was being settled, not yet overdue.
    then = w.get("officer", f"/cases/{cid}", params={"as_of": days_ago(10)}).json()
    assert (then["status"], then["overdue"], then["concluded_on"]) == ("in_progress", False, None)
    assert then["due_date"] == now["due_date"]
    # Knowledge cut-off: at the acceptance's position the conclusion was not recorded.
    known = w.get("officer", f"/cases/{cid}", params={"known_at": accepted_at}).json()
    assert known["status"] == "in_progress"
    before = w.get("officer", f"/cases/{cid}", params={"as_of": days_ago(40)})
    assert before.status_code == 404  # not yet received then
    # The history stops at either cut-off.
    full = w.get("officer", f"/cases/{cid}/history").json()["events"]
    legal = w.get("officer", f"/cases/{cid}/history", params={"as_of": days_ago(10)}).json()
    recorded = w.get("officer", f"/cases/{cid}/history", params={"known_at": accepted_at}).json()
    assert [e["event"] for e in legal["events"]] == [e["event"] for e in full[:-1]]
    assert len(recorded["events"]) == len(full) - 1


def test_reports_answer_for_both_cut_offs_and_refuse_unknown_parameters(
    live_world: World,
) -> None:
    w = live_world
    cid, accepted_at, concluded_at = _settled_case(w)
    open_case = w.record("officer")["id"]
    w.ok(
        "officer",
        f"/cases/{open_case}/classification",
        {
            "kind": "reflection",
            "field": "roads",
            "competent_agency_id": str(w.commune),
            "legal_date": days_ago(3),
        },
    )
    last = w.ok("officer", f"/cases/{open_case}/acceptance", {"legal_date": days_ago(1)})
    year = statistical_year_of(today())
    base = {"year": year, "after": last["position"]}
    now = w.get("leader", "/reports/statistics", params=base).json()
    assert (now["total"]["accepted"], now["total"]["resolved"]) == (2, 1)
    # Overdue is judged today, not on the period's last day: the reflection is not due yet.
    assert now["total"]["overdue"] == 0
    assert now["cutoff"]["as_of"] <= today().isoformat()
    then = w.get("leader", "/reports/statistics", params={**base, "known_at": accepted_at}).json()
    assert (then["total"]["accepted"], then["total"]["resolved"]) == (1, 0)
    assert then["cutoff"]["known_at"] == accepted_at
    legal = w.get("leader", "/reports/statistics", params={**base, "as_of": days_ago(5)}).json()
    assert (legal["total"]["accepted"], legal["total"]["resolved"]) == (1, 0)
    for path in ("/reports/escalations", "/reports/reception"):
        response = w.get("leader", path, params={**base, "as_of": days_ago(5), "known_at": 1})
        assert response.status_code == 200, response.text
        assert response.json()["cutoff"]["known_at"] == 1
    deadlines = w.get(
        "officer",
        "/reports/deadlines",
        params={"as_of": days_ago(10), "within_days": 90, "after": last["position"]},
    ).json()
    assert [i["case_id"] for i in deadlines["due_soon"]] == [cid]
    # Ten days ago the reflection, received 30 days ago, was still in intake past its
    # handling limit: overdue then, by the same definition as the case view's.
    assert [(i["case_id"], i["stage"]) for i in deadlines["overdue"]] == [(open_case, "intake")]
    flag = w.get("officer", f"/cases/{open_case}", params={"as_of": days_ago(10)}).json()
    assert flag["overdue"] is True

    # Unknown parameters are refused, not ignored; bad cut-offs too.
    assert _fields(w.get("leader", "/reports/statistics", params={"year": year, "on": "x"})) == [
        "on"
    ]
    assert _fields(w.get("officer", "/reports/deadlines", params={"kind": "complaint"})) == ["kind"]
    assert _fields(w.get("leader", "/reports/reception", params={"year": year, "zz": 1})) == ["zz"]
    assert _fields(w.get("leader", "/reports/escalations", params={"year": year, "q": 1})) == ["q"]
    assert _fields(w.get("officer", "/cases", params={"sort": "due"})) == ["sort"]
    assert _fields(w.get("officer", f"/cases/{cid}", params={"at": "1"})) == ["at"]
    assert _fields(w.get("officer", f"/cases/{cid}/history", params={"as": "1"})) == ["as"]
    assert _fields(w.get("leader", "/meetings", params={"year": year, "x": 1})) == ["x"]
    assert _fields(w.get("admin", "/users", params={"x": 1})) == ["x"]
    assert _fields(w.get("leader", "/agencies", params={"x": 1})) == ["x"]
    tomorrow = {"year": year, "as_of": "2999-01-01"}
    assert _fields(w.get("leader", "/reports/statistics", params=tomorrow)) == ["as_of"]
    assert _fields(w.get("leader", "/reports/statistics", params={"year": year, "known_at": "x"}))
    beyond = {"year": year, "known_at": 10**12}
    assert _fields(w.get("leader", "/reports/statistics", params=beyond)) == ["known_at"]
    del concluded_at


def test_a_leader_issues_a_report_that_reads_back_unchanged(live_world: World) -> None:
    w = live_world
    _cid, _accepted_at, concluded_at = _settled_case(w)
    year = statistical_year_of(today())
    body = {"year": year, "legal_date": today().isoformat(), "reason": "monthly report"}
    assert w.post("officer", "/reports/issued", body).status_code == 403
    w.get("leader", "/reports/statistics", params={"year": year, "after": concluded_at})
    created = w.post("leader", "/reports/issued", body)
    assert created.status_code == 201, created.text
    report_id = created.json()["id"]
    issued = w.get("leader", f"/reports/issued/{report_id}").json()
    assert issued["metric"] == "resolution_rate/v2"
    assert issued["figures"]["total"]["resolved"] == 1
    assert "docs/metrics.md" in issued["figures"]["metric"]["formula"]
    again = w.get(
        "leader",
        "/reports/statistics",
        params={"year": year, "as_of": issued["as_of"], "known_at": issued["position"]},
    ).json()
    assert again == issued["figures"]
    assert w.get("auditor", f"/reports/issued/{report_id}").status_code == 200
    assert w.get("leader", "/reports/issued/00000000-0000-0000-0000-000000000007").status_code == (
        404
    )
    correction = w.post("leader", "/reports/issued", {**body, "corrects": report_id})
    assert correction.status_code == 201, correction.text
    corrected = w.get("leader", f"/reports/issued/{correction.json()['id']}").json()
    assert corrected["corrects"] == report_id


def test_every_figure_lists_as_many_cases_as_it_counts_at_each_cut_off(
    live_world: World,
) -> None:
    w = live_world
    _cid, accepted_at, _concluded_at = _settled_case(w)
    unclassified = w.record("officer")
    year = statistical_year_of(today())
    after = {"after": unclassified["position"]}
    cut_offs: list[dict[str, Any]] = [{}, {"as_of": days_ago(10)}, {"known_at": accepted_at}]
    periods: list[dict[str, Any]] = [{"year": year}, {"year": year, "basis": "calendar"}]
    nonzero = set()
    for period in periods:
        for cut in cut_offs:
            params = {**period, **cut}
            report = w.get("leader", "/reports/statistics", params={**params, **after}).json()
            for figure, shown in report["total"].items():
                if not isinstance(shown, int) or figure in {"kind", "level"}:
                    continue
                listed = w.get(
                    "leader",
                    "/reports/statistics/cases",
                    params={**params, "figure": figure},
                ).json()
                assert listed["count"] == shown == len(listed["items"]), (figure, cut)
                if shown:
                    nonzero.add(figure)
            fields = w.get("leader", "/reports/fields", params=params).json()
            by_field = fields["petitions_by_field"]
            assert sum(by_field.values()) == report["total"]["petitions_received"], cut
    assert {"petitions_received", "accepted", "resolved", "still_open"} <= nonzero
    unsorted = w.get(
        "leader",
        "/reports/statistics/cases",
        params={"year": year, "figure": "petitions_received", "kind": ""},
    ).json()
    assert [i["case_id"] for i in unsorted["items"]] == [unclassified["id"]]


def test_the_case_view_at_a_cut_off_lists_the_duties_and_holder_of_that_day(
    live_world: World,
) -> None:
    """Every field of the case view answers for the cut-off, its dated duties included."""
    w = live_world
    cid = w.record("officer", legal_date=days_ago(60))["id"]
    classification = {
        "kind": "complaint",
        "field": "land",
        "competent_agency_id": str(w.commune),
        "decision_known_on": days_ago(70),
        "legal_date": days_ago(59),
    }
    w.ok("officer", f"/cases/{cid}/classification", classification)
    accepted = w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(58)})
    conclusion = {
        "outcome": "right",
        "effect_on_contested": "annulled",
        "decision_ref": "45/QĐ",
        "legal_date": days_ago(10),
    }
    w.ok("officer", f"/cases/{cid}/conclusion", conclusion)
    reexamination = {"grounds": "violation_of_law", "reason": "misread", "legal_date": days_ago(2)}
    last = w.ok("province-officer", f"/cases/{cid}/reexamination", reexamination)
    w.get("officer", f"/cases/{cid}", params={"after": last["position"]})

    def at(**cut: Any) -> dict[str, Any]:
        response = w.get("province-officer", f"/cases/{cid}", params=cut)
        assert response.status_code == 200, response.text
        return dict(response.json())

    # Before its conclusion the case was being settled, late: one settlement duty, overdue;
    # no publication or enforcement of a decision not yet made.
    for before in (at(as_of=days_ago(20)), at(known_at=accepted["position"])):
        assert before["overdue"] is True
        assert [(d["name"], d["done_on"], d["overdue"]) for d in before["deadlines"]] == [
            ("settlement", None, True)
        ]
        assert before["deadlines"][0]["due_date"] == before["due_date"]
    # Settled, not yet re-examined: the commune held it, nothing of the re-examination shows.
    settled = at(as_of=days_ago(5))
    assert (settled["status"], settled["overdue"]) == ("concluded", False)
    assert settled["handling_agency_id"] == str(w.commune)
    assert {d["name"] for d in settled["deadlines"]} == {"publication", "enforcement"}
    assert not any(d["overdue"] for d in settled["deadlines"])


def test_a_legal_cut_off_before_any_legal_date_is_refused_not_an_internal_error(
    world: World,
) -> None:
    """A cut-off at the start of the calendar (0001-01-01) once overflowed the date arithmetic."""
    w = world
    cid = w.record("officer")["id"]
    for user, path, params in (
        ("leader", "/reports/statistics", {"year": 2025}),
        ("leader", "/reports/escalations", {"year": 2025}),
        ("leader", "/reports/reception", {"year": 2025}),
        ("leader", "/reports/forms/letters", {"year": 2025}),
        ("leader", "/reports/forms/settlement.xlsx", {"year": 2025}),
        ("officer", "/reports/deadlines", {}),
        ("officer", "/cases", {}),
        ("officer", f"/cases/{cid}", {}),
    ):
        for day in ("0001-01-01", "0001-01-02"):
            assert _fields(w.get(user, path, params={**params, "as_of": day})) == ["as_of"], path
    issue = {"year": 2025, "as_of": "0001-01-01", "legal_date": days_ago(0), "reason": "x"}
    assert _fields(w.post("leader", "/reports/issued", issue)) == ["as_of"]


def test_a_correction_corrects_a_report_its_issuer_may_read_for_the_same_period_and_agency(
    world: World,
) -> None:
    """A correction restates the report it names: same period and agency, within the scope."""
    w = world
    w.add_user("commune-leader", "leader", w.commune)
    body = {"year": 2025, "quarter": 2, "legal_date": today().isoformat(), "reason": "Q2"}
    created = w.post("leader", "/reports/issued", body)
    assert created.status_code == 201, created.text
    first = created.json()["id"]
    # A commune leader cannot read the province's report, so cannot correct it either.
    assert w.get("commune-leader", f"/reports/issued/{first}").status_code == 404
    outside = w.post("commune-leader", "/reports/issued", {**body, "corrects": first})
    assert outside.status_code == 404, outside.text
    other_period = {**body, "quarter": 3, "corrects": first}
    assert _fields(w.post("leader", "/reports/issued", other_period)) == ["corrects"]
    other_agency = {**body, "agency_id": str(w.commune), "corrects": first}
    assert _fields(w.post("leader", "/reports/issued", other_agency)) == ["corrects"]
    # The same period and agency, under another metric definition, is a correction.
    metric = {**body, "metric": "resolution_rate/v1", "corrects": first}
    correction = w.post("leader", "/reports/issued", metric)
    assert correction.status_code == 201, correction.text
    read = w.get("leader", f"/reports/issued/{correction.json()['id']}").json()
    assert (read["corrects"], read["metric"]) == (first, "resolution_rate/v1")


def test_a_monthly_report_is_issued_for_its_month(world: World) -> None:
    """Reports are made for a month, a quarter and 3/6/9/12 months: each can be issued."""
    w = world
    body = {"year": 2025, "month": 1, "legal_date": today().isoformat(), "reason": "January"}
    created = w.post("leader", "/reports/issued", body)
    assert created.status_code == 201, created.text
    issued = w.get("leader", f"/reports/issued/{created.json()['id']}").json()
    assert issued["period"] == {"start": "2024-12-15", "end": "2025-01-14", "label": "SY2025 M01"}
    both = {**body, "quarter": 1}
    assert _fields(w.post("leader", "/reports/issued", both))


def test_a_reexamined_case_counts_at_the_reexamining_authority_from_its_reopening(
    live_world: World,
) -> None:
    """The commune keeps its settlement; the re-opened case, open and overdue, is the province's.

    The case list, the deadlines report (live and at a cut-off) and the statistics agree on
    whose overdue case it is, as the settlement form does (docs/forms.md, "Units").
    """
    w = live_world
    cid = w.record("officer", legal_date=days_ago(80))["id"]
    classification = {
        "kind": "complaint",
        "field": "land",
        "competent_agency_id": str(w.commune),
        "decision_known_on": days_ago(85),
        "legal_date": days_ago(79),
    }
    w.ok("officer", f"/cases/{cid}/classification", classification)
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(78)})
    conclusion = {
        "outcome": "right",
        "effect_on_contested": "annulled",
        "decision_ref": "1/QĐ",
        "legal_date": days_ago(70),
    }
    settled = w.ok("officer", f"/cases/{cid}/conclusion", conclusion)
    body = {"grounds": "violation_of_law", "reason": "misread", "legal_date": days_ago(65)}
    last = w.ok("province-officer", f"/cases/{cid}/reexamination", body)
    w.get("officer", "/cases", params={"after": last["position"]})
    commune = {"agency_id": str(w.commune)}
    on = today().isoformat()
    for cut in ({}, {"as_of": on}):
        mine = w.get("officer", "/reports/deadlines", params=cut).json()["overdue"]
        assert mine == [], cut
        theirs = w.get("province-officer", "/reports/deadlines", params=cut).json()["overdue"]
        assert [(i["case_id"], i["agency_id"]) for i in theirs] == [(cid, str(w.province))], cut
    for cut in ({"overdue_on": on}, {"overdue_on": on, "as_of": on}):
        listed = w.get("leader", "/cases", params={**commune, **cut}).json()["items"]
        assert listed == [], cut
    calendar = {"year": today().year, "basis": "calendar"}
    kept = {"year": statistical_year_of(date.fromisoformat(days_ago(70))), **commune}
    for known in ({}, {"known_at": settled["position"]}):
        at_commune = w.get("leader", "/reports/statistics", params={**kept, **known}).json()
        assert (at_commune["total"]["resolved"], at_commune["total"]["overdue"]) == (1, 0)
        assert [r["level"] for r in at_commune["rows"]] == ["commune"]
    at_commune = w.get("leader", "/reports/statistics", params={**calendar, **commune}).json()
    assert (at_commune["total"]["reopened"], at_commune["total"]["still_open"]) == (0, 0)
    everywhere = w.get("leader", "/reports/statistics", params=calendar).json()
    province_only = [r for r in everywhere["rows"] if r["level"] == "province"]
    assert [(r["reopened"], r["overdue"]) for r in province_only] == [(1, 1)]
