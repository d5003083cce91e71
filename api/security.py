"""Passwords (argon2) and opaque bearer tokens (stored as SHA-256 hashes)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.users import Role

HASHER = PasswordHasher()
# A valid hash of a random password, verified against when the user is unknown,
# so that a login takes as long whether or not the username exists.
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))
# Acts of an administrator without an agency are attributed to this pseudo-agency.
ADMINISTRATION = UUID(int=0)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_password() -> str:
    return secrets.token_urlsafe(18)


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a user, the role held and the agency it is held for."""

    user_id: UUID
    role: Role
    agency_id: UUID | None

    @property
    def actor_id(self) -> str:
        return str(self.user_id)

    @property
    def acting_agency_id(self) -> UUID:
        return self.agency_id or ADMINISTRATION
