"""Names for ids: who acted (display name and post) and which agency, for people to read."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from api.security import ADMINISTRATION
from api.stores import Stores
from domain.api_clients import ACTOR_PREFIX
from domain.errors import NotFoundError


@dataclass(frozen=True)
class Person:
    name: str
    post: str


@dataclass
class Names:
    """Looks names up once per id; unknown ids are shown as they are."""

    stores: Stores
    _people: dict[str, Person] = field(default_factory=dict)
    _agencies: dict[UUID, str] = field(default_factory=dict)

    def person(self, actor_id: str) -> Person:
        if actor_id not in self._people:
            self._people[actor_id] = self._find_person(actor_id)
        return self._people[actor_id]

    def agency(self, agency_id: UUID | None) -> str:
        if agency_id is None:
            return ""
        if agency_id not in self._agencies:
            self._agencies[agency_id] = self._find_agency(agency_id)
        return self._agencies[agency_id]

    def _find_person(self, actor_id: str) -> Person:
        if actor_id.startswith(ACTOR_PREFIX):
            return self._find_client(actor_id.removeprefix(ACTOR_PREFIX))
        try:
            user = self.stores.accounts.user(UUID(actor_id))
        except (ValueError, NotFoundError):
            return Person(actor_id, "")
        return Person(user.shown_name, user.post)

    def _find_client(self, client_id: str) -> Person:
        try:
            client = self.stores.accounts.api_client(UUID(client_id))
        except (ValueError, NotFoundError):
            return Person(f"{ACTOR_PREFIX}{client_id}", "")
        return Person(client.name, "Open311 client application")

    def _find_agency(self, agency_id: UUID) -> str:
        if agency_id == ADMINISTRATION:
            return "-"
        try:
            return self.stores.petitions.get_agency(agency_id).name
        except NotFoundError:
            return str(agency_id)
