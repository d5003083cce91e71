"""A leader reads the dashboard of the demo province in a real browser, and prints it.

The app serves a store the demo's generator filled (three years of petitions);
the leader signs in with the printed demo password. The figures are checked against
the statistics API, a figure is followed to its cases, axe finds no serious
violation, each language reads, and the print stylesheet applies under print media.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe

from api.i18n import language
from api.main import create_app
from api.ratelimit import RateLimiter
from ops.demo.load import load_demo
from ops.settings import Settings
from tests.browser.conftest import _free_port, _serve, require_chromium, screenshot

LEADER = "chu.tich.tinh"
YEAR = 2025
SERIOUS = {"serious", "critical"}


class DemoServed:
    def __init__(self, base_url: str, passwords: dict[str, str]) -> None:
        self.base_url = base_url
        self.passwords = passwords

    def api(self, path: str, **params: Any) -> dict[str, Any]:
        with httpx.Client(base_url=self.base_url, timeout=30) as client:
            form = {"username": LEADER, "password": self.passwords[LEADER]}
            token = client.post("/auth/token", data=form).json()["access_token"]
            response = client.get(path, params=params, headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            return body


@pytest.fixture(scope="module")
def demo_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServed]:
    """`make demo && make run` in small: the demo province loaded, then served."""
    require_chromium()
    folder = tmp_path_factory.mktemp("demo-browser")
    settings = Settings(environment="test", sqlite_dbname=str(folder / "petitions.sqlite"))
    demo = load_demo(settings, cases=300, today=date(2026, 6, 30))
    app = create_app(settings)
    app.state.login_limiter = RateLimiter(limit=1000, window=60.0)
    server, thread = _serve(app, port := _free_port())
    try:
        yield DemoServed(
            f"http://127.0.0.1:{port}", {a.username: a.password for a in demo.accounts}
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def tab(browser: Any, demo_served: DemoServed) -> Iterator[Any]:
    context = browser.new_context(base_url=demo_served.base_url, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in_leader(page: Any, demo: DemoServed) -> None:
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(LEADER)
    page.get_by_label("Mật khẩu").fill(demo.passwords[LEADER])
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def _count(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_a_leader_reads_the_demo_dashboard_with_the_apis_figures(
    tab: Any, demo_served: DemoServed
) -> None:
    sign_in_leader(tab, demo_served)
    tab.get_by_role("link", name="Bảng điều hành").first.click()
    tab.wait_for_url("**/dashboard")
    tab.locator("#f-year").fill(str(YEAR))
    tab.get_by_role("button", name="Xem").click()
    tab.wait_for_url(f"**year={YEAR}**")
    stats = demo_served.api("/reports/statistics", year=YEAR)
    vi = language("vi")
    assert tab.locator("#figure-rate").inner_text() == vi.percent(stats["rate"])
    assert _count(tab.locator("#figure-resolved").inner_text()) == stats["total"]["resolved"] > 0
    assert _count(tab.locator("#figure-meetings").inner_text()) > 0
    assert tab.locator("svg.chart").count() >= 4
    assert tab.locator("table.units tbody tr").count() > 0
    screenshot(tab, "dashboard-vi")
    # follow the figure to the cases behind it
    resolved = _count(tab.locator("#figure-resolved").inner_text())
    tab.locator("#figure-resolved").click()
    tab.wait_for_url("**/dashboard/cases?**figure=resolved**")
    assert tab.locator("table.figure-cases tbody tr").count() == resolved
    first = tab.locator("table.figure-cases tbody th a").first
    code = first.inner_text()
    first.click()
    tab.wait_for_url("**/case/**")
    assert code in tab.locator("main").inner_text()


def test_the_dashboard_prints_and_reads_in_each_language(tab: Any, demo_served: DemoServed) -> None:
    sign_in_leader(tab, demo_served)
    tab.goto(f"/dashboard?year={YEAR}")
    tab.emulate_media(media="print")
    nav = tab.locator("header.site nav")
    assert nav.evaluate("e => getComputedStyle(e).display") == "none"
    assert tab.locator("form.filters").evaluate("e => getComputedStyle(e).display") == "none"
    screenshot(tab, "dashboard-print")
    pdf = tab.pdf()
    assert pdf.startswith(b"%PDF")
    tab.emulate_media(media="screen")
    assert nav.evaluate("e => getComputedStyle(e).display") != "none"
    for code, title in (("en", "Dashboard"), ("fr", "Tableau de bord"), ("vi", "Bảng điều hành")):
        tab.locator("#language-switch").select_option(code)
        tab.locator("form.language button").click()
        tab.wait_for_load_state()
        assert tab.locator("html").get_attribute("lang") == code
        assert tab.locator("h1").inner_text().startswith(title)
        screenshot(tab, f"dashboard-{code}")


def test_the_dashboard_has_no_serious_accessibility_violation(
    tab: Any, demo_served: DemoServed
) -> None:
    sign_in_leader(tab, demo_served)
    axe = Axe()
    found = {}
    for path in (f"/dashboard?year={YEAR}", f"/dashboard/cases?year={YEAR}&figure=resolved"):
        tab.goto(path)
        violations = axe.run(tab).response["violations"]
        found[path] = [v["id"] for v in violations if v.get("impact") in SERIOUS]
    assert found == {path: [] for path in found}
