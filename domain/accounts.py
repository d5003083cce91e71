"""The accounts application: users, role grants and access tokens, as events.

It is a second `Application`, named `accounts`, so its events live apart from
the petitions log (PostgreSQL: table `accounts_events`; SQLite: its own file).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain.api_clients import ApiClientCommands
from domain.errors import DuplicateError, NotFoundError
from domain.typed_store import TypedStore
from domain.users import AccessToken, AdministratorRoster, Role, User
from domain.views import Written

REGISTERED_TOPIC = "domain.users:User.Registered"
SCAN_PAGE = 1000
HIDDEN = frozenset(
    {"password_hash", "originator_id", "originator_version", "timestamp", "originator_topic"}
)


@dataclass(frozen=True)
class AccountEvent:
    """One event of a user's account, without the password hash."""

    version: int
    event: str
    recorded_at: datetime
    fields: dict[str, Any]


@dataclass(frozen=True)
class Profile:
    """How a user is shown beside their acts: a display name and a post (job title)."""

    display_name: str = ""
    post: str = ""


class Accounts(ApiClientCommands, TypedStore):
    """Who may use the service, in which role and for which agency."""

    name = "accounts"

    def register_user(
        self,
        username: str,
        password_hash: str,
        role: Role,
        agency_id: UUID | None,
        by: str,
        profile: Profile | None = None,
    ) -> Written:
        """Register a user with an initial role grant, in one save."""
        profile = profile or Profile()
        user = User.register(username, password_hash, by, profile.display_name, profile.post)
        user.grant(role, agency_id, by)
        if self._exists(user.id):
            raise DuplicateError(f"the username {username!r} is taken")
        return self._save(user, *self._roster_change(user, was_administrator=False))

    def grant(self, user_id: UUID, role: Role, agency_id: UUID | None, by: str) -> Written:
        user = self.user(user_id)
        was_administrator = user.role == Role.ADMINISTRATOR
        user.grant(role, agency_id, by)
        return self._save(user, *self._roster_change(user, was_administrator))

    def revoke(self, user_id: UUID, by: str) -> Written:
        user = self.user(user_id)
        was_administrator = user.role == Role.ADMINISTRATOR
        user.revoke(by)
        return self._save(user, *self._roster_change(user, was_administrator))

    def describe(self, user_id: UUID, profile: Profile, by: str) -> Written:
        """Set the display name and post shown beside the user's acts."""
        user = self.user(user_id)
        user.describe(profile.display_name, profile.post, by)
        return self._save(user)

    def change_password(self, user_id: UUID, password_hash: str, by: str) -> Written:
        user = self.user(user_id)
        user.change_password(password_hash, by)
        return self._save(user)

    def deactivate(self, user_id: UUID, by: str) -> Written:
        user = self.user(user_id)
        was_administrator = user.role == Role.ADMINISTRATOR
        user.deactivate(by)
        return self._save(user, *self._roster_change(user, was_administrator))

    def administrators(self) -> list[UUID]:
        """The users holding the administrator role."""
        return list(self._roster().user_ids)

    def issue_token(self, user_id: UUID, token_hash: str, expires_at: datetime) -> Written:
        self.user(user_id).require_active()
        return self._save(AccessToken(token_hash, user_id, expires_at))

    def revoke_token(self, token_hash: str) -> Written:
        token = self.token(token_hash)
        token.revoke()
        return self._save(token)

    def user(self, user_id: UUID) -> User:
        return self._get(user_id, User, "user")

    def user_history(self, user_id: UUID) -> list[AccountEvent]:
        """Every event of a user's account in order: registration, grants, revocations."""
        self.user(user_id)
        events: list[Any] = list(self.repository.event_store.get(user_id))
        return [
            AccountEvent(
                version=e.originator_version,
                event=type(e).__name__,
                recorded_at=e.timestamp,
                fields={k: v for k, v in vars(e).items() if k not in HIDDEN},
            )
            for e in events
        ]

    def user_named(self, username: str) -> User:
        return self.user(User.create_id(username))

    def token(self, token_hash: str) -> AccessToken:
        return self._get(AccessToken.create_id(token_hash), AccessToken, "token")

    def has_users(self) -> bool:
        return self.recorder.max_notification_id() is not None

    def _exists(self, aggregate_id: UUID) -> bool:
        try:
            self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return False
        return True

    def _roster_change(
        self, user: User, was_administrator: bool
    ) -> tuple[AdministratorRoster, ...]:
        """The roster changed by `user`'s new role, to save with the user (or nothing)."""
        is_administrator = user.role == Role.ADMINISTRATOR
        if is_administrator == was_administrator:
            return ()
        roster = self._roster()
        if is_administrator:
            roster.add(user.id)
        else:
            roster.remove(user.id)
        return (roster,)

    def _roster(self) -> AdministratorRoster:
        """The roster; in a store from before it existed, started from the users' roles."""
        try:
            return self._get(AdministratorRoster.create_id(), AdministratorRoster, "roster")
        except NotFoundError:
            return AdministratorRoster(self._scanned_administrators())

    def _scanned_administrators(self) -> list[UUID]:
        found: list[UUID] = []
        start = 1
        while True:
            page = self.recorder.select_notifications(
                start=start, limit=SCAN_PAGE, topics=[REGISTERED_TOPIC]
            )
            for notification in page:
                user = self.user(UUID(str(notification.originator_id)))
                if user.role == Role.ADMINISTRATOR and user.active:
                    found.append(user.id)
            if len(page) < SCAN_PAGE:
                return found
            start = page[-1].id + 1
