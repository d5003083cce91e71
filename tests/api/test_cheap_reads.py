"""The command path reads sessions and agencies from caches the logs invalidate at once."""

from __future__ import annotations

import asyncio
import time
from uuid import UUID

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from api.admission import AdmissionLimit
from api.edge import Edge
from api.main import create_app
from api.stores import Stores
from ops.settings import Settings
from tests.api.conftest import World
from tests.fresh_loop import run_fresh


def other_instance(settings: Settings) -> TestClient:
    """A second API app on the same store, as a second process would be."""
    return TestClient(create_app(settings, run_projections=False, bootstrap_admin=False))


def test_a_revocation_in_one_instance_is_refused_at_once_by_another(
    world: World, store_settings: Settings
) -> None:
    with other_instance(store_settings) as other:
        leader, officer = world.headers["leader"], world.headers["officer"]
        assert other.get("/users/me", headers=leader).status_code == 200
        assert other.get("/users/me", headers=officer).status_code == 200
        stores: Stores = other.app.state.stores  # type: ignore[attr-defined]
        loads = stores.sessions.loads
        for _ in range(3):  # answered from the cache: no aggregate loaded again
            assert other.get("/users/me", headers=leader).status_code == 200
        assert stores.sessions.loads == loads
        assert world.post("admin", f"/users/{world.user_ids['leader']}/revocation").is_success
        assert other.get("/reports/statistics", headers=leader).status_code == 401
        assert world.post("admin", f"/users/{world.user_ids['officer']}/deactivation").is_success
        assert other.get("/users/me", headers=officer).status_code == 401
        assert world.post("auditor", "/auth/logout").status_code == 204
        assert other.get("/users/me", headers=world.headers["auditor"]).status_code == 401
        # The others' sessions stayed cached.
        loads = stores.sessions.loads
        assert other.get("/users/me", headers=world.headers["board"]).status_code == 200
        assert other.get("/users/me", headers=world.headers["board"]).status_code == 200
        assert stores.sessions.loads <= loads + 1


def test_an_agency_moved_in_one_instance_moves_its_path_in_another(
    world: World, store_settings: Settings
) -> None:
    with other_instance(store_settings) as other:
        stores: Stores = other.app.state.stores  # type: ignore[attr-defined]
        assert stores.petitions.agency_ref(world.commune).path == [world.province, world.commune]
        body = {
            "name": "UBND tỉnh Khác",
            "code": "KH",
            "level": "province",
            "legal_date": "2025-08-01",
        }
        other_province = UUID(world.ok("admin", "/agencies", body)["id"])
        moved = {"parent_id": str(other_province), "legal_date": "2025-08-02"}
        world.ok("admin", f"/agencies/{world.commune}/parent", moved)
        assert stores.petitions.agency_ref(world.commune).path == [other_province, world.commune]


def test_a_command_reads_each_agency_once(world: World) -> None:
    petitions = world.client.app.state.stores.petitions  # type: ignore[attr-defined]
    world.record()
    loads = petitions._agencies.loads
    for _ in range(3):
        world.record()
    assert petitions._agencies.loads == loads


def test_requests_beyond_the_limit_are_shed_with_503_and_retry_after() -> None:
    release = asyncio.Event()

    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        await release.wait()
        await PlainTextResponse("done")(scope, receive, send)

    limited = AdmissionLimit(slow, limit=2)

    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=limited)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            held = [asyncio.create_task(client.get("/")) for _ in range(2)]
            while limited.in_flight < 2:  # noqa: ASYNC110  # the two are admitted
                await asyncio.sleep(0.001)
            refused = await client.get("/")
            release.set()
            return [refused, *await asyncio.gather(*held)]

    refused, *served = run_fresh(scenario())
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert refused.json()["title"] == "overloaded"
    assert [r.status_code for r in served] == [200, 200]
    assert limited.in_flight == 0
    assert limited.shed == 1


def test_the_app_admits_as_many_requests_as_configured(sqlite_settings: Settings) -> None:
    app: FastAPI = create_app(sqlite_settings.model_copy(update={"max_in_flight": 7}))
    limits = [m.kwargs["limit"] for m in app.user_middleware if m.cls is Edge]
    assert limits == [7]


def test_while_the_loop_lags_a_request_joining_others_is_shed() -> None:
    release = asyncio.Event()

    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"] == "/held":
            await release.wait()
        await PlainTextResponse("done")(scope, receive, send)

    limited = AdmissionLimit(slow, limit=10, floor=2)

    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=limited)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            assert (await client.get("/")).status_code == 200  # starts the watch
            held = [asyncio.create_task(client.get("/held")) for _ in range(2)]
            while limited.in_flight < 2:  # noqa: ASYNC110
                await asyncio.sleep(0.001)
            time.sleep(0.08)  # noqa: ASYNC251  # the loop saturated: the watch wakes late
            await asyncio.sleep(0.02)
            refused = await client.get("/")
            release.set()
            served = await asyncio.gather(*held)
            limited.lag = 1.0  # still late, but fewer than the floor in flight: served
            alone = await client.get("/")
            return [refused, *served, alone]

    refused, *served, alone = run_fresh(scenario())
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert "late" in refused.json()["detail"]
    assert [s.status_code for s in served] == [200, 200]
    assert alone.status_code == 200
