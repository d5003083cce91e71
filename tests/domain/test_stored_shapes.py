"""Events stored by earlier builds still load, upcast to their current shape."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest

from domain.act import Act
from domain.agency import Agency
from domain.agency_kinds import AgencyKind
from domain.application import Petitions
from tests.domain.stored_shapes import as_stored_before, reloaded, snapshot_stored_before


@pytest.fixture
def app() -> Iterator[Petitions]:
    app = Petitions({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield app
    app.close()


def test_an_agency_registered_before_kinds_existed_loads_as_a_peoples_committee(
    app: Petitions,
) -> None:
    """Agency.Registered v1 had no `kind`: every agency then was a People's Committee."""
    agency = Agency.register(
        "UBND", "BK", "province", None, Act("a", UUID(int=1), date(2025, 1, 2))
    )
    (registered,) = agency.collect_events()
    old = reloaded(app, as_stored_before(app, registered, drop=("kind",)))
    assert old.kind == AgencyKind.PEOPLES_COMMITTEE
    assert old.mutate(None).kind == "peoples_committee"


def test_an_agency_snapshot_taken_before_kinds_existed_loads_as_a_peoples_committee(
    app: Petitions,
) -> None:
    agency = Agency.register(
        "UBND", "BK", "province", None, Act("a", UUID(int=1), date(2025, 1, 2))
    )
    snapshot = Agency.Snapshot.take(agency)
    old = reloaded(app, snapshot_stored_before(app, snapshot, drop=("kind",)))
    assert old.mutate(None).kind == "peoples_committee"
