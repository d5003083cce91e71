"""The leaders' dashboard over a generated history: its figures are the reports' figures.

The demo province's generator writes three years of petitions into a fresh store
(SQLite and PostgreSQL); a leader reads the dashboard through the pages while the
same figures are asked of the API with a bearer token. Every figure links to a list
of as many cases as it counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.i18n import language
from api.main import create_app
from api.ratelimit import RateLimiter
from ops.demo.load import DemoProvince, load_demo
from ops.settings import Settings

TODAY = date(2026, 6, 30)
YEAR = 2025
LEADER = "chu.tich.tinh"
VI = language("vi")


class Demo:
    def __init__(self, client: TestClient, demo: DemoProvince) -> None:
        self.client = client
        self.passwords = {a.username: a.password for a in demo.accounts}

    def token(self, username: str) -> dict[str, str]:
        response = self.client.post(
            "/auth/token", data={"username": username, "password": self.passwords[username]}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def browser(self, username: str, **headers: str) -> TestClient:
        browser = TestClient(self.client.app, headers=headers)
        browser.get("/login")
        response = browser.post(
            "/login",
            data={
                "username": username,
                "password": self.passwords[username],
                "csrf_token": browser.cookies["petitions_csrf"],
            },
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        return browser

    def api(self, path: str, **params: Any) -> dict[str, Any]:
        response = self.client.get(path, params=params, headers=self.token(LEADER))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
def demo(store_settings: Settings, tmp_path: Path) -> Iterator[Demo]:
    passwords = tmp_path / "demo-passwords.txt"
    loaded = load_demo(store_settings, cases=250, today=TODAY, password_file=passwords)
    app = create_app(store_settings)
    app.state.login_limiter = RateLimiter(limit=1000, window=60.0)
    with TestClient(app) as client:
        yield Demo(client, loaded)


def figure(html: str, name: str) -> str:
    found = re.search(rf'id="figure-{name}"[^>]*>([^<]*)<', html)
    assert found, f"no figure {name}"
    return unescape(found.group(1)).strip()


def link(html: str, name: str) -> str:
    found = re.search(rf'<a id="figure-{name}" href="([^"]+)"', html)
    assert found, f"no link for {name}"
    return unescape(found.group(1))


def number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_the_dashboard_shows_the_statistics_apis_figures(demo: Demo) -> None:
    page = demo.browser(LEADER).get("/dashboard", params={"year": YEAR})
    assert page.status_code == 200, page.text
    html = page.text
    stats = demo.api("/reports/statistics", year=YEAR)
    assert figure(html, "rate") == VI.percent(stats["rate"])
    assert figure(html, "target") == VI.percent(stats["target"])
    for name in ("resolved", "accepted", "carried_over", "still_open", "petitions_received"):
        assert number(figure(html, name)) == stats["total"][name], name
    assert stats["total"]["resolved"] > 0
    escalations = demo.api("/reports/escalations", year=YEAR)
    assert number(figure(html, "escalated")) == escalations["escalated"]
    assert figure(html, "escalation-share") == VI.percent(escalations["share"])
    reception = demo.api("/reports/reception", year=YEAR)["figures"][0]
    assert number(figure(html, "meetings")) == reception["meetings"] > 0
    assert number(figure(html, "dialogues")) == reception["dialogues"]
    # each unit's rate is the API's rate for that agency, and units below say so in words
    units = re.findall(
        r'<tr data-agency="([^"]+)"( class="is-below")?>.*?class="unit-rate">([^<]*)<',
        html,
        re.DOTALL,
    )
    assert units
    for agency_id, below, rate in units:
        unit = demo.api("/reports/statistics", year=YEAR, agency_id=agency_id)
        assert rate == VI.percent(unit["rate"])
        assert bool(below) == (unit["rate"] is not None and unit["rate"] < unit["target"])
    assert "dưới chỉ tiêu" in html
    assert html.count("<svg") >= 4
    twin = demo.browser(LEADER).get("/dashboard.json", params={"year": YEAR}).json()
    assert twin["statistics"] == stats
    assert twin["escalations"]["escalated"] == escalations["escalated"]
    assert [u["agency_id"] for u in twin["units"]] == [a for a, _, _ in units]


def test_every_figure_links_to_as_many_cases_as_it_counts(demo: Demo) -> None:
    browser = demo.browser(LEADER)
    html = browser.get("/dashboard", params={"year": YEAR}).text
    names = ("resolved", "accepted", "carried_over", "still_open", "petitions_received")
    for name in (*names, "escalated", "overdue", "due_soon"):
        listed = browser.get(link(html, name))
        assert listed.status_code == 200, (name, listed.text)
        count = int(re.search(r'data-count="(\d+)"', listed.text).group(1))  # type: ignore[union-attr]
        assert count == number(figure(html, name)), name
        rows = listed.text.count('<th scope="row"><a href="/case/')
        assert rows == count, name
    # every number on the page that links to a list: units, years, kinds, fields
    numbers = re.findall(r'<a (?:[^>]*)href="(/dashboard/cases\?[^"]+)">([\d.]+)</a>', html)
    assert len(numbers) > 30
    assert any("field=" in href for href, _ in numbers)
    for href, shown in numbers:
        listed = browser.get(unescape(href)).text
        assert listed.count('<th scope="row"><a href="/case/') == number(shown), href
    stats = demo.api("/reports/statistics/cases", year=YEAR, figure="resolved")
    assert stats["count"] == len(stats["items"]) == number(figure(html, "resolved"))
    assert all(i["concluded_on"] for i in stats["items"])
    first = demo.api("/reports/statistics/cases", year=YEAR, figure="resolved", limit=3)
    assert first["count"] == stats["count"]
    assert first["items"] == stats["items"][:3]


def test_a_kind_and_a_quarter_narrow_the_figures_as_the_api_does(demo: Demo) -> None:
    browser = demo.browser(LEADER)
    html = browser.get("/dashboard", params={"year": YEAR, "kind": "complaint", "quarter": 2}).text
    stats = demo.api("/reports/statistics", year=YEAR, quarter=2)
    complaints = [r for r in stats["rows"] if r["kind"] == "complaint"]
    for name in ("resolved", "accepted", "petitions_received"):
        assert number(figure(html, name)) == sum(r[name] for r in complaints), name
    listed = browser.get(link(html, "petitions_received")).text
    assert listed.count('<th scope="row"><a href="/case/') == number(
        figure(html, "petitions_received")
    )
    fields = demo.api("/reports/fields", year=YEAR, quarter=2, kind="complaint")
    assert sum(fields["petitions_by_field"].values()) == number(figure(html, "petitions_received"))
    calendar = browser.get("/dashboard", params={"year": YEAR, "basis": "calendar"}).text
    api = demo.api("/reports/statistics", year=YEAR, basis="calendar")
    assert number(figure(calendar, "resolved")) == api["total"]["resolved"]
    other = browser.get(
        "/dashboard", params={"year": YEAR, "metric": "resolution_rate_new_cases/v1"}
    ).text
    new_only = demo.api("/reports/statistics", year=YEAR, metric="resolution_rate_new_cases/v1")
    assert figure(other, "rate") == VI.percent(new_only["rate"])


def test_the_dashboard_reads_in_each_language_and_only_for_report_readers(demo: Demo) -> None:
    for code, title in (("vi", "Bảng điều hành"), ("en", "Dashboard"), ("fr", "Tableau de bord")):
        page = demo.browser(LEADER, **{"Accept-Language": code}).get("/dashboard")
        assert page.status_code == 200
        assert f"<h1>{title}" in page.text
    officer = next(u for u in demo.passwords if u.startswith("tcd."))
    assert demo.browser(officer).get("/dashboard").status_code == 403
    bad = demo.browser(LEADER).get("/dashboard", params={"metric": "nope"})
    assert bad.status_code == 422
    assert demo.browser(LEADER).get("/dashboard", params={"kind": "nope"}).status_code == 422
    # the filter form sends "" for "all kinds" and "whole period"
    empty = {"year": "", "quarter": "", "months": "", "kind": "", "basis": "statistical"}
    assert demo.browser(LEADER).get("/dashboard", params=empty).status_code == 200
    refused = demo.client.get(
        "/reports/statistics/cases",
        params={"year": YEAR, "figure": "resolved"},
        headers=demo.token(officer),
    )
    assert refused.status_code == 403
    unknown = demo.client.get(
        "/reports/statistics/cases",
        params={"year": YEAR, "figure": "nope"},
        headers=demo.token(LEADER),
    )
    assert unknown.status_code == 422
