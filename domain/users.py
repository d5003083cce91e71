"""Users of the service, their role grants, and the access tokens they hold.

Who granted whom which role is itself an event, so access is auditable. The
domain holds only password hashes and token hashes; hashing happens at the edge.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import RuleViolationError
from domain.text import clean_label

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


class Role(StrEnum):
    OFFICER = "officer"
    LEADER = "leader"
    INSPECTION_BOARD = "inspection_board"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"


SCOPED_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.INSPECTION_BOARD})


class User(Aggregate):
    """An account: a username, a password hash, and at most one role with its agency scope."""

    if TYPE_CHECKING:  # event classes the `@event("...")` decorators below define
        Described: type[Aggregate.Event]

    @staticmethod
    def create_id(username: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"/users/{username}")

    class Registered(Aggregate.Created):
        """Version 2 adds the display name and post shown beside the user's acts."""

        class_version = 2
        username: str
        password_hash: str
        registered_by: str
        display_name: str
        post: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["display_name"] = ""
            state["post"] = ""

    @classmethod
    def register(
        cls,
        username: str,
        password_hash: str,
        registered_by: str,
        display_name: str = "",
        post: str = "",
    ) -> User:
        if not USERNAME.match(username):
            raise RuleViolationError(
                "username must be 3 to 64 lower-case letters, digits, '.', '_' or '-'"
            )
        name, post = _profile(display_name, post)
        return cls(username, password_hash, registered_by, name, post)

    @event(Registered)
    def __init__(
        self,
        username: str,
        password_hash: str,
        registered_by: str,
        display_name: str,
        post: str,
    ) -> None:
        self.username = username
        self.password_hash = password_hash
        self.display_name = display_name
        self.post = post
        self.role: Role | None = None
        self.agency_id: UUID | None = None
        self.active = True
        self.password_changed_at: datetime | None = None
        self.access_changed_at: datetime | None = None  # last grant, revocation, deactivation

    @property
    def shown_name(self) -> str:
        """The name shown beside the user's acts: the display name, else the username."""
        return self.display_name or self.username

    def describe(self, display_name: str, post: str, changed_by: str) -> None:
        """Set the name and post (job title) shown beside the user's acts."""
        self.require_active()
        self._describe(*_profile(display_name, post), changed_by)

    @event("Described")
    def _describe(self, display_name: str, post: str, changed_by: str) -> None:
        self.display_name = display_name
        self.post = post

    def grant(self, role: Role, agency_id: UUID | None, granted_by: str) -> None:
        """Give the user `role` over `agency_id` (and, for leaders and boards, its subtree)."""
        self.require_active()
        if (role in SCOPED_ROLES) != (agency_id is not None):
            raise RuleViolationError("agency_id is required exactly for scoped roles")
        self.trigger_event(
            self.RoleGranted, role=role.value, agency_id=agency_id, granted_by=granted_by
        )

    class RoleGranted(Aggregate.Event):
        """The user's role (and agency) replaced: the tokens issued before no longer authenticate.

        Its stored fields are those of the `@event("RoleGranted")` method it replaced.
        """

        role: str
        agency_id: UUID | None
        granted_by: str

        def apply(self, aggregate: Aggregate) -> None:
            user: User = aggregate  # type: ignore[assignment]
            user.role = Role(self.role)
            user.agency_id = self.agency_id
            user.access_changed_at = self.timestamp

    def revoke(self, revoked_by: str) -> None:
        if self.role is None:
            raise RuleViolationError("the user holds no role")
        self.trigger_event(self.RoleRevoked, revoked_by=revoked_by)

    class RoleRevoked(Aggregate.Event):
        """The user's role withdrawn: the tokens issued before no longer authenticate."""

        revoked_by: str

        def apply(self, aggregate: Aggregate) -> None:
            user: User = aggregate  # type: ignore[assignment]
            user.role = None
            user.agency_id = None
            user.access_changed_at = self.timestamp

    class PasswordChanged(Aggregate.Event):
        """The password replaced: the tokens issued before it no longer authenticate."""

        password_hash: str
        changed_by: str

        def apply(self, aggregate: Aggregate) -> None:
            user: User = aggregate  # type: ignore[assignment]
            user.password_hash = self.password_hash
            user.password_changed_at = self.timestamp

    def change_password(self, password_hash: str, changed_by: str) -> None:
        self.require_active()
        self.trigger_event(self.PasswordChanged, password_hash=password_hash, changed_by=changed_by)

    def accepts_token_issued(self, at: datetime) -> bool:
        """Whether a token issued at `at` still authenticates.

        Not one issued before the last password change, role grant, revocation or
        deactivation: a change of access ends every session opened before it.
        """
        ended = [t for t in (self.password_changed_at, self.access_changed_at) if t is not None]
        return not ended or at > max(ended)

    def deactivate(self, deactivated_by: str) -> None:
        self.require_active()
        self.trigger_event(self.Deactivated, deactivated_by=deactivated_by)

    class Deactivated(Aggregate.Event):
        """The account closed for good: no token of it authenticates again."""

        deactivated_by: str

        def apply(self, aggregate: Aggregate) -> None:
            user: User = aggregate  # type: ignore[assignment]
            user.active = False
            user.role = None
            user.agency_id = None
            user.access_changed_at = self.timestamp

    def require_active(self) -> None:
        if not self.active:
            raise RuleViolationError("the user is deactivated")


def _profile(display_name: str, post: str) -> tuple[str, str]:
    return clean_label(display_name, "display_name"), clean_label(post, "post")


class AccessToken(Aggregate):
    """A bearer token, known by its hash only; its id is derived from that hash."""

    @staticmethod
    def create_id(token_hash: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"/tokens/{token_hash}")

    @event("Issued")
    def __init__(self, token_hash: str, user_id: UUID, expires_at: datetime) -> None:
        self.user_id = user_id
        self.expires_at = expires_at
        self.revoked = False

    def is_valid(self, now: datetime) -> bool:
        return not self.revoked and now < self.expires_at

    @event("Revoked")
    def revoke(self) -> None:
        self.revoked = True


class AdministratorRoster(Aggregate):
    """Who holds the administrator role; saved with each change of it, so one always does."""

    @staticmethod
    def create_id() -> UUID:
        return uuid5(NAMESPACE_URL, "/users/administrators")

    @event("Started")
    def __init__(self, user_ids: list[UUID]) -> None:
        self.user_ids = list(user_ids)

    def add(self, user_id: UUID) -> None:
        if user_id not in self.user_ids:
            self._add(user_id)

    @event("Added")
    def _add(self, user_id: UUID) -> None:
        self.user_ids.append(user_id)

    def remove(self, user_id: UUID) -> None:
        """Take `user_id` off the roster; the last administrator cannot be taken off."""
        if user_id not in self.user_ids:
            return
        if len(self.user_ids) == 1:
            raise RuleViolationError("the last administrator cannot lose the role")
        self._remove(user_id)

    @event("Removed")
    def _remove(self, user_id: UUID) -> None:
        self.user_ids.remove(user_id)
