"""The application stories run watched: no personal data they record in a log or a table."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

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
