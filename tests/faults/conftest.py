"""Fault tests: a PostgreSQL cluster of their own, restarted, stopped and crashed at will.

Where no PostgreSQL server binaries are installed they skip, saying why; under CI
(CI=true) they fail instead. Each test's figures (commands tried, answered, stored
once, lost, doubled, the longest wait) are printed at the end of the run (by tests/conftest.py).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from ops.settings import Settings
from tests.conftest import FAULT_FIGURE
from tests.faults.audit import Figures
from tests.faults.cluster import DBNAME, Cluster, binaries


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    bin_dir = binaries()
    if bin_dir is None:
        message = "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    cluster = Cluster(bin_dir)
    try:
        cluster.init()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def fault_settings(cluster: Cluster) -> Settings:
    """Settings for a fresh schema on the test's own cluster (started, if a test stopped it)."""
    schema = f"f_{uuid.uuid4().hex[:12]}"
    with cluster.connect() as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return Settings(
        environment="test",
        persistence_module="eventsourcing.postgres",
        postgres_host="127.0.0.1",
        postgres_port=cluster.port,
        postgres_user="postgres",
        postgres_password="",
        postgres_dbname=DBNAME,
        postgres_schema=schema,
        postgres_pool_size=4,
    )


class Recorded(list[Figures]):
    """A test's figures, each also kept in its report: `tests/conftest.py` prints them at
    the end of the run (from pytest-xdist's workers too)."""

    def __init__(self, node: pytest.Item) -> None:
        super().__init__()
        self.node = node

    def append(self, entry: Figures) -> None:
        super().append(entry)
        self.node.user_properties.append((FAULT_FIGURE, entry.line()))


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> list[Figures]:
    return Recorded(request.node)
