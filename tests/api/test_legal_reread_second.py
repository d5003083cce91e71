"""The second legal re-read through the HTTP API (DOMAIN.md, settlement-results form)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.act import Act
from domain.application import Petitions
from domain.issued_report import ReportIssue
from ops import reproduce
from ops.settings import Settings
from ops.verify import verify
from projections.forms.definitions import FORMS_V1
from projections.forms.projection import FormsProjection
from projections.statistics.projection import StatisticsProjection
from tests.api.conftest import World, days_ago, make_world
from tests.api.test_the_law import APPEAL, decided


def second_instance(
    w: World, first: str, appealed: int = 20, classified: int = 19, accepted: int = 18
) -> str:
    """The province accepts the complaint filed against `first`'s decision (days ago)."""
    sid = w.ok(
        "province-officer",
        f"/cases/{first}/appeals",
        {**APPEAL, "legal_date": days_ago(appealed)},
    )["id"]
    classification = {
        "kind": "complaint",
        "field": "land",
        "competent_agency_id": str(w.province),
        "legal_date": days_ago(classified),
    }
    w.ok("province-officer", f"/cases/{sid}/classification", classification)
    w.ok("province-officer", f"/cases/{sid}/acceptance", {"legal_date": days_ago(accepted)})
    return str(sid)


def accepted_complaint(w: World, received: int, known: int, classified: int, accepted: int) -> str:
    """A complaint against a decision known `known` days ago, accepted by the commune
    (each argument: days ago)."""
    cid = w.record(legal_date=days_ago(received))["id"]
    classification = {
        "kind": "complaint",
        "field": "land",
        "competent_agency_id": str(w.commune),
        "decision_known_on": days_ago(known),
        "legal_date": days_ago(classified),
    }
    w.ok("officer", f"/cases/{cid}/classification", classification)
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(accepted)})
    return str(cid)


def decided_annulling(w: World) -> str:
    """A complaint the commune found right 40 days ago, annulling the contested decision."""
    cid = accepted_complaint(w, received=50, known=60, classified=50, accepted=49)
    conclusion = {
        "outcome": "right",
        "decision_ref": "12/QĐ",
        "effect_on_contested": "annulled",
        "legal_date": days_ago(40),
    }
    w.ok("officer", f"/cases/{cid}/conclusion", conclusion)
    notice = {"method": "registered post", "legal_date": days_ago(30)}
    w.ok("officer", f"/cases/{cid}/notification", notice)
    return str(cid)


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
    first = decided_annulling(w)
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


def test_a_second_decision_annulling_what_the_first_upheld_does_not_recognise_it(
    world: World,
) -> None:
    """The commune found the complaint wrong and upheld the contested decision; the province
    annuls the contested decision, so it cannot recognise the commune's decision (422):
    it annuls or amends it, and row 14 counts it."""
    w = world
    first = decided(w, "officer", decided_ago=40, notified_ago=30)
    sid = second_instance(w, first)
    conclusion = {
        "outcome": "right",
        "decision_ref": "10/QĐ-UBND",
        "effect_on_contested": "annulled",
        "effect_on_first": "upheld",
        "legal_date": days_ago(5),
    }
    refused = w.post("province-officer", f"/cases/{sid}/conclusion", conclusion)
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"].startswith("effect_on_first: a decision recognising")
    w.ok(
        "province-officer",
        f"/cases/{sid}/conclusion",
        {**conclusion, "effect_on_first": "annulled"},
    )


def test_an_effect_on_the_first_decision_is_refused_on_a_first_instance(world: World) -> None:
    w = world
    cid = accepted_complaint(w, received=30, known=40, classified=29, accepted=28)
    conclusion = {
        "outcome": "wrong",
        "decision_ref": "1/QĐ",
        "effect_on_contested": "upheld",
        "effect_on_first": "upheld",
        "legal_date": days_ago(20),
    }
    refused = w.post("officer", f"/cases/{cid}/conclusion", conclusion)
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"].startswith("effect_on_first: only a second-instance")


def silent_first(w: World) -> str:
    """A complaint the commune accepted 50 days ago and never decided (due 20 days ago)."""
    return accepted_complaint(w, received=55, known=60, classified=54, accepted=50)


def test_a_second_instance_on_the_first_instances_silence_records_no_effect_on_the_first(
    world: World,
) -> None:
    """Law on Complaints art. 33: the complainant went on to the province because the commune
    never decided; there is no first-instance decision to recognise, annul or amend, so the
    province's decision is refused one (422), and recorded without it."""
    w = world
    first = silent_first(w)
    sid = second_instance(w, first, appealed=15, classified=15, accepted=14)
    conclusion = {
        "outcome": "right",
        "decision_ref": "11/QĐ-UBND",
        "effect_on_contested": "annulled",
        "effect_on_first": "annulled",
        "legal_date": days_ago(5),
    }
    refused = w.post("province-officer", f"/cases/{sid}/conclusion", conclusion)
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"].startswith("effect_on_first: there is no first-instance")
    vietnamese = w.post(
        "province-officer",
        f"/cases/{sid}/conclusion",
        conclusion,
        headers={"Accept-Language": "vi"},
    )
    assert vietnamese.json()["detail"].startswith("effect_on_first: không có quyết định")
    del conclusion["effect_on_first"]
    w.ok("province-officer", f"/cases/{sid}/conclusion", conclusion)


