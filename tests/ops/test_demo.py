"""The demo province: `make demo` loads it into an embedded store, and `make run` shows it.

Loaded once (a smaller size than `make demo`'s) into a temporary SQLite file, then
served by the app as `make run` serves it: every demo user signs in with the printed
password, the work queue, the case pages, the users list and the figures show data.
"""

from __future__ import annotations

import stat
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.ratelimit import RateLimiter
from domain.application import Petitions
from domain.errors import NotFoundError
from ops.demo import cli
from ops.demo.load import WARNING, DemoProvince, load_demo
from ops.settings import Settings, get_settings
from ops.wiring import open_views
from projections.periods import statistical_year_of

CASES = 400
TODAY = date(2026, 6, 30)
ROLES = {"administrator", "auditor", "leader", "inspection_board", "officer"}
STEPS = {
    "acceptance_notice",
    "archived_anonymous",
    "check_extended",
    "enforced",
    "further",
    "notified",
    "published",
    "reception_day",
    "reexamined",
    "refusal",
    "refusal_notice",
    "split",
    "verification",
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, DemoProvince]:
    store = tmp_path_factory.mktemp("demo") / "petitions.sqlite"
    settings = Settings(environment="test", sqlite_dbname=str(store))
    return settings, load_demo(settings, cases=CASES, today=TODAY)


@pytest.fixture(scope="module")
def served(loaded: tuple[Settings, DemoProvince]) -> Iterator[TestClient]:
    """The app on the demo store, as `make run` starts it (projections in-process)."""
    settings, _ = loaded
    app = create_app(settings)
    app.state.login_limiter = RateLimiter(limit=1000, window=60.0)  # every demo user signs in
    with TestClient(app) as client:
        yield client


def passwords(demo: DemoProvince) -> dict[str, str]:
    """The demo passwords as the file lists them (role, username, password, who)."""
    lines = demo.password_file.read_text(encoding="utf-8").splitlines()
    return {line.split()[1]: line.split()[2] for line in lines[2:] if line.strip()}


