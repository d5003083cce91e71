"""A command's usual case served in one worker-thread hop; anything else by the full path.

FastAPI resolves a command's dependencies one by one (the caller, the role, the
application, the body), each sync one on a worker thread of its own, then checks the
answer against its model again: on this machine that costs more CPU than the command.
A route registered by `api.idempotency.fast_path` is first tried in one worker thread, calling
the same functions the dependencies call (`principal_of_token`, `ensure_role`,
`check_replay`) and the route's own endpoint. Whatever is not the usual case (no
bearer token, an unknown or refused caller, a body that is not JSON or not valid,
a client's Idempotency-Key) makes it answer None *before the command runs*, and the
request is served by the full path, which answers it as it always has (401, 403,
409, 422, replays). Errors of the command itself are raised as from the full path.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import BaseModel

from api.deps import OFFICERS, ensure_role, principal_of_token
from api.idempotency import FastCommand, check_replay
from api.security import Principal
from api.stores import ServedPetitions, Stores


def officer_command(
    model: type[BaseModel],
    endpoint: Callable[[Any, ServedPetitions, Principal], Response],
) -> FastCommand:
    """The fast case of `endpoint(body, app: PetitionsCommand, who: Officer)`, no path params."""

    def command(request: Request, body: bytes) -> Response | None:
        stores: Stores = request.app.state.stores
        try:
            who = ensure_role(principal_of_token(request, stores, _bearer(request)), OFFICERS)
            data = model.model_validate(_json(request, body))
        except Exception:  # noqa: BLE001  # the full path answers it, as it always has
            return None
        check_replay(stores.petitions, who)
        return endpoint(data, stores.petitions, who)

    return command


def _bearer(request: Request) -> str | None:
    authorization = request.headers.get("Authorization")
    scheme, token = get_authorization_scheme_param(authorization)
    if not authorization or scheme.lower() != "bearer":
        return None
    return token


def _json(request: Request, body: bytes) -> object:
    """The body as FastAPI reads it for a JSON model (ValueError when it would not)."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise ValueError(media)
    return json.loads(body)
