"""A store with history in petitions and accounts, its integrity logs caught up."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.accounts import Accounts
from domain.application import Petitions
from domain.users import Role
from ops.history import generate
from ops.rebuild import catch_up
from ops.settings import Settings
from ops.wiring import accounts_env, open_view
from projections.catalogue import INTEGRITY_PROJECTIONS
from tests.api.conftest import cheap_password_hashing  # noqa: F401  # autouse here too

CASES = 40


def fill(settings: Settings) -> None:
    """Some petitions and some accounts."""
    petitions = Petitions(settings.eventsourcing_env())
    try:
        generate(petitions, CASES, seed=3)
    finally:
        petitions.close()
    accounts = Accounts(accounts_env(settings))
    try:
        for number in range(5):
            accounts.register_user(f"user{number}", "x", Role.AUDITOR, None, "test")
    finally:
        accounts.close()


def catch_up_integrity(settings: Settings) -> None:
    for projection in INTEGRITY_PROJECTIONS.values():
        view = open_view(settings, projection)
        try:
            catch_up(settings, projection, view)
        finally:
            view.close()


@pytest.fixture
def integrity_settings(store_settings: Settings, tmp_path: Path) -> Settings:
    """A filled store, with a signing key and a checkpoint directory of its own."""
    return store_settings.model_copy(
        update={
            "integrity_key_file": str(tmp_path / "keys" / "integrity.key"),
            "integrity_checkpoint_dir": str(tmp_path / "checkpoints"),
        }
    )
