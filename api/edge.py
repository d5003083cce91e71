"""The API's one middleware: what every HTTP request goes through before the routes.

In this order (each was a middleware of its own, nested four deep, each with its own
call, closures and `send` wrapper):

1. admission (`api.admission.AdmissionLimit`): beyond `limit` in flight, or joining
   `floor` others while the event loop lags, or once shutdown has begun, answered at
   once with 503 and `Retry-After`;
2. the request id and the canonical log line (`api.logs`): an `X-Request-Id` bound to
   the log context, echoed in the response, and one line when the request ends;
3. `OPTIONS` answered 204 with `Allow` (`api.edge_guards.AllowedMethods`);
4. the body size limit (`api.edge_guards.BodySizeLimit`): a declared length over it
   refused before reading, a body sent without one counted, 413.

One `send` wrapper notes the status and adds the request id, and drops what the app
answers to a body it could not read (replaced by the 413). Lifespan messages pass
through, the admission's lag watch stopping at shutdown; the shutdown reaches the
application (which closes the stores) once the requests in flight are done.
"""

from __future__ import annotations

import threading
import time

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.admission import LAG_FLOOR, MAX_LAG, AdmissionLimit
from api.edge_guards import AllowedMethods, BodySizeLimit, too_large
from api.logs import REQUEST_ID, request_id_of

_REQUEST_ID = REQUEST_ID.encode()


class Edge:
    """Admission, request id and log line, `OPTIONS`, body size limit: one pure ASGI layer."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        max_body: int,
        max_lag: float = MAX_LAG,
        floor: int = LAG_FLOOR,
        stopping: threading.Event | None = None,
    ) -> None:
        self.app = app
        self.admission = AdmissionLimit(app, limit, max_lag, floor, stopping)
        self.options = AllowedMethods(app)
        self.body_limit = BodySizeLimit(app, max_body)
        self.max_body = max_body
        self.log = structlog.get_logger("api")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.admission(scope, receive, send)  # lifespan: stops the lag watch
            return
        await self.admission.admit(scope, receive, send, self._logged)

    async def _logged(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one admitted request under its request id, then log its line."""
        request_id = request_id_of(scope)
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        exchange = _Exchange(receive, send, request_id, self.max_body)
        try:
            await self._served(scope, exchange)
        finally:
            route = scope.get("route")
            self.log.info(
                "request",
                method=scope["method"],
                route=getattr(route, "path", "unmatched"),
                status=exchange.status,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
                user_id=scope.get("state", {}).get("user_id"),
            )

    async def _served(self, scope: Scope, exchange: _Exchange) -> None:
        """`OPTIONS`, a declared body over the limit, or the app (413 if the body runs over)."""
        receive, send = exchange.receive_raw, exchange.send
        if scope["method"] == "OPTIONS" and await self.options.answer(scope, receive, send):
            return
        if self.body_limit.declared_too_large(scope):
            await self.body_limit.too_large_answer(scope, receive, send)
            return
        try:
            await self.app(scope, exchange.receive, send)
        except Exception:
            if not exchange.exceeded:
                raise
        if exchange.exceeded:  # a chunked body over the limit: 413, whatever the parser said
            exchange.exceeded = False
            await self.body_limit.too_large_answer(scope, receive, send)


class _Exchange:
    """One request's `receive` (its body counted) and `send` (status noted, request id added)."""

    __slots__ = ("_send", "exceeded", "id_header", "max_body", "receive_raw", "received", "status")

    def __init__(self, receive: Receive, send: Send, request_id: str, max_body: int) -> None:
        self.receive_raw = receive
        self._send = send
        self.id_header = (_REQUEST_ID, request_id.encode())
        self.max_body = max_body
        self.status = 500
        self.received = 0
        self.exceeded = False

    async def send(self, message: Message) -> None:
        if self.exceeded:  # the app answers a body it could not read: replaced by the 413
            return
        if message["type"] == "http.response.start":
            self.status = message["status"]
            message["headers"] = [*message.get("headers", ()), self.id_header]
        await self._send(message)

    async def receive(self) -> Message:
        message = await self.receive_raw()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.max_body:
                self.exceeded = True
                raise too_large(self.max_body)
        return message