def test_an_unknown_effect_on_the_first_is_a_422_naming_the_field(world: World) -> None:
    w = world
    cid = w.record()["id"]
    conclusion = {
        "outcome": "right",
        "decision_ref": "1/QĐ",
        "effect_on_contested": "annulled",
        "effect_on_first": "quashed",
        "legal_date": days_ago(20),
    }
    refused = w.post("officer", f"/cases/{cid}/conclusion", conclusion)
    assert refused.status_code == 422, refused.text
    assert "effect_on_first" in [e["field"] for e in refused.json()["errors"]], refused.text


def test_a_settlement_form_issued_under_v1_reproduces_under_v1_beside_one_under_v2(
    live_world: World, store_settings: Settings
) -> None:
    """A second decision annulling the contested decision and recognising the first: row 14
    counts it under docs/forms.md/v1 (the contested effect), not under v2 (the first's).
    A form issued under each reproduces exactly, with `reproduce-report`'s check."""
    w = live_world
    first = decided_annulling(w)
    sid = second_instance(w, first)
    conclusion = {
        "outcome": "right",
        "decision_ref": "10/QĐ-UBND",
        "effect_on_contested": "annulled",
        "effect_on_first": "upheld",
        "legal_date": days_ago(5),
    }
    position = w.ok("province-officer", f"/cases/{sid}/conclusion", conclusion)["position"]
    settlement_rows(w, position)  # the forms view has caught up
    issue = {
        "report": "settlement",
        "year": statistical_year(days_ago(5)),
        "agency_id": str(w.province),
        "legal_date": days_ago(0),
        "reason": "annual",
    }
    v2_id = UUID(w.ok("leader", "/reports/issued", issue)["id"])
    v1_id = _issued_under_v1(store_settings, v2_id)
    assert reproduce.reproduce(store_settings, v2_id) == []
    assert reproduce.reproduce(store_settings, v1_id) == []
    for projection in (StatisticsProjection, FormsProjection):  # live = rebuilt from zero
        assert verify(store_settings, projection) == [], projection.name
    for report_id, codes in ((v1_id, {"14"}), (v2_id, {"14", "14a"})):
        printed = w.get("auditor", f"/reports/issued/{report_id}/forms/settlement.xlsx")
        assert printed.status_code == 200, printed.text
        body = w.get("leader", f"/reports/issued/{report_id}/forms/settlement").json()
        assert {r["code"] for r in body["tables"][0]["rows"]} & {"14", "14a"} == codes


def _issued_under_v1(settings: Settings, v2_id: UUID) -> UUID:
    """The v2 form as v1 defined it (row 14 by the contested effect, no 14a), issued."""
    app = Petitions(settings.eventsourcing_env())
    try:
        v2 = app.get_issued_report(v2_id)
        (table,) = v2.figures["tables"]
        column = table["columns"].index("complaint, second instance")
        rows = []
        for r in table["rows"]:
            if r["code"] == "14a":
                assert r["values"][column] == 1
                continue
            if r["code"] == "14":
                assert r["values"][column] == 0
                values = list(r["values"])
                values[column] = values[table["columns"].index("total")] = 1
                formula = "second-instance complaint decisions with effect annulled or amended"
                r = {**r, "values": values, "formula": formula}  # noqa: PLW2901
            rows.append(r)
        figures = {**v2.figures, "tables": [{**table, "rows": rows}]}
        issue = ReportIssue(
            v2.report, v2.period_start, v2.period_end, v2.period_label, v2.agency_id,
            FORMS_V1, v2.as_of, v2.position, figures,
        )  # fmt: skip
        act = Act("leader-1", v2.actor_agency_id, v2.as_of, "issued before v2", "test")
        return app.issue_report(issue, act).id
    finally:
        app.close()


def test_a_kind_the_configured_books_do_not_suspend_is_refused_with_422(
    sqlite_settings: Settings,
) -> None:
    """LIMIT_SUSPENDED_KINDS=denunciation: a recommendation's suspension is a rule refused
    (422, translated), not a server error; the rule book's configured version is named."""
    settings = sqlite_settings.model_copy(update={"limit_suspended_kinds": "denunciation"})
    for w in make_world(settings):
        cid = w.record(legal_date=days_ago(30))["id"]
        body = {"kind": "recommendation", "field": "land", "competent_agency_id": str(w.commune)}
        w.ok("officer", f"/cases/{cid}/classification", {**body, "legal_date": days_ago(29)})
        w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(28)})
        suspension = {"reason": "awaiting an expert", "legal_date": days_ago(20)}
        refused = w.post("officer", f"/cases/{cid}/suspension", suspension)
        assert refused.status_code == 422, refused.text
        assert "+cfg-" in refused.json()["detail"]
        vietnamese = w.post(
            "officer", f"/cases/{cid}/suspension", suspension, headers={"Accept-Language": "vi"}
        )
        assert "không được tạm đình chỉ" in vietnamese.json()["detail"], vietnamese.text