def token(client: TestClient, username: str, password: str) -> dict[str, str]:
    response = client.post("/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, (username, response.text)
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def signed_in(client: TestClient, demo: DemoProvince, username: str) -> TestClient:
    """A browser-like client signed in through the form with the demo password."""
    browser = TestClient(client.app)
    browser.get("/login")
    response = browser.post(
        "/login",
        data={
            "username": username,
            "password": passwords(demo)[username],
            "csrf_token": browser.cookies["petitions_csrf"],
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return browser


def test_every_role_signs_in_with_its_printed_demo_password(
    loaded: tuple[Settings, DemoProvince], served: TestClient
) -> None:
    _, demo = loaded
    listed = passwords(demo)
    assert demo.password_file.read_text(encoding="utf-8").startswith(WARNING)
    assert stat.S_IMODE(demo.password_file.stat().st_mode) == 0o600
    assert {a.username: a.password for a in demo.accounts} == listed
    roles = set()
    for account in demo.accounts:
        me = served.get(
            "/users/me", headers=token(served, account.username, listed[account.username])
        )
        assert me.json()["display_name"] == account.display_name
        roles.add(me.json()["role"])
    assert roles == ROLES


def test_make_run_on_the_demo_makes_no_other_administrator(
    loaded: tuple[Settings, DemoProvince], served: TestClient
) -> None:
    settings, _ = loaded
    assert served.get("/login").status_code == 200
    assert not Path(settings.sqlite_dbname).with_name("admin-password.txt").exists()


def test_the_history_holds_every_step_and_the_reform_transferred_open_cases(
    loaded: tuple[Settings, DemoProvince],
) -> None:
    settings, demo = loaded
    assert {step for step, count in demo.steps.items() if count} >= STEPS
    assert demo.transfers > 0
    app = Petitions(settings.eventsourcing_env())
    views = open_views(settings)
    try:
        districts = [a for a in views.agencies.all() if a.name.startswith("UBND huyện")]
        assert len(districts) == 3
        assert all(a.successor_id is not None for a in districts)  # merged or dissolved
        assert all(views.case_index.open_case_ids(a.agency_id) == [] for a in districts)
        events = Counter(
            type(e).__name__
            for code, case_id in demo.codes[:200]
            for e in app.repository.event_store.get(case_id)
        )
        assert events["Received"] == 200
        assert {"Classified", "Accepted", "Concluded", "OfficerAssigned"} <= events.keys()
    finally:
        views.close()
        app.close()


def test_the_work_queue_and_the_case_pages_show_the_province(
    loaded: tuple[Settings, DemoProvince], served: TestClient
) -> None:
    _, demo = loaded
    officer = signed_in(served, demo, "cv.xa.0")
    queue = officer.get("/queue.json").json()["items"]
    assert queue
    page = officer.get(f"/case/{queue[0]['case_id']}")
    assert page.status_code == 200
    names = {a.display_name for a in demo.accounts}
    timeline = page.text.split('id="timeline"')[1]
    assert any(name in timeline for name in names)  # acts by people, by name
    assert "UBND" in timeline
    leader = signed_in(served, demo, "chu.tich.tinh")
    assert len(leader.get("/queue.json").json()["items"]) > len(queue)  # the whole province


def test_the_users_list_shows_the_province_staff(
    loaded: tuple[Settings, DemoProvince], served: TestClient
) -> None:
    _, demo = loaded
    page = signed_in(served, demo, "kiem.toan").get("/directory/users").text
    assert all(a.display_name in page for a in demo.accounts)
    assert "Chủ tịch UBND tỉnh" in page


def test_the_figures_of_the_province_are_not_empty(
    loaded: tuple[Settings, DemoProvince], served: TestClient
) -> None:
    _, demo = loaded
    headers = token(served, "chu.tich.tinh", passwords(demo)["chu.tich.tinh"])
    for year in (2024, 2025):
        period = {"year": year, "basis": "calendar"}
        total = served.get("/reports/statistics", params=period, headers=headers).json()["total"]
        assert total["petitions_received"] > 0
        assert total["resolved"] > 0
        reception = served.get("/reports/reception", params=period, headers=headers).json()
        (figures,) = reception["figures"]
        assert figures["meetings"] > 0
        assert figures["delegations"] > 0
        assert figures["dialogues"] > 0


def test_the_leaders_dashboard_of_the_demo_is_populated(
    loaded: tuple[Settings, DemoProvince], served: TestClient
) -> None:
    _, demo = loaded
    leader = signed_in(served, demo, "chu.tich.tinh")
    assert leader.get("/dashboard").status_code == 200  # `make run`'s first look
    board = leader.get("/dashboard.json", params={"year": statistical_year_of(TODAY)}).json()
    assert board["headline"]["petitions_received"] > 0
    assert board["headline"]["resolved"] > 0
    assert board["headline"]["rate"] is not None
    assert len(board["units"]) >= 3
    assert sum(board["petitions_by_kind"].values()) == board["headline"]["petitions_received"]
    assert board["reception"]["meetings"] > 0
    assert any(t["resolved"] for t in board["trend"][:-1])  # earlier years too
    page = leader.get("/dashboard", params={"year": statistical_year_of(TODAY)}).text
    assert page.count("<svg") >= 4


def test_the_public_page_finds_a_demo_case_by_its_reference_code(
    loaded: tuple[Settings, DemoProvince], served: TestClient
) -> None:
    _, demo = loaded
    code, _ = demo.codes[0]
    found = served.get(f"/public/cases/{code}")
    assert found.status_code == 200
    assert found.json()["reference_code"] == code


def test_a_second_make_demo_refuses_a_database_that_is_not_empty(
    loaded: tuple[Settings, DemoProvince],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings, _ = loaded
    before = _head(settings)
    monkeypatch.setenv("SQLITE_DBNAME", settings.sqlite_dbname)
    get_settings.cache_clear()
    try:
        assert cli.main(["--cases", "20"]) == 1
    finally:
        get_settings.cache_clear()
    assert "--reset" in capsys.readouterr().err
    assert _head(settings) == before


def test_make_demo_with_reset_replaces_the_database_and_prints_the_passwords_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "petitions.sqlite"
    settings = Settings(environment="test", sqlite_dbname=str(store))
    first, _ = load_demo(settings, cases=20, today=TODAY).codes[0]
    monkeypatch.setenv("SQLITE_DBNAME", str(store))
    get_settings.cache_clear()
    try:
        assert cli.main(["--reset", "--cases", "20"]) == 0
    finally:
        get_settings.cache_clear()
    printed = capsys.readouterr().out
    assert WARNING in printed
    listed = (tmp_path / "demo-passwords.txt").read_text(encoding="utf-8")
    for line in listed.splitlines()[2:]:
        username, password = line.split()[1:3]
        shown = [row for row in printed.splitlines() if row.split()[1:3] == [username, password]]
        assert len(shown) == 1
    app = Petitions(settings.eventsourcing_env())
    try:
        with pytest.raises(NotFoundError):  # the first demo's cases are gone
            app.find_by_reference(first)
    finally:
        app.close()


def _head(settings: Settings) -> int:
    app = Petitions(settings.eventsourcing_env())
    try:
        return app.recorder.max_notification_id() or 0
    finally:
        app.close()
