"""RFC 9457 problem details for every error, mapped from domain errors in one place."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import structlog
from eventsourcing.persistence import (
    ConnectionPoolClosedError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
)
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg_pool import PoolClosed
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from api import problem_text
from domain.errors import (
    BrokenHistoryError,
    ConcurrentChangeError,
    DuplicateError,
    NotFoundError,
    PetitionError,
    RuleViolationError,
    ShreddedError,
)
from domain.idempotency import KeyReusedError
from vault.crypto import UnreadableKeyError

PROBLEM_TYPE = "https://petitions.example/problems/"
MEDIA_TYPE = "application/problem+json"
log = structlog.get_logger("api")


class FieldProblem(BaseModel):
    field: str
    reason: str


class Problem(BaseModel):
    """An RFC 9457 problem: what went wrong, and for 422 which fields and why."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    request_id: str = ""
    errors: list[FieldProblem] = []


class ApiProblemError(Exception):
    """An error the API raises itself (authentication, access, rate limit, views)."""

    def __init__(
        self, status: int, title: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers or {}


def unauthorized(detail: str = "a valid bearer token is required") -> ApiProblemError:
    return ApiProblemError(401, "unauthorized", detail, {"WWW-Authenticate": "Bearer"})


def forbidden(detail: str) -> ApiProblemError:
    return ApiProblemError(403, "forbidden", detail)


def shutting_down() -> ApiProblemError:
    """503 with `Retry-After`: this process stops serving (another, or its restart, will)."""
    return ApiProblemError(
        503, "shutting-down", "the service is shutting down: retry shortly", {"Retry-After": "1"}
    )


DOMAIN_STATUS: tuple[tuple[type[PetitionError], int, str], ...] = (
    (KeyReusedError, 422, "idempotency-key-reused"),
    (NotFoundError, 404, "not-found"),
    (ShreddedError, 410, "shredded"),
    (DuplicateError, 409, "conflict"),
    (ConcurrentChangeError, 409, "conflict"),
    (BrokenHistoryError, 409, "broken-history"),
    (RuleViolationError, 422, "rule-violated"),
)


def problem(
    request: Request,
    status: int,
    title: str,
    detail: str,
    errors: list[FieldProblem] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    state = request.scope.get("state", {})
    errors, shown_title = errors or [], title
    lang = problem_text.caller_language(request)
    if lang is not None:
        errors = [FieldProblem(field=e.field, reason=lang.translate(e.reason)) for e in errors]
        shown_title = problem_text.localised_title(lang, title)
        detail = problem_text.localised_detail(lang, detail, errors)
    body = Problem(
        type=PROBLEM_TYPE + title,
        title=shown_title,
        status=status,
        detail=detail,
        instance=request.url.path,
        request_id=str(state.get("request_id", "")),
        errors=errors,
    )
    key = state.get("idempotency_key")
    if key:  # the command's id, to retry with (it may have been stored)
        headers = {**(headers or {}), "Idempotency-Key": key}
    return JSONResponse(
        body.model_dump(exclude_defaults=False),
        status_code=status,
        media_type=MEDIA_TYPE,
        headers=headers,
    )


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "form"}:
        parts = parts[1:] or parts
    return ".".join(parts) or "body"


async def on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101
    errors = [FieldProblem(field=_field(e.get("loc", ())), reason=e["msg"]) for e in exc.errors()]
    detail = "; ".join(f"{e.field}: {e.reason}" for e in errors)
    return problem(request, 422, "invalid-request", detail, errors)


async def on_domain(request: Request, exc: Exception) -> JSONResponse:
    for cls, status, title in DOMAIN_STATUS:
        if isinstance(exc, cls):
            return problem(request, status, title, str(exc))
    return problem(request, 422, "rule-violated", str(exc))


async def on_api_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiProblemError)  # noqa: S101
    return problem(request, exc.status, exc.title, exc.detail, headers=exc.headers)


async def on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101
    title = {
        400: "bad-request",
        404: "not-found",
        405: "method-not-allowed",
        413: "too-large",
    }.get(exc.status_code, "http-error")
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 405:  # noqa: PLR2004  # every method of every route on the path
        headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request.app, request))}
    return problem(request, exc.status_code, title, str(exc.detail), headers=headers)


