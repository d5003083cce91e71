"""Store fixtures: every application test runs on SQLite and on PostgreSQL.

PostgreSQL is reached with POSTGRES_HOST/PORT/USER/PASSWORD/DBNAME (defaults:
127.0.0.1:5432, user postgres, database test). Each test gets a fresh schema,
dropped afterwards. Where PostgreSQL is unreachable its tests skip, saying how
to enable them; under CI (CI=true) they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from ops.settings import Settings

FAULT_FIGURE = "fault figure"  # a report's user property: one fault test's figures (JSON)


def postgres_params() -> dict[str, str]:
    return {
        "host": os.environ.get("POSTGRES_HOST", "127.0.0.1"),
        "port": os.environ.get("POSTGRES_PORT", "5432"),
        "user": os.environ.get("POSTGRES_USER", "postgres"),
        "password": os.environ.get("POSTGRES_PASSWORD", ""),
        "dbname": os.environ.get("POSTGRES_DBNAME", "test"),
    }


def _connect() -> psycopg.Connection:
    return psycopg.connect(**postgres_params(), connect_timeout=3, autocommit=True)


def _unreachable_reason() -> str | None:
    try:
        with _connect():
            return None
    except psycopg.OperationalError as error:
        return str(error).strip().splitlines()[0]


def require_postgres() -> None:
    """Skip (or fail under CI) when PostgreSQL cannot be reached."""
    reason = _unreachable_reason()
    if reason is None:
        return
    message = (
        f"PostgreSQL is not reachable ({reason}). Start it and set POSTGRES_HOST, "
        "POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DBNAME to run these tests."
    )
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def postgres_settings() -> Iterator[Settings]:
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with _connect() as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    params = postgres_params()
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
    with _connect() as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        persistence_module="eventsourcing.sqlite",
        sqlite_dbname=str(tmp_path / "petitions.sqlite"),
    )


@pytest.fixture(params=["sqlite", "postgres"])
def store_settings(request: pytest.FixtureRequest) -> Settings:
    """Settings for a fresh, empty store: once on SQLite, once on PostgreSQL."""
    settings: Settings = request.getfixturevalue(f"{request.param}_settings")
    return settings


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The fault tests' figures (tests/faults), printed at the end of the run.

    The hook lives here, not in tests/faults/conftest.py: under pytest-xdist the
    controller that prints the summary collects nothing, so it never loads that file.
    """
    lines = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == FAULT_FIGURE
    ]
    if not lines:
        return
    terminalreporter.section("fault figures")
    for line in lines:
        terminalreporter.write_line(str(line))
