"""Admission control: a bounded number of requests in flight per process, the rest shed.

Without a bound, a burst beyond what the process serves queues without limit in the
thread pool, and every request's latency grows with the queue (an open-loop load at
twice the capacity waited 18 s). Here at most `limit` HTTP requests are in flight;
one more is answered at once with 503 and `Retry-After`, so the latency of admitted
requests stays that of the service, and clients back off.

A count alone lets 32 requests share a saturated interpreter, each waiting for the
others' CPU (a p99 of hundreds of milliseconds). So the event loop's lag is watched
too: a task that sleeps `LAG_INTERVAL` and notes how late it wakes. While the loop
runs more than `MAX_LAG` late (the process, or the machine, is saturated), a request
that would join `LAG_FLOOR` (8) or more in flight is shed as well: at most that many
share a saturated interpreter, while a short burst below it is always served. A slow
request waiting on the store does not lag the loop, so it sheds nothing.

At shutdown (the server's `lifespan.shutdown`) the `stopping` event is set: every new
request is answered at once with 503 `shutting-down` and `Retry-After`, waits for the
read models end, and the application is told to shut down (and closes its stores)
only once the requests in flight are done, or after `DRAIN_SECONDS`.
"""

from __future__ import annotations

import asyncio
import threading

import structlog
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import MEDIA_TYPE, PROBLEM_TYPE, Problem

RETRY_AFTER = "1"
LAG_INTERVAL = 0.01  # seconds between the watch's looks at the event loop
MAX_LAG = 0.02  # seconds late: the loop is saturated
DECAY = 0.5  # of the lag noted, at each look that finds the loop on time
LAG_FLOOR = 8  # requests in flight below which none is shed for lag
DRAIN_SECONDS = 5.0  # the longest a shutdown waits for the requests in flight
SHUTTING_DOWN = "the service is shutting down"
log = structlog.get_logger("api")


class AdmissionLimit:
    """Shed HTTP requests beyond `limit` in flight, or joining others while the loop lags."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        max_lag: float = MAX_LAG,
        floor: int = LAG_FLOOR,
        stopping: threading.Event | None = None,
    ) -> None:
        self.app = app
        self.stopping = stopping or threading.Event()  # set from shutdown on: nothing admitted
        self.limit = limit
        self.max_lag = max_lag
        self.floor = min(floor, limit)
        self.in_flight = 0
        self.shed = 0
        self.lag = 0.0  # seconds: how late the loop ran lately
        self._watch: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, self._draining(receive), self._stopping(send))
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.admit(scope, receive, send, self.app)

    async def admit(self, scope: Scope, receive: Receive, send: Send, serve: ASGIApp) -> None:
        """Shed one HTTP request (503) or `serve` it, counted in flight meanwhile."""
        busy = self.busy()
        if busy:
            self.shed += 1
            await self.overloaded(scope, receive, send, busy)
            return
        self.in_flight += 1
        try:
            await serve(scope, receive, send)
        finally:
            self.in_flight -= 1

    def busy(self) -> str:
        """Why one more request is shed now ("" if it is admitted); watches the loop's lag."""
        self._start_watch()
        if self.stopping.is_set():
            return SHUTTING_DOWN
        # One event loop: no lock needed between awaits.
        if self.in_flight >= self.limit:
            return f"the service is serving {self.limit} requests"
        if self.in_flight >= self.floor and self.lag > self.max_lag:
            return f"the service runs {self.lag * 1000:.0f} ms late"
        return ""

    def _start_watch(self) -> None:
        loop = asyncio.get_running_loop()
        watch = self._watch
        if watch is None or watch.done() or watch.get_loop() is not loop:
            self._watch = loop.create_task(self._watch_lag(), name="admission-lag")

    async def _watch_lag(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            await asyncio.sleep(LAG_INTERVAL)
            late = loop.time() - started - LAG_INTERVAL
            self.lag = max(late, self.lag * DECAY)

    def _draining(self, receive: Receive) -> Receive:
        """`receive`, which on shutdown stops admitting and waits for the requests in flight.

        The application (whose lifespan closes the stores) sees the shutdown only then.
        """

        async def receiving() -> Message:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.stopping.clear()
            elif message["type"] == "lifespan.shutdown":
                self.stopping.set()
                if not await self.drained(DRAIN_SECONDS):  # the stores close under them
                    log.warning("shutdown_with_requests_in_flight", in_flight=self.in_flight)
            return message

        return receiving

    async def drained(self, seconds: float) -> bool:
        """Wait until no request is in flight (True), at most `seconds` (then False)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while self.in_flight > 0:
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(LAG_INTERVAL)
        return True

    def _stopping(self, send: Send) -> Send:
        """`send`, which stops the watch once the application has shut down."""

        async def sending(message: Message) -> None:
            if message["type"].startswith("lifespan.shutdown") and self._watch is not None:
                self._watch.cancel()
                self._watch = None
            await send(message)

        return sending

    async def overloaded(self, scope: Scope, receive: Receive, send: Send, busy: str) -> None:
        """The 503 problem, with `Retry-After`."""
        title = "shutting-down" if busy == SHUTTING_DOWN else "overloaded"
        body = Problem(
            type=PROBLEM_TYPE + title,
            title=title,
            status=503,
            detail=f"{busy}: retry shortly",
            instance=scope.get("path", ""),
            request_id=str(scope.get("state", {}).get("request_id", "")),
        )
        response = JSONResponse(
            body.model_dump(),
            status_code=503,
            media_type=MEDIA_TYPE,
            headers={"Retry-After": RETRY_AFTER},
        )
        await response(scope, receive, send)
