"""Browser tests: the app served by uvicorn on a free localhost port, driven by headless Chromium.

Chromium is Debian's package (`/usr/bin/chromium`, installed by `make test` when
missing), driven by Playwright's Python client; no browser is downloaded. Without
it these tests skip, saying so; under CI (CI=true) they fail instead.
Screenshots go to `var/screenshots/` (or `$SCREENSHOTS_DIR`).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest
import uvicorn
from argon2 import PasswordHasher

from api import security
from api.bootstrap import create_administrator
from api.main import create_app
from ops.settings import Settings
from tests.api.conftest import PASSWORD, World, days_ago

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOTS_DIR", Path(__file__).parents[2] / "var" / "screenshots")
)
PETITIONER = "Trần Thị Bích"
SECRET_SUMMARY = "Tranh chấp ranh giới đất với hộ ông Lê Văn Cường"


def require_chromium() -> None:
    """Skip without Chromium, or fail under CI, saying how to install it."""
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    message = f"{CHROMIUM} is missing: `apt-get install chromium` (make test does it as root)"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Served:
    """The running app, its address, and the cases the tests use."""

    def __init__(self, base_url: str, world: World, app: Any) -> None:
        self.base_url = base_url
        self.world = world
        self.app = app
        self.cases: dict[str, dict[str, Any]] = {}

    def wait_for_views(self, position: int) -> None:
        assert self.app.state.stores.views.wait_for(position, 10.0)


def _serve(app: Any, port: int) -> tuple[uvicorn.Server, threading.Thread]:
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    return server, thread


def _seed(served: Served) -> None:
    w = served.world
    act = {"legal_date": "2025-08-01"}
    w.province = UUID(
        w.ok(
            "admin",
            "/agencies",
            {"name": "UBND tỉnh Thái Nguyên", "code": "TN", "level": "province", **act},
        )["id"]
    )
    w.commune = UUID(
        w.ok(
            "admin",
            "/agencies",
            {
                "name": "UBND xã Phú Lương",
                "code": "PL",
                "level": "commune",
                "parent_id": str(w.province),
                **act,
            },
        )["id"]
    )
    people = {
        "officer": ("officer", w.commune, "Nguyễn Văn An", "Chuyên viên tiếp công dân"),
        "leader": ("leader", w.province, "Hoàng Thị Lan", "Phó Chủ tịch UBND tỉnh"),
    }
    for username, (role, agency, name, post) in people.items():
        body = {
            "username": username,
            "password": PASSWORD,
            "role": role,
            "agency_id": str(agency),
            "display_name": name,
            "post": post,
        }
        w.user_ids[username] = UUID(w.ok("admin", "/users", body)["id"])
        w.headers[username] = w.login(username)
    petitioner = {"full_name": PETITIONER, "address": "Thôn 3, xã Phú Lương"}
    fresh = w.ok(
        "officer",
        "/cases",
        {
            "channel": "post",
            "summary": SECRET_SUMMARY,
            "legal_date": days_ago(3),
            "petitioner": petitioner,
        },
    )
    settled = w.ok(
        "officer",
        "/cases",
        {
            "channel": "reception",
            "summary": "Đề nghị cấp giấy chứng nhận",
            "legal_date": days_ago(60),
            "petitioner": petitioner,
        },
    )
    case_id = settled["id"]
    w.ok(
        "officer",
        f"/cases/{case_id}/classification",
        {
            "kind": "complaint",
            "field": "đất đai",
            "competent_agency_id": str(w.commune),
            "legal_date": days_ago(59),
            "decision_known_on": days_ago(70),
        },
    )
    accepted = w.ok(
        "officer",
        f"/cases/{case_id}/acceptance",
        {
            "legal_date": days_ago(55),
            "reason": "Đủ điều kiện thụ lý",
            "legal_basis": "Luật Khiếu nại 2011, Điều 27",
        },
    )
    served.wait_for_views(accepted["position"])
    served.cases = {"fresh": fresh, "in_progress": settled}


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The app on a fresh embedded store, with a province, a commune, users and two cases."""
    require_chromium()
    original = security.HASHER
    security.HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    store = tmp_path_factory.mktemp("browser") / "petitions.sqlite"
    settings = Settings(environment="test", sqlite_dbname=str(store))
    app = create_app(settings, run_projections=True, bootstrap_admin=False)
    port = _free_port()
    server, thread = _serve(app, port)
    base_url = f"http://127.0.0.1:{port}"
    try:
        create_administrator(app.state.stores.accounts, "admin", PASSWORD)
        with httpx.Client(base_url=base_url, timeout=10) as client:
            world = World(client, UUID(int=0), UUID(int=0), UUID(int=0))  # type: ignore[arg-type]
            world.headers["admin"] = world.login("admin")
            served = Served(base_url, world, app)
            _seed(served)
            yield served
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        security.HASHER = original


@pytest.fixture(scope="session")
def browser(served: Served) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, served: Served) -> Iterator[Any]:
    """A fresh browser context (no cookies) whose pages start at the served app."""
    context = browser.new_context(base_url=served.base_url, locale="vi-VN", accept_downloads=True)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page: Any, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
