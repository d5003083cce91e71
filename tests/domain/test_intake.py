"""Where a petition came from: the forwarding body, the place, the online service (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from domain.application import Petitions
from domain.case import Case
from domain.errors import RuleViolationError
from domain.intake import Location, Origin, OriginKind, ServiceIntake
from domain.kinds import Channel, Kind
from tests.domain.builders import (
    CALENDAR,
    CLASSIFIED_ON,
    COMMUNE,
    PROVINCE,
    RECEIVED_ON,
    act,
    petition,
    replay,
)
from tests.domain.stored_shapes import reloaded

DELEGATION = Origin(
    OriginKind.NATIONAL_ASSEMBLY_DELEGATION,
    "Đoàn ĐBQH tỉnh Thái Nguyên",
    "125/ĐĐBQH-VP",
    date(2025, 5, 20),
)
ROAD = ServiceIntake("GT-01", "open311-2025.1", "X1 area", beyond_level=False)


@pytest.fixture
def app() -> Iterator[Petitions]:
    app = Petitions({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield app
    app.close()


def receive(**changes: object) -> Case:
    numbered = replace(petition(), **changes)  # type: ignore[arg-type]
    return Case.receive(numbered, PROVINCE, act(RECEIVED_ON), CALENDAR)


def test_a_forwarded_petition_records_the_body_and_its_dispatch() -> None:
    case = receive(channel=Channel.FORWARDED, origin=DELEGATION)
    assert case.origin == {
        "kind": "national_assembly_delegation",
        "name": "Đoàn ĐBQH tỉnh Thái Nguyên",
        "dispatch_number": "125/ĐĐBQH-VP",
        "dispatch_date": date(2025, 5, 20),
    }
    assert Origin.from_fields(case.origin) == DELEGATION


def test_a_forwarded_petition_without_its_forwarding_body_is_refused() -> None:
    with pytest.raises(RuleViolationError, match="names the body"):
        receive(channel=Channel.FORWARDED)


def test_a_petition_sent_by_post_names_no_forwarding_body() -> None:
    with pytest.raises(RuleViolationError, match="names the body"):
        receive(channel=Channel.POST, origin=DELEGATION)


def test_a_dispatch_dated_after_the_receipt_is_refused() -> None:
    late = replace(DELEGATION, dispatch_date=date(2025, 5, 27))
    with pytest.raises(RuleViolationError, match="dispatch is dated after"):
        receive(channel=Channel.FORWARDED, origin=late)


def test_a_dispatch_needs_its_number() -> None:
    with pytest.raises(RuleViolationError, match="dispatch_number is required"):
        receive(channel=Channel.FORWARDED, origin=replace(DELEGATION, dispatch_number=" "))


def test_the_place_a_reflection_is_about_is_stored_on_the_case() -> None:
    place = Location(21.5942, 105.8482, "Đường Bắc Sơn, phường Hoàng Văn Thụ")
    case = receive(channel=Channel.ONLINE, location=place, service=ROAD)
    assert case.location == {
        "lat": 21.5942,
        "long": 105.8482,
        "address": "Đường Bắc Sơn, phường Hoàng Văn Thụ",
    }
    assert case.service_code == "GT-01"


@pytest.mark.parametrize(
    ("place", "reason"),
    [
        (Location(21.5, None, ""), "lat and long are given together"),
        (Location(None, None, "  "), "needs lat and long or an address"),
        (Location(91.0, 105.0), "lat is between"),
        (Location(21.0, 181.0), "long is between"),
    ],
)
def test_a_location_must_be_a_place(place: Location, reason: str) -> None:
    with pytest.raises(RuleViolationError, match=reason):
        receive(channel=Channel.ONLINE, location=place)


def test_only_an_online_petition_comes_through_an_online_service() -> None:
    with pytest.raises(RuleViolationError, match="only a petition filed online"):
        receive(channel=Channel.POST, service=ROAD)


def test_a_province_portal_request_about_a_commune_is_not_beyond_the_level_unless_routed_so() -> (
    None
):
    case = receive(channel=Channel.ONLINE, service=ROAD, location=Location(21.6, 105.8))
    case.classify(Kind.REFLECTION, "giao thông", COMMUNE, act(CLASSIFIED_ON), CALENDAR)
    assert case.received_beyond_level is False


def test_a_routing_rule_may_say_a_portal_request_is_beyond_the_level() -> None:
    routed = replace(ROAD, beyond_level=True)
    case = receive(channel=Channel.ONLINE, service=routed, location=Location(21.6, 105.8))
    case.classify(Kind.REFLECTION, "giao thông", COMMUNE, act(CLASSIFIED_ON), CALENDAR)
    assert case.received_beyond_level is True


def test_a_counter_petition_at_the_province_about_a_commune_stays_beyond_the_level() -> None:
    case = receive()
    case.classify(Kind.REFLECTION, "giao thông", COMMUNE, act(CLASSIFIED_ON), CALENDAR)
    assert case.received_beyond_level is True


def test_a_version_2_receipt_loads_with_no_origin_place_or_service(app: Petitions) -> None:
    case = receive(channel=Channel.FORWARDED, origin=DELEGATION)
    (received,) = case.collect_events()
    stored = app.mapper.to_stored_event(received)
    state = app.mapper.transcoder.decode(stored.state)
    for name in (
        "origin",
        "location",
        "media_url",
        "service_code",
        "service_attributes",
        "intake_rules",
        "beyond_level_by_routing",
    ):
        state.pop(name)
    state["class_version"] = 2
    old = reloaded(app, replace(stored, state=app.mapper.transcoder.encode(state)))
    assert (old.origin, old.location, old.service_code) == (None, None, "")
    assert old.beyond_level_by_routing is None
    replayed = replay([old])
    assert isinstance(replayed, Case)
    assert (replayed.origin, replayed.location, replayed.media_url) == (None, None, "")


def test_a_case_snapshot_taken_before_version_3_receipts_loads_without_them(
    app: Petitions,
) -> None:
    case = receive()
    app.save(case)
    app.take_snapshot(case.id)
    snapshot = next(iter(app.snapshots.get(case.id))) if app.snapshots else None
    assert snapshot is not None
    stored = app.mapper.to_stored_event(snapshot)
    outer = app.mapper.transcoder.decode(stored.state)
    for name in ("origin", "location", "media_url", "service_code", "beyond_level_by_routing"):
        outer["state"].pop(name)
    restored = reloaded(app, replace(stored, state=app.mapper.transcoder.encode(outer)))
    loaded = restored.mutate(None)
    assert (loaded.origin, loaded.location, loaded.service_code) == (None, None, "")
    assert loaded.beyond_level_by_routing is None
