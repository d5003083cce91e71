"""An API process holds at most its documented PostgreSQL connection budget (~20)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

from api.stores import connection_budget
from bench.common import pg_connections
from ops.settings import Settings
from tests.api.conftest import World, make_world
from tests.conftest import postgres_params

BUDGET = 20


def connections() -> int:
    """The PostgreSQL connections this process holds (not the cluster's: tests run side by side)."""
    return pg_connections(os.getpid(), int(postgres_params()["port"]))


def test_the_budget_is_at_most_twenty(postgres_settings: Settings) -> None:
    budget = connection_budget(Settings())
    assert sum(budget.values()) <= BUDGET
    assert sum(connection_budget(postgres_settings).values()) <= BUDGET


def test_an_api_process_under_load_stays_within_its_budget(
    postgres_settings: Settings,
) -> None:
    settings = postgres_settings.model_copy(update={"postgres_pool_size": 4})
    before = connections()
    for world in make_world(settings):
        _load(world)
        held = connections() - before
        assert 0 < held <= sum(connection_budget(settings).values()) <= BUDGET


def _load(world: World) -> None:
    """Forty requests at once: commands, reads of views and of sessions."""
    world.record()

    body = {
        "channel": "post",
        "summary": "Tranh chấp đất đai",
        "legal_date": "2025-08-01",
        "petitioner": {"full_name": "Trần Thị B"},
    }

    def one(n: int) -> int:
        if n % 3 == 0:
            return int(world.post("officer", "/cases", body).status_code)
        path = "/cases" if n % 3 == 1 else "/users/me"
        user = "leader" if n % 3 == 1 else "officer"
        return int(world.get(user, path).status_code)

    with ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(one, range(120)))
    assert set(results) <= {200, 201, 503}, results
    assert 201 in results
