"""The users directory follows registrations, profiles, role grants, revocations and deactivations.

Password changes, access tokens and idempotency markers share the accounts log; they
are skipped undecoded (their positions still advance the view's tracking).
"""

from __future__ import annotations

from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod

from domain.users import User
from projections.batching import BatchProjection
from projections.session import Session
from projections.users.persistence import USERS, UserRow, UsersView
from projections.users.postgres import PostgresUsersView
from projections.users.sqlite import SQLiteUsersView


class UsersProjection(BatchProjection[UsersView]):
    name = "users"
    interests: ClassVar[tuple[type, ...]] = (
        User.Registered,
        User.Described,
        User.RoleGranted,
        User.RoleRevoked,
        User.Deactivated,
    )

    @classmethod
    def view_classes(cls) -> dict[str, type[UsersView]]:
        return {"sqlite": SQLiteUsersView, "postgres": PostgresUsersView}

    @singledispatchmethod
    def handle(self, event: object, session: Session) -> None:
        """Other events change no user."""

    @handle.register(User.Registered)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        row = UserRow(e.originator_id, e.username, e.display_name, e.post, "", None, active=True)
        session.put(USERS, row)

    @handle.register(User.Described)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        session.update(USERS, e.originator_id, display_name=e.display_name, post=e.post)

    @handle.register(User.RoleGranted)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        session.update(USERS, e.originator_id, role=e.role, agency_id=e.agency_id)

    @handle.register(User.RoleRevoked)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        session.update(USERS, e.originator_id, role="", agency_id=None)

    @handle.register(User.Deactivated)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        session.update(USERS, e.originator_id, role="", agency_id=None, active=False)
