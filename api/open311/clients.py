"""Client applications of Open311: an administrator issues and revokes their api_keys.

Issuing answers the key once; the store keeps its hash. Both acts are events of the
accounts store, attributed to the administrator; a revoked key files nothing more.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.deps import AccountsCommand, Administrator, StoresDep
from api.idempotency import IdempotentRoute
from api.problems import responses
from api.schemas import CommandResult
from api.security import new_token, token_hash

router = APIRouter(prefix="/open311/clients", tags=["open311"], route_class=IdempotentRoute)
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$")]


class ClientCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "FixMyStreet"}]}
    )

    name: Name = Field(description="The client application's name, shown in case histories")


class ClientRevocation(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "the app was withdrawn"}]}
    )

    reason: Annotated[str, StringConstraints(min_length=1, max_length=500)]


class ClientIssued(CommandResult):
    name: str
    api_key: str = Field(description="Shown once: the store keeps only its hash")


class ClientOut(BaseModel):
    id: UUID
    name: str
    revoked: bool


@router.post(
    "", status_code=201, summary="Issue an api_key", responses=responses(401, 403, 409, 422)
)
def issue(body: ClientCreate, app: AccountsCommand, who: Administrator) -> ClientIssued:
    """Register a client application and answer its new api_key (administrators)."""
    key = new_token()
    written = app.issue_api_client(body.name, token_hash(key), who.actor_id)
    return ClientIssued(
        id=written.id,
        version=written.version,
        position=written.position,
        name=body.name.strip(),
        api_key=key,
    )


@router.get("", summary="List client applications", responses=responses(401, 403))
def list_clients(who: Administrator, stores: StoresDep) -> list[ClientOut]:
    """Every client application, revoked or not (administrators)."""
    del who  # the dependency admits administrators only
    clients = stores.accounts.api_clients()
    return [
        ClientOut(id=UUID(i), name=str(c["name"]), revoked=bool(c["revoked"]))
        for i, c in sorted(clients.items(), key=lambda item: str(item[1]["name"]))
    ]


@router.post(
    "/{client_id}/revocation",
    summary="Revoke an api_key",
    responses=responses(401, 403, 404, 409, 422),
)
def revoke(
    client_id: UUID, body: ClientRevocation, app: AccountsCommand, who: Administrator
) -> CommandResult:
    """Revoke a client application's key, with a reason (administrators)."""
    written = app.revoke_api_client(client_id, who.actor_id, body.reason)
    return CommandResult(id=written.id, version=written.version, position=written.position)
