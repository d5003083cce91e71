"""A conclusion records what it recovered, returned and restored; older conclusions load without."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent

from domain.application import Petitions
from domain.errors import RuleViolationError
from domain.kinds import EffectOnContested, Kind
from domain.remedies import Measures, Remedies
from tests.domain.builders import CALENDAR, accepted_case, act
from tests.domain.stored_shapes import reloaded


@pytest.fixture
def app() -> Iterator[Petitions]:
    app = Petitions({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield app
    app.close()


def test_a_conclusion_records_the_remedies_its_decision_states() -> None:
    case = accepted_case(Kind.COMPLAINT)
    remedies = Remedies(money_returned_vnd=12_000_000, land_returned_m2=250, persons_restored=2)
    case.conclude(
        "partly_right",
        "QD-9",
        act(date(2025, 6, 20)),
        EffectOnContested.AMENDED,
        CALENDAR,
        remedies=remedies,
    )
    concluded = case.collect_events()[-1]
    assert concluded.remedies == {
        "money_to_state_vnd": 0,
        "money_returned_vnd": 12_000_000,
        "land_to_state_m2": 0,
        "land_returned_m2": 250,
        "persons_restored": 2,
    }
    assert Remedies.from_event(concluded.remedies) == remedies


def test_a_conclusion_without_remedies_records_none_not_zero() -> None:
    case = accepted_case(Kind.RECOMMENDATION)
    case.conclude("accepted", "TB-1", act(date(2025, 6, 20)), None, CALENDAR)
    assert case.collect_events()[-1].remedies is None


@pytest.mark.parametrize("bad", [-1, 10**16, True])
def test_remedies_are_whole_non_negative_amounts(bad: Any) -> None:
    with pytest.raises(RuleViolationError):
        Remedies(persons_restored=bad)


def test_a_conclusion_stored_as_version_3_loads_without_remedies(app: Petitions) -> None:
    case = accepted_case(Kind.COMPLAINT)
    case.conclude("wrong", "QD-1", act(date(2025, 6, 20)), EffectOnContested.UPHELD, CALENDAR)
    concluded = case.collect_events()[-1]
    stored = app.mapper.to_stored_event(concluded)
    state = app.mapper.transcoder.decode(stored.state)
    state.pop("remedies")
    state["class_version"] = 3
    old = StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=app.mapper.transcoder.encode(state),
    )
    loaded = reloaded(app, old)
    assert loaded.remedies is None
    assert loaded.outcome == "wrong"


# ----- measures: sanctions recommended and transfers to investigators (DOMAIN review) ---------


def test_a_settlement_records_the_sanctions_and_transfers_to_investigators_it_orders() -> None:
    """DOMAIN, settlement results form: sanctions recommended; transfers to investigators."""
    case = accepted_case(Kind.DENUNCIATION)
    measures = Measures(
        persons_sanction_recommended=3,
        transferred_to_investigators=True,
        persons_to_investigators=1,
    )
    case.conclude("true", "KL-7", act(date(2025, 6, 20)), None, CALENDAR, measures=measures)
    concluded = case.collect_events()[-1]
    assert concluded.measures == {
        "persons_sanction_recommended": 3,
        "transferred_to_investigators": 1,
        "persons_to_investigators": 1,
    }
    assert concluded.remedies is None  # nothing restored recorded: not zero
    assert Measures.from_event(concluded.measures) == measures


def test_measures_are_refused_where_the_law_orders_none() -> None:
    """Persons sent to investigators need the case sent; an answer to a reflection sanctions none."""
    with pytest.raises(RuleViolationError, match="investigators"):
        Measures(persons_to_investigators=2)
    with pytest.raises(RuleViolationError):
        Measures(persons_sanction_recommended=-1)
    case = accepted_case(Kind.REFLECTION)
    with pytest.raises(RuleViolationError, match="complaint or a denunciation"):
        case.conclude(
            "accepted",
            "TB-2",
            act(date(2025, 6, 20)),
            None,
            CALENDAR,
            measures=Measures(persons_sanction_recommended=1),
        )


def test_a_conclusion_stored_as_version_4_loads_without_measures(app: Petitions) -> None:
    case = accepted_case(Kind.COMPLAINT)
    remedies = Remedies(persons_restored=1)
    effect = EffectOnContested.ANNULLED
    case.conclude("right", "QD-2", act(date(2025, 6, 20)), effect, CALENDAR, remedies=remedies)
    stored = app.mapper.to_stored_event(case.collect_events()[-1])
    state = app.mapper.transcoder.decode(stored.state)
    state.pop("measures")
    state["class_version"] = 4
    old = StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=app.mapper.transcoder.encode(state),
    )
    loaded = reloaded(app, old)
    assert (loaded.measures, loaded.remedies["persons_restored"]) == (None, 1)
