"""Sessions answered from a bounded cache that the accounts log invalidates at once.

Authenticating a request needs the access token and its user. Both are cached per
token hash; before each look the cache reads the accounts log past what it has seen
(one indexed query) and forgets every session whose token or user changed: a
revocation, deactivation, new grant or logout saved by any API process is refused
by the very next request of every other process. Expiry is checked at each use.

The user's stored history is checked against the integrity log (`verify`) when its
session is loaded, and again once `RECHECK_SECONDS` have passed since the last
check: a role granted by editing the store is never obeyed (the cached user was
built before the edit, a reload checks first), and a cached user whose history was
edited is refused (409) within that interval, without two extra queries per request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from time import monotonic
from uuid import UUID

from domain.accounts import Accounts
from domain.read_cache import LogWatch, WatchedCache
from domain.users import AccessToken, User

SESSIONS = 10_000
RECHECK_SECONDS = 5.0


@dataclass
class Session:
    """A token and its user as they stood at the last change of either (read only)."""

    access: AccessToken
    user: User
    checked_at: float = field(default_factory=monotonic)  # the user's history last checked


def _depends(token_hash: str, session: Session) -> set[UUID]:
    del token_hash
    return {session.access.id, session.user.id}


def _unchecked(user_id: UUID) -> None:
    del user_id


class Sessions:
    """The sessions of one accounts application."""

    def __init__(
        self,
        accounts: Accounts,
        size: int = SESSIONS,
        verify: Callable[[UUID], None] = _unchecked,
    ) -> None:
        self._accounts = accounts
        self._verify = verify
        self._cache: WatchedCache[str, Session] = WatchedCache(
            LogWatch(accounts.recorder), _depends, size
        )

    @property
    def loads(self) -> int:
        return self._cache.loads

    def lookup(self, token_hash: str) -> tuple[AccessToken, User]:
        """The token of a hash and its user; `NotFoundError` when either is unknown.

        Raises what `verify` raises (a `BrokenHistoryError`) for a user whose stored
        history no longer matches the integrity log; such a session is not kept.
        """
        session = self._cache.get(token_hash, self._load)
        if monotonic() - session.checked_at >= RECHECK_SECONDS:
            try:
                self._verify(session.user.id)
            except Exception:
                self._cache.forget(token_hash)
                raise
            session.checked_at = monotonic()
        return session.access, session.user

    def _load(self, token_hash: str) -> Session:
        access = self._accounts.token(token_hash)
        user = self._accounts.user(access.user_id)
        self._verify(user.id)
        return Session(access, user)
