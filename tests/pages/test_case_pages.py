"""The case page, its twins, the officer's forms, the work queue and public tracking."""

from __future__ import annotations

import csv
import io
import re

from api.ratelimit import RateLimiter
from tests.api.conftest import World, days_ago
from tests.pages.conftest import browser_for, caught_up


def in_settlement(w: World, days: int = 50) -> dict[str, object]:
    case = w.record(legal_date=days_ago(days))
    w.ok(
        "officer",
        f"/cases/{case['id']}/classification",
        {
            "kind": "denunciation",
            "field": "đất đai",
            "competent_agency_id": str(w.commune),
            "legal_date": days_ago(days),
        },
    )
    return w.ok(
        "officer",
        f"/cases/{case['id']}/acceptance",
        {"legal_date": days_ago(days - 1), "reason": "Đủ điều kiện"},
    )


def test_the_case_page_shows_each_act_by_the_actors_name_post_and_agency(world: World) -> None:
    w = world
    w.ok(
        "admin",
        f"/users/{w.user_ids['officer']}/profile",
        {"display_name": "Phạm Minh Đức", "post": "Thanh tra viên"},
    )
    case = in_settlement(w)
    page = browser_for(w, "board").get(f"/case/{case['id']}")
    timeline = page.text.split('id="timeline"')[1]
    assert timeline.count("Phạm Minh Đức") == 3
    assert "Thanh tra viên" in timeline
    assert "UBND xã X1" in timeline
    assert "Đủ điều kiện" in timeline
    assert "/act/" not in page.text  # an inspection board reads; it does not act


def test_the_json_and_csv_twins_carry_the_apis_case_and_history(world: World) -> None:
    w = world
    case = in_settlement(w)
    client = browser_for(w, "leader")
    twin = client.get(f"/case/{case['id']}.json").json()
    assert twin["case"] == w.case("leader", case["id"])
    assert twin["history"] == w.get("leader", f"/cases/{case['id']}/history").json()
    rows = list(
        csv.DictReader(io.StringIO(client.get(f"/case/{case['id']}.csv").text.lstrip("\ufeff")))
    )
    assert [r["event"] for r in rows] == ["Received", "Classified", "Accepted"]
    assert rows[0]["actor_name"] == "officer"


def test_a_bad_form_shows_the_apis_field_errors_next_to_the_fields(sqlite_world: World) -> None:
    w = sqlite_world
    case = in_settlement(w)
    client = browser_for(w, "officer")
    response = client.post(
        f"/case/{case['id']}/act/conclude",
        data={
            "csrf_token": client.cookies["petitions_csrf"],
            "legal_date": "yesterday",
            "outcome": "true",
        },
    )
    assert response.status_code == 422
    errors = dict(
        re.findall(
            r'id="conclude-(\w+)-error"><span aria-hidden="true">✗ </span>([^<]+)<', response.text
        )
    )
    api = w.post(
        "officer",
        f"/cases/{case['id']}/conclusion",
        {"legal_date": "yesterday", "outcome": "true"},
        headers={"Accept-Language": "vi"},
    )
    assert errors == {e["field"]: e["reason"] for e in api.json()["errors"]}


