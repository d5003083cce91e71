"""Admission control: a bounded number of requests in flight per process, the rest shed.

Without a bound, a burst beyond what the process serves queues without limit in the
thread pool, and every request's latency grows with the queue (an open-loop load at
twice the capacity waited 18 s). Here at most `limit` HTTP requests are in flight;
one more is answered at once with 503 and `Retry-After`, so the latency of admitted
requests stays that of the service, and clients back off.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from api.problems import MEDIA_TYPE, PROBLEM_TYPE, Problem

RETRY_AFTER = "1"


class AdmissionLimit:
    """Shed HTTP requests beyond `limit` in flight with a 503 problem and Retry-After."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0
        self.shed = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:  # one event loop: no lock needed between awaits
            self.shed += 1
            await self._overloaded(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _overloaded(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = Problem(
            type=PROBLEM_TYPE + "overloaded",
            title="overloaded",
            status=503,
            detail=f"the service is serving {self.limit} requests: retry shortly",
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
