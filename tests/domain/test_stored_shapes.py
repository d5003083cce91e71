"""Events stored by earlier builds still load, upcast to their current shape."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.act import Act
from domain.agency import Agency
from domain.agency_kinds import AgencyKind
from domain.application import Petitions
from domain.case import Case
from domain.kinds import Status
from domain.reception import MeetingKind, ReceptionMeeting
from domain.reception_register import Visit
from tests.domain.builders import accepted_case
from tests.domain.stored_shapes import as_stored_before, reloaded, snapshot_stored_before

DAY = date(2025, 6, 5)


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


def test_a_meeting_held_before_visits_existed_keeps_its_typed_count_as_legacy(
    app: Petitions,
) -> None:
    """ReceptionMeeting.Held v1 had `citizens_received` typed once; v2 counts visits."""
    meeting = ReceptionMeeting.hold(
        "chair", UUID(int=1), [UUID(int=1)], MeetingKind.REGULAR, Act("s", UUID(int=1), DAY)
    )
    (held,) = meeting.collect_events()
    stored = as_stored_before(app, held, drop=("legacy_citizens_received",), citizens_received=14)
    old = reloaded(app, stored).mutate(None)
    assert (old.legacy_citizens_received, old.citizens_received, old.visits) == (14, 14, 0)
    old.record_visit(Visit(3), Act("s", UUID(int=1), DAY))
    assert old.citizens_received == 17


def test_a_petition_taken_before_visits_existed_loads_without_a_visit(app: Petitions) -> None:
    meeting = ReceptionMeeting.hold(
        "chair", UUID(int=1), [UUID(int=1)], MeetingKind.REGULAR, Act("s", UUID(int=1), DAY)
    )
    case_id = uuid4()
    meeting.take_petition(case_id, UUID(int=1), DAY)
    taken = meeting.collect_events()[-1]
    old = reloaded(app, as_stored_before(app, taken, drop=("visit_id",)))
    assert (old.case_id, old.visit_id) == (case_id, None)


def test_a_case_snapshot_taken_before_the_tree_rule_loads_with_no_escalation_fixed(
    app: Petitions,
) -> None:
    """Snapshots lacking the vượt cấp state fall back to the class defaults."""
    case = accepted_case()
    snapshot = Case.Snapshot.take(case)
    stored = snapshot_stored_before(
        app,
        snapshot,
        drop=(
            "receiving_agency_path",
            "competent_agency_path",
            "received_beyond_level",
            "left_receiver",
        ),
    )
    old = reloaded(app, stored).mutate(None)
    assert (old.received_beyond_level, old.left_receiver, old.competent_agency_path) == (
        False,
        False,
        (),
    )
    assert old.status == Status.IN_PROGRESS
