"""An API client on a fresh store (SQLite and PostgreSQL), with a small agency tree and users."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from api import security
from api.bootstrap import create_administrator
from api.main import create_app
from domain.application import VIETNAM
from ops.settings import Settings
from tests import leakwatch

PASSWORD = "correct horse battery staple"


def today() -> date:
    return datetime.now(VIETNAM).date()


def days_ago(n: int) -> str:
    return (today() - timedelta(days=n)).isoformat()


@dataclass
class World:
    """The client, the agencies and a bearer header for each user."""

    client: TestClient
    province: UUID
    commune: UUID
    other_commune: UUID
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    user_ids: dict[str, UUID] = field(default_factory=dict)
    agencies: dict[str, UUID | None] = field(default_factory=dict)

    def as_(self, user: str | None) -> dict[str, str]:
        return self.headers[user] if user else {}

    def post(self, user: str | None, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.post(
            path, json=json, headers={**self.as_(user), **kw.pop("headers", {})}, **kw
        )

    def get(self, user: str | None, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers={**self.as_(user), **kw.pop("headers", {})}, **kw)

    def ok(self, user: str | None, path: str, json: Any = None) -> dict[str, Any]:
        response = self.post(user, path, json)
        assert response.status_code in {200, 201}, response.text
        return response.json()

    def login(self, username: str, password: str = PASSWORD) -> dict[str, str]:
        response = self.client.post(
            "/auth/token", data={"username": username, "password": password}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def add_user(self, name: str, role: str, agency: UUID | None) -> None:
        body = {
            "username": name,
            "password": PASSWORD,
            "role": role,
            "agency_id": str(agency) if agency else None,
        }
        self.user_ids[name] = UUID(self.ok("admin", "/users", body)["id"])
        self.agencies[name] = UUID(str(agency)) if agency else None
        self.headers[name] = self.login(name)

    def user_agency(self, name: str) -> UUID:
        agency = self.agencies[name]
        assert agency is not None, f"{name} has no agency"
        return agency

    def record(self, user: str = "officer", **extra: Any) -> dict[str, Any]:
        body = {
            "channel": "post",
            "summary": "Tranh chấp đất đai ở thôn 3",
            "legal_date": days_ago(30),
            "petitioner": {"full_name": "Trần Thị B", "address": "Thôn 3"},
            **extra,
        }
        return self.ok(user, "/cases", body)

    def case(self, user: str, case_id: object) -> dict[str, Any]:
        response = self.get(user, f"/cases/{case_id}")
        assert response.status_code == 200, response.text
        return response.json()


def make_world(settings: Settings, runners: bool = False) -> Iterator[World]:
    """The world of a story, watched: no personal data it records may leak (tests/leakwatch)."""
    with leakwatch.watching() as watch:
        for world in _make_world(settings, runners):
            yield world
            leakwatch.check(watch, world, settings)


def _make_world(settings: Settings, runners: bool) -> Iterator[World]:
    app = create_app(settings, run_projections=runners, bootstrap_admin=False)
    with TestClient(app) as client:
        create_administrator(app.state.stores.accounts, "admin", PASSWORD)
        world = World(client, UUID(int=0), UUID(int=0), UUID(int=0))
        world.headers["admin"] = world.login("admin")
        act = {"legal_date": "2025-08-01"}
        world.province = UUID(
            world.ok(
                "admin",
                "/agencies",
                {"name": "UBND tỉnh Thái Nguyên", "code": "TN", "level": "province", **act},
            )["id"]
        )
        for attr, code in (("commune", "X1"), ("other_commune", "X2")):
            body = {
                "name": f"UBND xã {code}",
                "code": code,
                "level": "commune",
                "parent_id": str(world.province),
                **act,
            }
            setattr(world, attr, UUID(world.ok("admin", "/agencies", body)["id"]))
        world.add_user("officer", "officer", world.commune)
        world.add_user("officer2", "officer", world.commune)
        world.add_user("province-officer", "officer", world.province)
        world.add_user("other-officer", "officer", world.other_commune)
        world.add_user("leader", "leader", world.province)
        world.add_user("board", "inspection_board", world.province)
        world.add_user("auditor", "auditor", None)
        yield world


@pytest.fixture
def world(store_settings: Settings) -> Iterator[World]:
    yield from make_world(store_settings)


@pytest.fixture
def live_world(store_settings: Settings) -> Iterator[World]:
    """A world whose read models run in-process."""
    yield from make_world(store_settings, runners=True)


@pytest.fixture
def sqlite_world(sqlite_settings: Settings) -> Iterator[World]:
    yield from make_world(sqlite_settings)


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its lowest cost: the tests check the flow, not the hash's strength."""
    monkeypatch.setattr(
        security, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
