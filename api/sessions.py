"""Sessions answered from a bounded cache that the accounts log invalidates at once.

Authenticating a request needs the access token and its user. Both are cached per
token hash; before each look the cache reads the accounts log past what it has seen
(one indexed query) and forgets every session whose token or user changed: a
revocation, deactivation, new grant or logout saved by any API process is refused
by the very next request of every other process. Expiry is checked at each use.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.accounts import Accounts
from domain.read_cache import LogWatch, WatchedCache
from domain.users import AccessToken, User

SESSIONS = 10_000


@dataclass(frozen=True)
class Session:
    """A token and its user as they stood at the last change of either (read only)."""

    access: AccessToken
    user: User


def _depends(token_hash: str, session: Session) -> set[UUID]:
    del token_hash
    return {session.access.id, session.user.id}


class Sessions:
    """The sessions of one accounts application."""

    def __init__(self, accounts: Accounts, size: int = SESSIONS) -> None:
        self._accounts = accounts
        self._cache: WatchedCache[str, Session] = WatchedCache(
            LogWatch(accounts.recorder), _depends, size
        )

    @property
    def loads(self) -> int:
        return self._cache.loads

    def lookup(self, token_hash: str) -> tuple[AccessToken, User]:
        """The token of a hash and its user; `NotFoundError` when either is unknown."""
        session = self._cache.get(token_hash, self._load)
        return session.access, session.user

    def _load(self, token_hash: str) -> Session:
        access = self._accounts.token(token_hash)
        return Session(access, self._accounts.user(access.user_id))
