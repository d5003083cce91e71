"""The first administrator: made by `ops create-admin`, or on the embedded first start.

A generated password is written to a file only its owner may read, and only the
file's path is printed: the password never reaches the log or the console.
"""

from __future__ import annotations

import os
from pathlib import Path

import structlog

from api.security import hash_password, new_password
from domain.accounts import Accounts
from domain.users import Role
from domain.views import Written

SYSTEM = "system"
log = structlog.get_logger("api")


def create_administrator(accounts: Accounts, username: str, password: str) -> Written:
    """Register `username` as an administrator with no agency scope."""
    return accounts.register_user(
        username, hash_password(password), Role.ADMINISTRATOR, None, SYSTEM
    )


def write_secret(path: Path, secret: str) -> Path:
    """Write `secret` to `path`, readable and writable by its owner only (mode 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(secret + "\n")
    return path.resolve()


def ensure_first_administrator(
    accounts: Accounts, password_file: Path, username: str = "admin"
) -> bool:
    """On an empty accounts store, create an administrator; its password goes to a file."""
    if accounts.has_users():
        return False
    password = new_password()
    create_administrator(accounts, username, password)
    path = write_secret(password_file, password)
    log.info(
        "first_administrator_created",
        username=username,
        password_file=str(path),
        message=f"first start: administrator {username!r} created; its password is in {path}"
        " (readable by you only); sign in and change it",
    )
    return True
