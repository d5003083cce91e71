"""The API's one middleware (`api.edge.Edge`): request ids, the log line, OPTIONS, 413 and 503."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from api.edge import Edge
from api.logs import REQUEST_ID
from tests.api.conftest import World
from tests.fresh_loop import run_fresh


def test_a_request_id_is_echoed_and_logged_once(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    given = world.client.get("/cases", headers={**world.headers["leader"], REQUEST_ID: "abc-1"})
    made = world.client.get("/cases", headers={**world.headers["leader"], REQUEST_ID: "x" * 80})
    assert given.headers[REQUEST_ID] == "abc-1"
    assert made.headers[REQUEST_ID] not in {"abc-1", "x" * 80, ""}
    out = capsys.readouterr().out.splitlines()
    lines = [json.loads(line) for line in out if line.startswith("{")]
    logged = [line for line in lines if line.get("event") == "request"]
    ids = [line["request_id"] for line in logged]
    assert ids[-2:] == ["abc-1", made.headers[REQUEST_ID]]
    assert logged[-1]["status"] == 200
    assert logged[-1]["route"] == "/cases"


def test_options_and_too_large_bodies_carry_the_request_id(world: World) -> None:
    options = world.client.options("/cases")
    assert options.status_code == 204
    assert "POST" in options.headers["allow"]
    assert options.headers[REQUEST_ID]
    huge = world.client.post(
        "/cases", content=b"x" * (300 * 1024), headers={**world.headers["officer"]}
    )
    assert huge.status_code == 413
    assert huge.headers[REQUEST_ID] == huge.json()["request_id"]


def test_a_shed_request_is_503_with_retry_after_and_not_served() -> None:
    release = asyncio.Event()

    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await release.wait()
            await PlainTextResponse("done")(scope, receive, send)

    edge = Edge(slow, limit=1, max_body=1024)

    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=edge)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            held = asyncio.create_task(client.get("/"))
            while edge.admission.in_flight < 1:  # noqa: ASYNC110
                await asyncio.sleep(0.001)
            refused = await client.get("/")
            release.set()
            return [refused, await held]

    refused, served = run_fresh(scenario())
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert served.status_code == 200
    assert served.headers[REQUEST_ID]
    assert edge.admission.in_flight == 0
    assert edge.admission.shed == 1
