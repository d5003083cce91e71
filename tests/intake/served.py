"""The app served by uvicorn on a free localhost port, for clients that speak real HTTP.

Open311 clients (the `georeport` package, a plain form POST) reach it over the
loopback; the world's users and agencies are made through the same HTTP API. The
agencies carry the codes the example rules in `docs/open311-rules.example.json` name:
TN (the province), X1 and X2 (its communes).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import uvicorn

from api.bootstrap import create_administrator
from api.main import create_app
from api.open311.rules import load_rules
from api.ratelimit import RateLimiter
from domain.open311 import Open311Rules
from ops.settings import Settings
from tests.api.conftest import PASSWORD, World

EXAMPLE_RULES = Path(__file__).resolve().parents[2] / "docs" / "open311-rules.example.json"


@dataclass
class Served:
    """The running app, its base address, the world made through it and a client's key."""

    base_url: str
    app: Any
    world: World
    api_key: str = ""

    @property
    def open311(self) -> str:
        return f"{self.base_url}/open311/v2"

    def wait_for_views(self, position: int) -> None:
        assert self.app.state.stores.views.wait_for(position, 10.0)

    def last_position(self) -> int:
        return int(self.app.state.stores.petitions.recorder.max_notification_id() or 0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def served(settings: Settings, rules: Open311Rules | None = None) -> Iterator[Served]:
    """Serve a fresh app on `settings`' store with the Open311 rules (default: the example)."""
    app = create_app(settings, run_projections=True, bootstrap_admin=False)
    app.state.open311_rules = rules or load_rules(str(EXAMPLE_RULES))
    app.state.public_limiter = RateLimiter(limit=10_000, window=60.0)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    base_url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base_url, timeout=20) as client:
            create_administrator(app.state.stores.accounts, "admin", PASSWORD)
            world = World(client, UUID(int=0), UUID(int=0), UUID(int=0))
            _populate(world)
            site = Served(base_url, app, world)
            site.wait_for_views(site.last_position())
            yield site
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def _populate(w: World) -> None:
    w.headers["admin"] = w.login("admin")
    act = {"legal_date": "2025-08-01"}
    province = {"name": "UBND tỉnh Thái Nguyên", "code": "TN", "level": "province", **act}
    w.province = UUID(w.ok("admin", "/agencies", province)["id"])
    for attr, code, name in (("commune", "X1", "Phan Đình Phùng"), ("other_commune", "X2", "X2")):
        body = {
            "name": f"UBND {name}",
            "code": code,
            "level": "commune",
            "parent_id": str(w.province),
            **act,
        }
        setattr(w, attr, UUID(w.ok("admin", "/agencies", body)["id"]))
    w.add_user("officer", "officer", w.commune)
    w.add_user("province-officer", "officer", w.province)
    w.add_user("auditor", "auditor", None)


def issue_key(s: Served, name: str = "FixMyStreet Thái Nguyên") -> dict[str, Any]:
    issued = s.world.ok("admin", "/open311/clients", {"name": name})
    s.api_key = str(issued["api_key"])
    return issued
