"""Every POST command carries a command id, so a retry is answered and never recorded twice.

The id is the client's `Idempotency-Key`, or one drawn here when the client sent
none; either way it is returned in the `Idempotency-Key` response header, on errors
too (a 503 after a lost acknowledgement may hide a stored command: retry with the
key). The command's record is saved with its events (`domain.idempotency`), so:

- a request whose key is recorded is answered from the record (`Idempotent-Replayed`);
- a request that fails (a conflict, a broken rule) because a concurrent request
  with its key was saved first is answered with that request's result.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Coroutine
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import IntegrityError
from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from pydantic import BaseModel

from api.problems import ApiProblemError
from api.schemas import CommandResult
from api.security import Principal
from domain.errors import PetitionError
from domain.idempotency import Command, IdempotencyRecord, commanding, current_command
from domain.typed_store import TypedStore
from domain.views import Written

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
JSON = "application/json"
DERIVED = "derived-"
IDENTITY_FIELD = "petitioner"  # a command body's personal data (`PetitionerIn`)
# Left out of a fingerprint with the identity: a petition's summary may name the petitioner
# and is shredded with the identity's data key (docs/summary-sealing.md).
PERSONAL_FIELDS = (IDENTITY_FIELD, "summary")


class ReplayError(Exception):
    """A request repeats a recorded command: its first answer is returned."""

    def __init__(self, status_code: int, body: str) -> None:
        super().__init__("replayed")
        self.status_code = status_code
        self.body = body


async def on_replay(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ReplayError)  # noqa: S101
    return replayed(request, exc.status_code, exc.body)


def replayed(request: Request, status_code: int, body: str) -> Response:
    headers = {REPLAYED: "true"}
    key = request.scope.get("state", {}).get("idempotency_key")
    if key:
        headers[HEADER] = key
    return Response(body, status_code=status_code, media_type="application/json", headers=headers)


def result(written: Written) -> CommandResult:
    """What a command answers."""
    return CommandResult(
        id=written.id,
        version=written.version,
        position=written.position,
        reference_code=written.reference_code,
    )


def needs_lookup() -> bool:
    """Whether `check_replay` reads the store: a key the client sent may be recorded."""
    command = current_command()
    return command is not None and not command.drawn


def json_response(model: BaseModel, status_code: int) -> Response:
    """A model answered as JSON, serialised once (FastAPI would validate it again first)."""
    return Response(model.model_dump_json(), status_code=status_code, media_type=JSON)


def check_replay(store: TypedStore, principal: Principal) -> None:
    """Bind the command to its caller and store; raise its answer when already recorded."""
    command = current_command()
    if command is None:
        return
    command.user_id = principal.actor_id
    command.store = store
    if command.drawn:
        return  # drawn for this request: nothing can be recorded under it yet
    record = store.command_record(command.record_id)
    if record is None:
        return
    if record.fingerprint != command.fingerprint:
        raise ApiProblemError(
            422, "idempotency-key-reused", "the Idempotency-Key was used for another request"
        )
    raise _answer_of(store, record, command)


def _answer_of(store: TypedStore, record: IdempotencyRecord, command: Command) -> Exception:
    written = store.result_of(record)
    if written is not None:
        body = result(written).model_dump_json()
        return ReplayError(record.status_code or command.status_code, body)
    if record.status_code is not None:
        return ReplayError(record.status_code, record.body)
    return ApiProblemError(
        409,
        "request-in-progress",
        "a request with this Idempotency-Key is in progress",
        {"Retry-After": "1"},
    )


def _saved_by_twin(command: Command) -> str | None:
    """The answer of the same command saved by a concurrent request, if it was."""
    store = command.store
    if not isinstance(store, TypedStore) or not command.user_id:
        return None
    written = store.written_by(command)
    if written is None:
        return None
    command.replayed = True
    return result(written).model_dump_json()


def _fingerprint_key(request: Request) -> bytes:
    key: bytes = request.app.state.stores.fingerprint_key
    return key


def fingerprint(key: bytes, request: Request, body: bytes) -> str:
    """The request's HMAC under `key`: its body may hold passwords or personal data.

    A plain hash of it, stored with the command, could be tested against guesses
    by whoever reads the store (at hash speed, not argon2's). The petitioner's
    identity, and a petition's summary, which may name them, are left out altogether
    (`_without_identity`): the record and `key` both outlive a shredding, so a keyed
    hash of them would still confirm a guess to whoever holds both. (A retry under the
    same key is taken as the same command whatever identity or summary it carries, as
    the key promises.)
    """
    digest = hmac.new(key, digestmod=hashlib.sha256)
    for part in (request.method, request.url.path, request.url.query):
        digest.update(part.encode() + b"\0")
    digest.update(_without_identity(body))
    return digest.hexdigest()


def _without_identity(body: bytes) -> bytes:
    """A JSON object's body in one canonical form, without the petitioner's identity or summary.

    Canonical (keys sorted, no spaces): a client re-serialising the same command on a
    retry sends the same command. Any other body is taken as it is.
    """
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if not isinstance(data, dict):
        return body
    for name in PERSONAL_FIELDS:
        data.pop(name, None)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


FastCommand = Callable[[Request, bytes], "Response | None"]
_FAST: dict[Callable[..., Any], FastCommand] = {}


def fast_path(endpoint: Callable[..., Any], command: FastCommand) -> None:
    """Try `command` (one worker thread) before the full path for `endpoint` (`api.fastpath`).

    Only for requests without a client's key; `command` answers None to leave the
    request to the full path, before it has done anything.
    """
    _FAST[endpoint] = command


class IdempotentRoute(APIRoute):
    """A route whose POSTs are commands recorded under a command id, exactly once."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()
        success = self.status_code or 200

        async def handler(request: Request) -> Response:
            if request.method != "POST":
                return await original(request)
            client_key = request.headers.get(HEADER)
            key = client_key or f"{DERIVED}{uuid4().hex}"
            request.scope.setdefault("state", {})["idempotency_key"] = key
            raw = await request.body()
            command = Command(key, fingerprint(_fingerprint_key(request), request, raw), success)
            command.drawn = not client_key
            fast = None if client_key else _FAST.get(self.endpoint)
            with commanding(command):
                try:
                    answer = None
                    if fast is not None:
                        answer = await run_in_threadpool(fast, request, raw)
                    response = answer if answer is not None else await original(request)
                except (PetitionError, IntegrityError):
                    body = (
                        None if not client_key else await run_in_threadpool(_saved_by_twin, command)
                    )
                    if body is None:
                        raise
                    response = Response(body, status_code=success, media_type="application/json")
            response.headers[HEADER] = key
            if command.replayed:
                response.headers[REPLAYED] = "true"
            return response

        return handler
