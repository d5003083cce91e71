"""PostgreSQL: the service role may append events but never UPDATE or DELETE them."""

# The SQL below names a test schema's table, never input.
# ruff: noqa: S608
from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from domain.application import Petitions
from ops import db_roles_cli
from ops.history import generate
from ops.integrity.check import verify_log
from ops.settings import Settings
from tests.conftest import postgres_params
from tests.integrity.conftest import catch_up_integrity


@pytest.fixture
def roles(postgres_settings: Settings) -> Iterator[tuple[str, str]]:
    suffix = uuid.uuid4().hex[:8]
    owner, service = f"owner_{suffix}", f"service_{suffix}"
    yield owner, service
    with psycopg.connect(**postgres_params(), autocommit=True) as conn:
        for role in (service, owner):
            conn.execute(f'DROP OWNED BY "{role}" CASCADE')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_the_service_role_cannot_update_or_delete_events_but_appends(
    postgres_settings: Settings,
    roles: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    owner, service = roles
    monkeypatch.setattr(db_roles_cli, "get_settings", lambda: postgres_settings)
    assert db_roles_cli.main(["--owner", owner, "--service", service, "--apply"]) == 0
    printed = capsys.readouterr().out
    assert (
        f'REVOKE UPDATE, DELETE ON "{postgres_settings.postgres_schema}"."petitions_events"'
        in printed
    )

    # The service appends events (the library's EXCLUSIVE lock is allowed).
    as_service = postgres_settings.model_copy(
        update={"postgres_user": service, "postgres_create_event_tables": False}
    )
    app = Petitions(as_service.eventsourcing_env())
    try:
        generate(app, 3, seed=1)
    finally:
        app.close()

    # It also runs the read models, whose tables it creates, and verify-log passes.
    catch_up_integrity(as_service)
    assert verify_log(as_service).ok

    table = f'"{postgres_settings.postgres_schema}"."petitions_events"'
    params = {**postgres_params(), "user": service}
    for statement in (f"UPDATE {table} SET topic = 'x'", f"DELETE FROM {table}"):
        with (
            psycopg.connect(**params, autocommit=True) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(statement)
    # Even a superuser meets the trigger (only the owner could disable it, knowingly).
    for statement in (
        f"UPDATE {table} SET topic = 'x'",
        f"DELETE FROM {table}",
        f"TRUNCATE {table}",
    ):
        with (
            psycopg.connect(**postgres_params(), autocommit=True) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"),
        ):
            conn.execute(statement)
    with (
        psycopg.connect(**params, autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
