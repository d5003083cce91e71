"""Shutting down: requests in flight are served first, new ones get 503, no wait outlasts it.

The stores close only once the requests in flight are done (or after
`DRAIN_SECONDS`); a request arriving meanwhile is answered at once with 503
`shutting-down` and `Retry-After`, and a request waiting for the read models stops
waiting. Never a 500, never a hang.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from starlette.responses import PlainTextResponse
from starlette.types import Message, Receive, Scope, Send
from structlog.testing import capture_logs

from api import admission
from api.edge import Edge
from ops.settings import Settings
from ops.wiring import Views
from projections.store import RowStore
from tests.api.conftest import World, _make_world, days_ago
from tests.fresh_loop import run_fresh

SOON = 5.0  # seconds: the most any step here may take (a hang fails instead of blocking)


class Lifespan:
    """Drives an ASGI app's lifespan by hand, noting when the app hears of the shutdown."""

    def __init__(self, edge: Edge) -> None:
        self.edge = edge
        self.inbox: asyncio.Queue[Message] = asyncio.Queue()
        self.heard_shutdown_with: int | None = None  # requests in flight then

    async def run(self) -> None:
        async def receive() -> Message:
            return await self.inbox.get()

        async def send(message: Message) -> None:
            del message

        await self.edge({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)


def _held_app(release: asyncio.Event, lifespan: list[Lifespan]) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                    continue
                lifespan[0].heard_shutdown_with = lifespan[0].edge.admission.in_flight
                await send({"type": "lifespan.shutdown.complete"})
                return
        await release.wait()
        await PlainTextResponse("done")(scope, receive, send)

    return app


def test_shutdown_waits_for_requests_in_flight_and_refuses_new_ones_with_503() -> None:
    release = asyncio.Event()
    holder: list[Lifespan] = []
    edge = Edge(_held_app(release, holder), limit=8, max_body=1024)
    life = Lifespan(edge)
    holder.append(life)

    async def scenario() -> tuple[httpx.Response, httpx.Response]:
        running = asyncio.create_task(life.run())
        await life.inbox.put({"type": "lifespan.startup"})
        transport = httpx.ASGITransport(app=edge)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            held = asyncio.create_task(client.get("/"))
            while edge.admission.in_flight < 1:  # noqa: ASYNC110
                await asyncio.sleep(0.001)
            await life.inbox.put({"type": "lifespan.shutdown"})
            while not edge.admission.stopping.is_set():  # noqa: ASYNC110
                await asyncio.sleep(0.001)
            refused = await asyncio.wait_for(client.get("/"), SOON)
            assert life.heard_shutdown_with is None  # the app has not been told yet
            release.set()
            served = await asyncio.wait_for(held, SOON)
        await asyncio.wait_for(running, SOON)
        return refused, served

    refused, served = run_fresh(scenario())
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert refused.json()["title"] == "shutting-down"
    assert served.status_code == 200
    assert life.heard_shutdown_with == 0  # told once the request in flight was done


def test_a_request_that_never_ends_delays_the_shutdown_only_so_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(admission, "DRAIN_SECONDS", 0.2)
    holder: list[Lifespan] = []
    edge = Edge(_held_app(asyncio.Event(), holder), limit=8, max_body=1024)
    life = Lifespan(edge)
    holder.append(life)

    async def scenario() -> float:
        running = asyncio.create_task(life.run())
        await life.inbox.put({"type": "lifespan.startup"})
        transport = httpx.ASGITransport(app=edge)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            stuck = asyncio.create_task(client.get("/"))
            while edge.admission.in_flight < 1:  # noqa: ASYNC110
                await asyncio.sleep(0.001)
            started = time.monotonic()
            await life.inbox.put({"type": "lifespan.shutdown"})
            await asyncio.wait_for(running, SOON)
            took = time.monotonic() - started
            stuck.cancel()
        return took

    with capture_logs() as logs:
        took = run_fresh(scenario())
    assert 0.2 <= took < 1.0
    assert life.heard_shutdown_with == 1
    assert {
        "event": "shutdown_with_requests_in_flight",
        "in_flight": 1,
        "log_level": "warning",
    } in logs


@pytest.fixture(params=[False, True], ids=["views-apart", "runners-in-process"])
def world_shut(
    store_settings: Settings, request: pytest.FixtureRequest
) -> Iterator[tuple[World, Callable[[], None]]]:
    """A world on a running API, and how to shut that API down (its lifespan's end).

    Once with the read models' runners in the API's process, stopped by the shutdown.
    """
    worlds = _make_world(store_settings, runners=request.param)
    world = next(worlds)
    yield world, worlds.close
    worlds.close()


def _in_thread(call: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    answer: list[Any] = []

    def run() -> None:
        try:
            answer.append(call())
        except Exception as error:  # noqa: BLE001  # the test reports what it raised
            answer.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, answer


def test_a_command_in_flight_at_shutdown_is_done_and_a_new_request_gets_503(
    world_shut: tuple[World, Callable[[], None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    w, shut = world_shut
    stores = w.client.app.state.stores
    entered, release = threading.Event(), threading.Event()
    save = stores.petitions.save

    def held_save(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        release.wait(SOON)
        return save(*args, **kwargs)

    monkeypatch.setattr(stores.petitions, "save", held_save)
    body = {"channel": "post", "summary": "x", "legal_date": days_ago(1)}
    command, command_answer = _in_thread(lambda: w.post("officer", "/cases", body))
    assert entered.wait(SOON)
    shutdown, _ = _in_thread(shut)
    assert stores.stopping.wait(SOON)
    started = time.monotonic()
    late = w.get("officer", "/cases")
    assert time.monotonic() - started < 1.0
    assert late.status_code == 503, late.text
    assert late.headers["Retry-After"] == "1"
    assert late.json()["title"] == "shutting-down"
    release.set()
    command.join(SOON)
    shutdown.join(SOON)
    assert not shutdown.is_alive()
    answer = command_answer[0]
    assert not isinstance(answer, Exception), answer
    assert answer.status_code == 201, answer.text


def test_a_request_waiting_for_the_views_at_shutdown_answers_503_at_once(
    world_shut: tuple[World, Callable[[], None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    w, shut = world_shut
    position = w.record()["position"]
    monkeypatch.setattr(RowStore, "has_reached", lambda *_: False)  # behind, runners or not
    waiting = threading.Event()
    wait_for = Views.wait_for

    def noted(self: Views, *args: Any, **kwargs: Any) -> bool:
        waiting.set()
        return wait_for(self, *args, **kwargs)

    monkeypatch.setattr(Views, "wait_for", noted)
    year = {"year": int(days_ago(0)[:4]), "after": position}
    report, report_answer = _in_thread(lambda: w.get("leader", "/reports/statistics", params=year))
    assert waiting.wait(SOON)
    started = time.monotonic()
    shut()
    took = time.monotonic() - started
    report.join(SOON)
    answer = report_answer[0]
    assert not isinstance(answer, Exception), answer
    assert answer.status_code == 503, answer.text
    assert answer.headers["Retry-After"] == "1"
    assert answer.json()["title"] == "shutting-down"
    assert took < 1.5  # not the views' full 2 s wait, then the stores' closing
