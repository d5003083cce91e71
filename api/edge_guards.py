"""The edge's two guards before routing: `OPTIONS` answered with `Allow`, and the body limit.

Both answer in the API's problem format (`api.problems`); `api.edge` runs them.
"""

from __future__ import annotations

from fastapi.responses import JSONResponse, Response
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import MEDIA_TYPE, PROBLEM_TYPE, ApiProblemError, Problem, allowed_methods


class AllowedMethods:
    """`OPTIONS` on a path answers 204 with `Allow`: every method its routes accept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        is_options = scope["type"] == "http" and scope["method"] == "OPTIONS"
        if is_options and await self.answer(scope, receive, send):
            return
        await self.app(scope, receive, send)

    async def answer(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer an `OPTIONS` request if its path has routes (True); else leave it (False)."""
        methods = allowed_methods(scope.get("app", self.app), Request(scope))
        if methods == ["OPTIONS"]:
            return False
        response = Response(status_code=204, headers={"Allow": ", ".join(methods)})
        await response(scope, receive, send)
        return True


def too_large(limit: int) -> ApiProblemError:
    return ApiProblemError(413, "too-large", f"the request body exceeds {limit} bytes")


class BodySizeLimit:
    """Refuse a request body over the limit with a 413 problem.

    A declared length is checked before reading; a body sent without one is counted.
    """

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.declared_too_large(scope):
            await self.too_large_answer(scope, receive, send)
            return
        await self._counted(scope, receive, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send) -> None:
        received = 0
        exceeded = False

        async def counted() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    exceeded = True
                    raise too_large(self.max_body)
            return message

        async def unless_exceeded(message: Message) -> None:
            if not exceeded:  # else the app answers a body it could not read: replaced
                await send(message)

        try:
            await self.app(scope, counted, unless_exceeded)
        except Exception:
            if not exceeded:
                raise
        if exceeded:  # a chunked body over the limit: 413, whatever the body parser said
            await self.too_large_answer(scope, receive, send)

    async def too_large_answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The 413 problem."""
        body = Problem(
            type=PROBLEM_TYPE + "too-large",
            title="too-large",
            status=413,
            detail=str(too_large(self.max_body)),
            instance=scope.get("path", ""),
            request_id=str(scope.get("state", {}).get("request_id", "")),
        )
        response = JSONResponse(body.model_dump(), status_code=413, media_type=MEDIA_TYPE)
        await response(scope, receive, send)

    def declared_too_large(self, scope: Scope) -> bool:
        """A `Content-Length` over the limit (or not a number)."""
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                return not value.isdigit() or int(value) > self.max_body
        return False
