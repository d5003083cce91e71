"""The users directory: every account's name, post, role and agency, for lists and forms.

It follows the accounts application's log, not the petitions log: its tracking
position is an accounts position (`Written.position` of an account command), so
it is waited on apart from the petitions views (`UsersView.wait_for`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from projections.rows import Table
from projections.store import RowStore

ORDER = "ORDER BY display_name, username"


@dataclass(frozen=True)
class UserRow:
    """One account as lists show it; no password or token hash ever reaches this row."""

    user_id: UUID
    username: str
    display_name: str
    post: str
    role: str  # a `domain.users.Role` value, or "" while the user holds none
    agency_id: UUID | None
    active: bool

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username


USERS: Table[UserRow] = Table(
    "users", UserRow, "user_id", indexes=(("agency_id",), ("role",), ("username",))
)


class UsersView(RowStore):
    name: ClassVar[str] = "users"
    tables: ClassVar[tuple[Table[Any], ...]] = (USERS,)
    application: ClassVar[str] = "accounts"

    def all(self) -> list[UserRow]:
        """Every user, by name."""
        return self.select_rows(USERS, "", (), ORDER)

    def of_agencies(self, agency_ids: Collection[UUID]) -> list[UserRow]:
        """The users whose role is scoped to one of `agency_ids`, by name."""
        if not agency_ids:
            return []
        marks = ", ".join("?" * len(agency_ids))
        return self.select_rows(USERS, f"agency_id IN ({marks})", list(agency_ids), ORDER)

    def officers_of(self, agency_id: UUID) -> list[UserRow]:
        """The active officers of one agency, by name: who a case there may be assigned to."""
        where = "agency_id = ? AND role = ? AND active = ?"
        return self.select_rows(USERS, where, (agency_id, "officer", True), ORDER)
