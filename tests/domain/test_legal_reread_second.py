"""The second legal re-read (DOMAIN.md: settlement-results form, suspension), pure domain."""

from __future__ import annotations

from datetime import date

import pytest

from domain.case import Case
from domain.errors import InvalidOutcomeError
from domain.kinds import Complexity, EffectOnContested, EffectOnFirst, Kind
from tests.domain.builders import (
    CALENDAR,
    PROVINCE,
    accepted_case,
    act,
    concluded_complaint,
    filed_second_instance,
)

FILED = date(2025, 7, 1)


def second_instance() -> Case:
    second = filed_second_instance(concluded_complaint(), FILED)
    second.accept(PROVINCE, act(FILED), CALENDAR, Complexity.ORDINARY)
    return second


def test_a_second_instance_decision_records_its_effect_on_the_first() -> None:
    """DOMAIN: the second-instance decision "can annul or amend the first"."""
    case = second_instance()
    case.conclude(
        "partly_right",
        "9/QĐ",
        act(date(2025, 7, 20)),
        EffectOnContested.AMENDED,
        effect_on_first=EffectOnFirst.ANNULLED,
    )
    concluded = case.collect_events()[-1]
    assert concluded.effect_on_first == "annulled"  # type: ignore[attr-defined]
    assert concluded.effect_on_contested == "amended"  # type: ignore[attr-defined]


def test_only_a_second_instance_complaint_decision_has_an_effect_on_the_first() -> None:
    first = accepted_case(Kind.COMPLAINT)
    with pytest.raises(InvalidOutcomeError, match="second-instance"):
        first.conclude(
            "wrong",
            "1/QĐ",
            act(date(2025, 6, 20)),
            EffectOnContested.UPHELD,
            effect_on_first=EffectOnFirst.UPHELD,
        )


def test_a_decision_stored_before_version_6_recorded_no_effect_on_the_first() -> None:
    state = {"effect_on_contested": "annulled"}
    Case.Concluded.upcast_v5_v6(state)
    assert state["effect_on_first"] is None
