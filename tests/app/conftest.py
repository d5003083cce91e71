"""The application stories run watched: no personal data they record in a log or a table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.act import Act
from domain.application import Petitions
from ops.settings import Settings
from tests import leakwatch


@pytest.fixture(autouse=True)
def no_personal_data_leaks(request: pytest.FixtureRequest) -> Iterator[None]:
    """See tests/leakwatch.py; the store is dumped before its fixture drops it."""
    if "store_settings" not in request.fixturenames:
        yield
        return
    settings = request.getfixturevalue("store_settings")
    with leakwatch.watching() as watch:
        yield
        leakwatch.check(watch, None, settings)


@pytest.fixture
def app(store_settings: Settings) -> Iterator[Petitions]:
    """The application on the test's store, closed afterwards."""
    app = Petitions(store_settings.eventsourcing_env())
    yield app
    app.close()


@pytest.fixture
def province(app: Petitions) -> UUID:
    """A province established on 2 January 2025, the root of a test's agencies."""
    act = Act("admin", uuid4(), date(2025, 1, 2), "establishment")
    return app.register_agency("UBND tỉnh", "TN", "province", None, act).id
