"""The API tests' fixtures, shared by the intake tests (forwarding, Open311, import)."""

from __future__ import annotations

from tests.api.conftest import (  # noqa: F401
    PASSWORD,
    World,
    cheap_password_hashing,
    live_world,
    sqlite_world,
    world,
)
