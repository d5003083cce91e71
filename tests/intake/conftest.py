"""The API tests' fixtures, shared by the intake tests (forwarding, Open311, import)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from argon2 import PasswordHasher

from api import security
from ops.settings import Settings
from tests.api.conftest import (  # noqa: F401
    PASSWORD,
    World,
    cheap_password_hashing,
    live_world,
    sqlite_world,
    world,
)
from tests.conftest import postgres_params, require_postgres


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def module_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    """A store shared by a module's tests (one served app per store), on both stores."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("open311")
        yield Settings(
            environment="test",
            persistence_module="eventsourcing.sqlite",
            sqlite_dbname=str(folder / "petitions.sqlite"),
        )
        return
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    params = postgres_params()
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield Settings(
            environment="test",
            persistence_module="eventsourcing.postgres",
            postgres_host=params["host"],
            postgres_port=int(params["port"]),
            postgres_user=params["user"],
            postgres_password=params["password"],
            postgres_dbname=params["dbname"],
            postgres_schema=schema,
            postgres_pool_size=4,
        )
    finally:
        with psycopg.connect(**params, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="module")
def cheap_hashing_for_module() -> Iterator[None]:
    """Argon2 at its lowest cost for fixtures that outlive one test."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(security, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        yield
