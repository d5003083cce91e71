"""Client applications registered for Open311: each holds an api_key, issued and revoked as events.

The key itself is shown once when issued; the store keeps its hash only, and the
client's id is derived from that hash, so a key is found without a scan. A registry
aggregate lists every client for the administrators. A client's filings are
attributed to it: its actor id is `client:<id>`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import IntegrityError

from domain.errors import DuplicateError, InvalidTransitionError, NotFoundError
from domain.text import clean_label
from domain.views import Written

if TYPE_CHECKING:
    from eventsourcing.application import Application

    Base = Application[UUID]
else:
    Base = object

ACTOR_PREFIX = "client:"
REGISTRY_ID = uuid5(NAMESPACE_URL, "/api-clients/registry")


class ApiClient(Aggregate):
    """A client application and the hash of its api_key."""

    @staticmethod
    def create_id(key_hash: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"/api-clients/{key_hash}")

    @event("Issued")
    def __init__(self, name: str, key_hash: str, issued_by: str) -> None:
        self.name = name
        self.issued_by = issued_by
        self.revoked = False

    @property
    def actor_id(self) -> str:
        return f"{ACTOR_PREFIX}{self.id}"

    def revoke(self, by: str, reason: str) -> None:
        if self.revoked:
            raise InvalidTransitionError("the key was revoked already")
        self._revoke(by, clean_label(reason, "reason"))

    @event("Revoked")
    def _revoke(self, revoked_by: str, reason: str) -> None:
        self.revoked = True


class ApiClientRegistry(Aggregate):
    """Every client application by id: its name and whether its key is revoked."""

    @staticmethod
    def create_id() -> UUID:
        return REGISTRY_ID

    @event("Started")
    def __init__(self) -> None:
        self.clients: dict[str, dict[str, Any]] = {}

    @event("Listed")
    def list_client(self, client_id: UUID, name: str) -> None:
        self.clients[str(client_id)] = {"name": name, "revoked": False}

    @event("Delisted")
    def mark_revoked(self, client_id: UUID) -> None:
        self.clients[str(client_id)]["revoked"] = True

    def names(self) -> set[str]:
        return {str(c["name"]) for c in self.clients.values()}


class ApiClientCommands(Base):
    """Issue, revoke and find client applications (mixed into the accounts application)."""

    def issue_api_client(self, name: str, key_hash: str, by: str) -> Written:
        """Register a client application under a unique name with the hash of its new key."""
        name = clean_label(name, "name", required=True)
        registry = self._registry()
        if name in registry.names():
            raise DuplicateError(f"a client application is named {name!r} already")
        client = ApiClient(name, key_hash, by)
        registry.list_client(client.id, name)
        return self._saved(client, registry)

    def revoke_api_client(self, client_id: UUID, by: str, reason: str) -> Written:
        client = self.api_client(client_id)
        client.revoke(by, reason)
        registry = self._registry()
        registry.mark_revoked(client.id)
        return self._saved(client, registry)

    def _saved(self, client: ApiClient, registry: ApiClientRegistry) -> Written:
        try:
            recordings = self.save(client, registry)
        except IntegrityError:
            raise DuplicateError("a conflicting change was saved first") from None
        return Written(client.id, client.version, recordings[-1].notification.id)

    def api_client(self, client_id: UUID) -> ApiClient:
        try:
            client: object = self.repository.get(client_id)
        except AggregateNotFoundError:
            client = None
        if not isinstance(client, ApiClient):
            raise NotFoundError(f"no client application {client_id}")
        return client

    def api_client_by_key(self, key_hash: str) -> ApiClient:
        return self.api_client(ApiClient.create_id(key_hash))

    def api_clients(self) -> dict[str, dict[str, Any]]:
        """Every client application by id: name and revoked."""
        return dict(self._registry().clients)

    def _registry(self) -> ApiClientRegistry:
        try:
            registry: object = self.repository.get(REGISTRY_ID)
        except AggregateNotFoundError:  # no client registered yet
            registry = None
        if isinstance(registry, ApiClientRegistry):
            return registry
        return ApiClientRegistry()