def test_a_form_runs_the_same_command_as_the_api(sqlite_world: World) -> None:
    w = sqlite_world
    case = in_settlement(w)
    client = browser_for(w, "officer")
    response = client.post(
        f"/case/{case['id']}/act/conclude",
        data={
            "csrf_token": client.cookies["petitions_csrf"],
            "legal_date": days_ago(2),
            "outcome": "partly_true",
            "decision_ref": "12/KL-UBND",
            "expected_version": "3",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    concluded = w.case("officer", case["id"])
    assert (concluded["status"], concluded["outcome"]) == ("concluded", "partly_true")


def test_a_form_sent_against_an_older_version_shows_the_case_as_it_is(sqlite_world: World) -> None:
    w = sqlite_world
    case = in_settlement(w)
    client = browser_for(w, "officer")
    response = client.post(
        f"/case/{case['id']}/act/verify",
        data={
            "csrf_token": client.cookies["petitions_csrf"],
            "legal_date": days_ago(2),
            "step": "Làm việc",
            "expected_version": "1",
        },
    )
    assert response.status_code == 409
    assert 'role="alert"' in response.text


def test_a_case_of_another_agency_is_a_404_page(sqlite_world: World) -> None:
    w = sqlite_world
    case = w.record()
    response = browser_for(w, "other-officer").get(f"/case/{case['id']}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


def test_the_work_queue_puts_overdue_cases_first_then_orders_by_due_date(live_world: World) -> None:
    w = live_world
    fresh = w.record(legal_date=days_ago(1))
    overdue = in_settlement(w, days=80)
    other = w.record("other-officer")
    caught_up(w, other["position"])
    queue = browser_for(w, "officer").get("/queue.json").json()
    ids = [i["case_id"] for i in queue["items"]]
    assert ids == [overdue["id"], fresh["id"]]
    assert [i["overdue"] for i in queue["items"]] == [True, False]
    kinds = browser_for(w, "leader").get("/queue.json", params={"kind": "denunciation"}).json()
    assert [i["case_id"] for i in kinds["items"]] == [overdue["id"]]
    page = browser_for(w, "officer").get("/queue")
    assert page.text.index(str(overdue["id"])) < page.text.index(str(fresh["id"]))
    assert "⚠" in page.text


def test_the_public_page_shows_status_and_dates_but_no_personal_data(sqlite_world: World) -> None:
    w = sqlite_world
    case = w.record(summary="Bí mật nội bộ về thửa đất số 12")
    code = w.case("officer", case["id"])["reference_code"]
    page = browser_for(w).get("/track", params={"code": code.lower()})
    assert page.status_code == 200
    assert code in page.text
    for private in ("Trần Thị B", "Bí mật nội bộ", "Thôn 3", "officer"):
        assert private not in page.text
    assert browser_for(w).get("/track.json", params={"code": code}).json()["reference_code"] == code


def test_the_public_page_uses_the_apis_rate_limiter(sqlite_world: World) -> None:
    w = sqlite_world
    w.client.app.state.public_limiter = RateLimiter(limit=2, window=60.0)
    client = browser_for(w)
    statuses = [
        client.get("/track", params={"code": "PA-2025-AAAA-BBBB-CC"}).status_code for _ in range(3)
    ]
    assert statuses == [404, 404, 429]
    assert w.client.get("/public/cases/PA-2025-AAAA-BBBB-CC").status_code == 429


def test_the_api_docs_load_their_scripts_from_the_app(sqlite_world: World) -> None:
    client = sqlite_world.client
    for path in ("/docs", "/redoc"):
        html = client.get(path).text
        sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
        assert sources
        assert all(s.startswith("/static/docs/") for s in sources)
        assert all(client.get(s).status_code == 200 for s in sources)
        assert "fonts.googleapis" not in html


def test_the_assign_form_offers_the_agencys_officers_by_name_from_the_users_directory(
    live_world: World,
) -> None:
    w = live_world
    described = w.ok(
        "admin",
        f"/users/{w.user_ids['officer2']}/profile",
        {"display_name": "Lê Thị Hoa", "post": "Thanh tra viên"},
    )
    fresh = w.record()
    case = in_settlement(w)
    client = browser_for(w, "officer")
    stores = w.client.app.state.stores
    assert stores.views.wait_for(case["position"], 5.0)
    assert stores.users.wait_for(described["position"], 5.0)
    page = client.get(f"/case/{fresh['id']}")
    assert "UBND xã X2 (X2)" in page.text  # agencies are offered by name in the forms
    form = client.get(f"/case/{case['id']}").text.split('action="/case/')[1:]
    assign = next(f for f in form if "/act/assign" in f.split('"')[0])
    officer2 = str(w.user_ids["officer2"])
    assert f'<option value="{officer2}">Lê Thị Hoa (Thanh tra viên)</option>' in assign
    assert str(w.user_ids["other-officer"]) not in assign  # another agency's officer
    assert str(w.user_ids["leader"]) not in assign  # not an officer
    response = client.post(
        f"/case/{case['id']}/act/assign",
        data={
            "csrf_token": client.cookies["petitions_csrf"],
            "legal_date": days_ago(1),
            "officer_id": officer2,
        },
    )
    assert response.status_code == 200
    assert w.case("officer", case["id"])["officer_id"] == officer2
    refused = client.post(
        f"/case/{case['id']}/act/assign",
        data={
            "csrf_token": client.cookies["petitions_csrf"],
            "legal_date": days_ago(1),
            "officer_id": str(w.user_ids["leader"]),
        },
    )
    assert refused.status_code == 422
    assert 'id="assign-officer_id-error"' in refused.text


def test_a_form_sent_again_after_its_answer_was_lost_is_the_same_act(sqlite_world: World) -> None:
    # The browser resends the very form (the answer to the first send was lost): the act
    # is recorded once and the resend is answered as done, not as a conflict.
    w = sqlite_world
    case = in_settlement(w)
    client = browser_for(w, "officer")
    page = client.get(f"/case/{case['id']}")
    forms = page.text.split('action="/case/')[1:]
    form = next(f for f in forms if "/act/verify" in f.split('"')[0])
    hidden = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form))
    assert hidden.keys() >= {"csrf_token", "expected_version", "command_key"}
    data = {**hidden, "legal_date": days_ago(2), "step": "Làm việc với hộ dân"}
    sends = [client.post(f"/case/{case['id']}/act/verify", data=data, follow_redirects=False)]
    sends.append(client.post(f"/case/{case['id']}/act/verify", data=data, follow_redirects=False))
    assert [s.status_code for s in sends] == [303, 303], sends[1].text
    history = w.get("auditor", f"/cases/{case['id']}/history").json()
    steps = [e for e in history["events"] if e["fields"].get("step") == "Làm việc với hộ dân"]
    assert len(steps) == 1
    # Another act from the same page's version is still refused as a change in between.
    other = {**data, "step": "Một bước khác"}
    stale = client.post(f"/case/{case['id']}/act/verify", data=other)
    assert stale.status_code == 409


def test_a_form_is_refused_to_whom_the_api_refuses_the_command(sqlite_world: World) -> None:
    w = sqlite_world
    case = w.record()
    classify = {
        "kind": "denunciation",
        "field": "đất đai",
        "competent_agency_id": str(w.commune),
        "legal_date": days_ago(29),
    }
    # Each may read the case page; none may act on it: not an officer, or not its agency's.
    for user in ("leader", "board", "auditor", "province-officer"):
        api = w.post(user, f"/cases/{case['id']}/classification", classify)
        assert api.status_code in {403, 404}, (user, api.text)
        client = browser_for(w, user)
        form = {**classify, "csrf_token": client.cookies["petitions_csrf"]}
        page = client.post(f"/case/{case['id']}/act/classify", data=form, follow_redirects=False)
        assert page.status_code == api.status_code, (user, page.status_code)
    history = w.get("auditor", f"/cases/{case['id']}/history").json()["events"]
    assert [e["event"] for e in history] == ["Received"]
