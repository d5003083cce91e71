from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.application import Petitions
from ops.settings import Settings
from tests.projections.story import Story


@pytest.fixture
def app(store_settings: Settings) -> Iterator[Petitions]:
    application = Petitions(store_settings.eventsourcing_env())
    yield application
    application.close()


@pytest.fixture
def story(app: Petitions) -> Story:
    return Story(app)
