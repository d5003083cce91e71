"""Chasing up (đôn đốc): the transferring agency, or one above the holder, urges settlement."""

from __future__ import annotations

from datetime import date

import pytest

from domain.case import Case
from domain.errors import InvalidTransitionError, RuleViolationError
from domain.kinds import Kind
from tests.domain.builders import (
    CALENDAR,
    COMMUNE,
    OTHER_COMMUNE,
    PROVINCE,
    accepted_case,
    act,
    classified_case,
    replay,
)


def test_the_agency_that_transferred_a_petition_chases_it_up() -> None:
    case = classified_case(Kind.RECOMMENDATION, competent=COMMUNE)
    case.refer(COMMUNE, act(date(2025, 6, 4)), CALENDAR)
    last_act_on = case.last_act_on
    case.chase_up(PROVINCE, "15/CV-TTr", act(date(2025, 7, 1), "no answer yet"))
    events = case.collect_events()
    chased = events[-1]
    assert type(chased).__name__ == "ChasedUp"
    assert (chased.urged_agency_id, chased.urging_agency_path) == (COMMUNE.id, PROVINCE.path)
    assert chased.document_ref == "15/CV-TTr"
    # Another agency's act: the holder's chronology is its own.
    assert case.last_act_on == last_act_on
    replayed = replay(events)
    assert isinstance(replayed, Case)
    assert (replayed.status, replayed.last_act_on) == (case.status, last_act_on)


def test_the_holder_and_unrelated_agencies_do_not_chase_up() -> None:
    case = accepted_case(Kind.RECOMMENDATION, agency=COMMUNE)
    with pytest.raises(RuleViolationError, match="does not chase itself up"):
        case.chase_up(COMMUNE, "1/CV", act(date(2025, 6, 10), agency=COMMUNE))
    with pytest.raises(RuleViolationError, match="one above the agency"):
        case.chase_up(OTHER_COMMUNE, "1/CV", act(date(2025, 6, 10), agency=OTHER_COMMUNE))
    case.chase_up(PROVINCE, "2/CV", act(date(2025, 6, 10)))  # the commune's superior may


def test_a_settled_petition_is_not_chased_up() -> None:
    case = accepted_case(Kind.RECOMMENDATION, agency=COMMUNE)
    case.conclude("accepted", "TB-1", act(date(2025, 6, 20), agency=COMMUNE), None, CALENDAR)
    with pytest.raises(InvalidTransitionError, match="concluded"):
        case.chase_up(PROVINCE, "3/CV", act(date(2025, 6, 25)))
