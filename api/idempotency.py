"""Idempotency-Key on POST commands: a retry returns the first answer and records nothing twice."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Coroutine
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute

from api.problems import ApiProblemError
from api.security import Principal
from domain.accounts import find_idempotency_record
from domain.idempotency import (
    IdempotencyRecord,
    PendingRequest,
    current_request,
    pending_request,
)

HEADER = "idempotency-key"
REPLAYED = "Idempotent-Replayed"


class ReplayError(Exception):
    """A request repeats an answered one: its first answer is returned."""

    def __init__(self, status_code: int, body: str) -> None:
        super().__init__("replayed")
        self.status_code = status_code
        self.body = body


async def on_replay(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, ReplayError)  # noqa: S101
    return Response(
        exc.body,
        status_code=exc.status_code,
        media_type="application/json",
        headers={REPLAYED: "true"},
    )


def check_replay(request: Request, store: Application[UUID], principal: Principal) -> None:
    """Raise the stored answer (or a conflict) when this key was already used by the caller."""
    del request
    pending = current_request()
    if pending is None:
        return
    pending.user_id = principal.actor_id
    pending.store = store
    record_id = IdempotencyRecord.create_id(pending.user_id, pending.key)
    record = find_idempotency_record(store, record_id)
    if record is None:
        return
    if record.fingerprint != pending.fingerprint:
        raise ApiProblemError(
            422, "idempotency-key-reused", "the Idempotency-Key was used for another request"
        )
    if record.status_code is None:
        raise ApiProblemError(
            409,
            "request-in-progress",
            "a request with this Idempotency-Key is in progress",
            {"Retry-After": "1"},
        )
    raise ReplayError(record.status_code, record.body)


def _record_answer(pending: PendingRequest, status_code: int, body: str) -> None:
    store = pending.store
    if not isinstance(store, Application):
        return
    for marker_id in pending.markers:
        record = find_idempotency_record(store, marker_id)
        if record is not None and record.status_code is None:
            record.answer(status_code, body)
            store.save(record)


class IdempotentRoute(APIRoute):
    """A route that, for POSTs with an Idempotency-Key, records the key with the command."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            key = request.headers.get(HEADER)
            if request.method != "POST" or not key:
                return await original(request)
            body = await request.body()
            digest = hashlib.sha256()
            for part in (request.method, request.url.path, request.url.query):
                digest.update(part.encode() + b"\0")
            digest.update(body)
            with pending_request(PendingRequest(key, digest.hexdigest())) as pending:
                response = await original(request)
            if 200 <= response.status_code < 300 and pending.markers:  # noqa: PLR2004
                await run_in_threadpool(
                    _record_answer, pending, response.status_code, bytes(response.body).decode()
                )
            return response

        return handler
