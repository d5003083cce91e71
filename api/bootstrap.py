"""The first administrator: made by `ops create-admin`, or on the embedded first start."""

from __future__ import annotations

import sys

from api.security import hash_password, new_password
from domain.accounts import Accounts
from domain.users import Role
from domain.views import Written

SYSTEM = "system"


def create_administrator(accounts: Accounts, username: str, password: str) -> Written:
    """Register `username` as an administrator with no agency scope."""
    return accounts.register_user(
        username, hash_password(password), Role.ADMINISTRATOR, None, SYSTEM
    )


def ensure_first_administrator(accounts: Accounts, username: str = "admin") -> bool:
    """On an empty accounts store, create an administrator and print its password once."""
    if accounts.has_users():
        return False
    password = new_password()
    create_administrator(accounts, username, password)
    sys.stdout.write(
        f"\nFirst start: created administrator {username!r} with password {password}\n"
        "It is shown only this once; sign in and change it (POST /users/me/password).\n\n"
    )
    sys.stdout.flush()
    return True
