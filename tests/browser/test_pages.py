"""People using the pages in a real browser: officers, leaders and citizens."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PETITIONER, SECRET_SUMMARY, Served, screenshot, sign_in

SERIOUS = {"serious", "critical"}


def open_case(page: Any, served: Served, which: str) -> str:
    code = served.world.case("officer", served.cases[which]["id"])["reference_code"]
    page.goto("/queue")
    page.get_by_role("link", name=code).click()
    page.wait_for_url(f"**/case/{served.cases[which]['id']}")
    return code


def test_an_officer_follows_the_work_queue_to_a_case_and_downloads_its_timeline(
    page: Any, served: Served
) -> None:
    sign_in(page, "officer")
    open_case(page, served, "in_progress")
    timeline = page.locator("table.timeline")
    assert "Nguyễn Văn An" in timeline.inner_text()
    assert "Chuyên viên tiếp công dân" in timeline.inner_text()
    assert "UBND xã Phú Lương" in timeline.inner_text()
    assert "Luật Khiếu nại 2011, Điều 27" in timeline.inner_text()
    with page.expect_download() as json_download:
        page.get_by_role("link", name="JSON (vụ việc và lịch sử)").click()
    record = json.loads(Path(json_download.value.path()).read_text())
    events = [e["event"] for e in record["history"]["events"]]
    assert events[:3] == ["Received", "Classified", "Accepted"]
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV (diễn biến)").click()
    rows = list(csv.DictReader(io.StringIO(Path(csv_download.value.path()).read_text("utf-8-sig"))))
    assert [r["actor_name"] for r in rows] == ["Nguyễn Văn An"] * len(events)
    screenshot(page, "case-vi")


def test_an_officer_concludes_a_case_through_the_form_after_a_field_error(
    page: Any, served: Served
) -> None:
    sign_in(page, "officer")
    open_case(page, served, "in_progress")
    page.get_by_text("Kết luận", exact=True).first.click()
    form = page.locator("form[action$='/act/conclude']")
    form.get_by_label("Ngày pháp lý").fill("2025-13-45")
    form.get_by_label("Kết quả giải quyết").select_option("partly_right")
    form.get_by_role("button", name="Kết luận").click()
    form = page.locator("form[action$='/act/conclude']")
    assert form.locator("#conclude-legal_date-error").is_visible()
    assert form.locator("#conclude-decision_ref-error").is_visible()
    assert form.get_by_label("Ngày pháp lý").get_attribute("aria-invalid") == "true"
    screenshot(page, "case-field-error-vi")
    form.get_by_label("Ngày pháp lý").fill(
        served.world.case("officer", served.cases["in_progress"]["id"])["accepted_on"]
    )
    form.get_by_label("Kết quả giải quyết").select_option("partly_right")
    form.get_by_label("Số quyết định").fill("123/QĐ-UBND")
    form.get_by_label("Hiệu lực đối với quyết định bị khiếu nại").select_option("amended")
    form.get_by_role("button", name="Kết luận").click()
    page.wait_for_url("**done=conclude**")
    assert "Đã kết luận" in page.locator("dl.facts").inner_text()
    last = page.locator("table.timeline tbody tr").last.inner_text()
    assert "Đã kết luận" in last
    assert "123/QĐ-UBND" in last


def test_a_leader_reads_the_open_cases_of_the_subtree_without_forms(
    page: Any, served: Served
) -> None:
    sign_in(page, "leader")
    assert "Hoàng Thị Lan" in page.locator("header").inner_text()
    open_case(page, served, "fresh")
    assert page.locator("table.timeline").is_visible()
    assert page.locator("form[action*='/act/']").count() == 0


def test_the_public_page_finds_a_case_and_shows_no_personal_data(page: Any, served: Served) -> None:
    code = served.world.case("officer", served.cases["fresh"]["id"])["reference_code"]
    page.goto("/track")
    page.get_by_label("Mã tra cứu").fill(code)
    page.get_by_role("button", name="Tra cứu").click()
    result = page.locator("#result")
    assert code in result.inner_text()
    assert "Đã tiếp nhận" in result.inner_text()
    text = page.content()
    for private in (PETITIONER, SECRET_SUMMARY, "Nguyễn Văn An", "Thôn 3"):
        assert private not in text
    screenshot(page, "track-vi")


def test_each_page_reads_in_vietnamese_english_and_french(page: Any, served: Served) -> None:
    sign_in(page, "officer")
    case_id = served.cases["in_progress"]["id"]
    headings = {
        "vi": ("Việc cần xử lý", "Diễn biến", "Tra cứu vụ việc"),
        "en": ("Work queue", "Timeline", "Track a case"),
        "fr": ("File de travail", "Chronologie", "Suivre un dossier"),
    }
    for code, (queue, timeline, track) in headings.items():
        page.goto("/queue")
        page.locator("#language-switch").select_option(code)
        page.locator("form.language button").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == code
        assert page.locator("h1").inner_text() == queue
        page.goto(f"/case/{case_id}")
        assert page.locator("#timeline-heading").inner_text() == timeline
        screenshot(page, f"case-{code}")
        page.goto("/track")
        assert page.locator("h1").inner_text() == track


def test_every_page_has_no_serious_accessibility_violation(page: Any, served: Served) -> None:
    code = served.world.case("officer", served.cases["fresh"]["id"])["reference_code"]
    axe = Axe()
    found: dict[str, list[str]] = {}
    public = ["/login", "/track", f"/track?code={code}", "/track?code=PA-2000-0000-0000-00"]
    signed = [
        "/",
        "/queue",
        f"/case/{served.cases['in_progress']['id']}",
        f"/case/{served.cases['fresh']['id']}",
        "/directory/users",
    ]
    for path in public:
        page.goto(path)
        found[path] = _serious(axe.run(page).response)
    sign_in(page, "officer")
    for path in signed:
        page.goto(path)
        page.locator("details").evaluate_all("els => els.forEach(e => e.open = true)")
        found[path] = _serious(axe.run(page).response)
    assert found == {path: [] for path in public + signed}


def test_the_users_page_lists_the_officers_colleagues_by_name_and_post(
    page: Any, served: Served
) -> None:
    sign_in(page, "officer")
    page.get_by_role("link", name="Người dùng").click()
    page.wait_for_url("**/directory/users")
    table = page.locator("table.users").inner_text()
    assert "Nguyễn Văn An" in table
    assert "Chuyên viên tiếp công dân" in table
    assert "UBND xã Phú Lương" in table
    assert "Hoàng Thị Lan" not in table  # a leader of the province, outside an officer's agency


def _serious(response: dict[str, Any]) -> list[str]:
    return [f"{v['id']}: {v['help']}" for v in response["violations"] if v["impact"] in SERIOUS]