def allowed_methods(app: ASGIApp, request: Request) -> list[str]:
    """The methods the API answers on this path (from its OpenAPI paths), OPTIONS included."""
    paths: list[tuple[re.Pattern[str], set[str]]] | None = getattr(app, "allowed_paths", None)
    if paths is None:
        openapi: dict[str, Any] = getattr(app, "openapi", dict)()
        paths = [
            (re.compile("^" + _path_pattern(path) + "$"), set(item))
            for path, item in openapi.get("paths", {}).items()
        ]
        setattr(app, "allowed_paths", paths)  # noqa: B010  # computed once per app
    methods = {"OPTIONS"}
    for pattern, verbs in paths:
        if pattern.match(request.url.path):
            methods |= {v.upper() for v in verbs}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def _path_pattern(path: str) -> str:
    """An OpenAPI path as a regular expression: literal parts escaped, `{name}` one segment."""
    parts = re.split(r"\{[^/}]+\}", path)
    return "[^/]+".join(re.escape(part) for part in parts)


async def on_store(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, IntegrityError):
        return problem(request, 409, "conflict", "a conflicting change was saved first")
    return store_unavailable(request, exc)


# What a store closed under a request raises (the service shutting down, a pool closed):
# the library's own error for its closed pool, psycopg_pool's, and SQLite's closed connection
# (raised as is, or as the library's ProgrammingError).
CLOSED_STORE_ERRORS = (
    ConnectionPoolClosedError,
    PoolClosed,
    ProgrammingError,
    sqlite3.ProgrammingError,
)
CLOSED_DATABASE = "closed database"  # sqlite3: "Cannot operate on a closed database."


def store_closed(exc: BaseException) -> bool:
    """Whether `exc`, or an error it was raised from or during, says a store was closed."""
    seen: set[int] = set()
    error: BaseException | None = exc
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, ConnectionPoolClosedError | PoolClosed):
            return True
        if isinstance(error, ProgrammingError | sqlite3.ProgrammingError) and (
            CLOSED_DATABASE in str(error)
        ):
            return True
        error = error.__cause__ or error.__context__
    return False


async def on_closed_store(request: Request, exc: Exception) -> JSONResponse:
    """A store closed under the request: 503 as for a store away; any other error goes on (500)."""
    if not store_closed(exc):
        raise exc
    return store_unavailable(request, exc)


def store_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """503 with `Retry-After`: the store is busy, unreachable or closed."""
    log.warning("store_unavailable", error_type=type(exc).__name__)
    return problem(
        request,
        503,
        "store-unavailable",
        "the event store is busy or unreachable; retry shortly",
        headers={"Retry-After": "1"},
    )


async def on_key_store(request: Request, exc: Exception) -> JSONResponse:
    log.error("identity_key_unreadable", error_type=type(exc).__name__)
    return problem(
        request,
        503,
        "key-store-unreadable",
        "the identity key store does not open with the configured master key",
    )


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    if store_closed(exc):  # raised from a closed store's error: the caller may retry
        return store_unavailable(request, exc)
    log.error("unexpected_error", error_type=type(exc).__name__)
    return problem(request, 500, "internal-error", "an unexpected error occurred")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(PetitionError, on_domain)
    app.add_exception_handler(ApiProblemError, on_api_problem)
    app.add_exception_handler(StarletteHTTPException, on_http)
    for error in (IntegrityError, OperationalError, InterfaceError):
        app.add_exception_handler(error, on_store)
    for closed in CLOSED_STORE_ERRORS:
        app.add_exception_handler(closed, on_closed_store)
    app.add_exception_handler(UnreadableKeyError, on_key_store)
    app.add_exception_handler(Exception, on_unexpected)


ALWAYS = (400, 413, 503)  # any request may be malformed, too large, or meet the store away


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of a route's error responses (with those any route may give)."""
    texts = {
        400: "Malformed request: a body that cannot be read or parsed",
        401: "Missing or invalid bearer token",
        403: "The caller's role or agency does not allow this",
        404: "Unknown id or reference code",
        409: "Conflicting concurrent change or duplicate",
        410: "The personal data was shredded: nobody can read it any more",
        413: "Request body too large",
        422: "Invalid field or broken rule (names the field and the reason)",
        429: "Too many requests; see Retry-After",
        503: "The store is unreachable or the read models have not caught up; see Retry-After",
    }
    return {
        s: {"model": Problem, "description": texts[s], "content": {MEDIA_TYPE: {}}}
        for s in sorted({*statuses, *ALWAYS})
    }
