"""The second legal re-read (DOMAIN.md: settlement-results form, suspension), pure domain."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from pydantic import ValidationError

from domain.case import Case
from domain.errors import InvalidOutcomeError, RuleViolationError
from domain.kinds import Complexity, EffectOnContested, EffectOnFirst, Kind, Status
from domain.rule_config import LimitOverrides, configured_books
from domain.rules import RULEBOOK_2020, RULEBOOK_2020_1, RULES, RuleBooks
from ops.settings import Settings
from tests.domain.builders import (
    CALENDAR,
    COMMUNE,
    PROVINCE,
    accepted_case,
    act,
    concluded_complaint,
    filed_second_instance,
)

FILED = date(2025, 7, 1)


def second_instance(first: Case | None = None) -> Case:
    second = filed_second_instance(first or concluded_complaint(), FILED)
    second.accept(PROVINCE, act(FILED), CALENDAR, Complexity.ORDINARY)
    return second


def test_a_second_instance_decision_records_its_effect_on_the_first() -> None:
    """DOMAIN: the second-instance decision "can annul or amend the first"."""
    first = concluded_complaint()
    case = second_instance(first)
    case.conclude(
        "partly_right",
        "9/QĐ",
        act(date(2025, 7, 20)),
        EffectOnContested.AMENDED,
        effect_on_first=EffectOnFirst.ANNULLED,
        first=first,
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


def test_a_second_instance_on_the_first_instances_silence_has_no_first_decision_to_change() -> None:
    """Law on Complaints art. 33: a second complaint may follow a first one left unanswered
    past its limit; no first-instance decision exists then, so the second decision neither
    recognises, annuls nor amends one (settlement form row 14 would count a decision that
    annulled nothing)."""
    first = accepted_case(Kind.COMPLAINT, agency=COMMUNE)  # due 2 July 2025, never decided
    second = filed_second_instance(first, date(2025, 7, 10))
    second.accept(PROVINCE, act(date(2025, 7, 10)), CALENDAR, Complexity.ORDINARY)
    decision = ("right", "9/QĐ", act(date(2025, 7, 20)), EffectOnContested.ANNULLED)
    with pytest.raises(InvalidOutcomeError, match="no first-instance decision"):
        second.conclude(*decision, effect_on_first=EffectOnFirst.ANNULLED, first=first)
    with pytest.raises(InvalidOutcomeError, match="no first-instance decision"):
        second.conclude(*decision, effect_on_first=EffectOnFirst.ANNULLED)  # none given
    second.conclude(*decision, first=first)
    assert second.status == Status.CONCLUDED


def test_a_first_decision_made_late_after_the_second_complaint_can_be_annulled() -> None:
    """The first instance may still decide after the second complaint was filed on its
    silence; the second decision may then annul that decision, not one dated after it."""
    first = accepted_case(Kind.COMPLAINT, agency=COMMUNE)
    second = filed_second_instance(first, date(2025, 7, 10))
    second.accept(PROVINCE, act(date(2025, 7, 10)), CALENDAR, Complexity.ORDINARY)
    first.conclude(
        "wrong", "QD-9", act(date(2025, 7, 15), agency=COMMUNE), EffectOnContested.UPHELD
    )
    early = ("right", "9/QĐ", act(date(2025, 7, 14)), EffectOnContested.ANNULLED)
    with pytest.raises(InvalidOutcomeError, match="no first-instance decision"):
        second.conclude(*early, effect_on_first=EffectOnFirst.ANNULLED, first=first)
    decision = ("right", "9/QĐ", act(date(2025, 7, 20)), EffectOnContested.ANNULLED)
    second.conclude(*decision, effect_on_first=EffectOnFirst.ANNULLED, first=first)
    assert second.collect_events()[-1].effect_on_first == "annulled"  # type: ignore[attr-defined]


def test_a_second_decision_changing_the_contested_decision_does_not_recognise_the_first() -> None:
    """The commune found the complaint wrong and upheld the contested decision; a province
    decision annulling the contested decision cannot recognise (uphold) the commune's
    decision, which left it standing: it annuls or amends it (row 14 would miss it)."""
    first = concluded_complaint()  # wrong: the contested decision upheld
    second = second_instance(first)
    decision = ("right", "9/QĐ", act(date(2025, 7, 20)), EffectOnContested.ANNULLED)
    with pytest.raises(InvalidOutcomeError, match="recognising the first"):
        second.conclude(*decision, effect_on_first=EffectOnFirst.UPHELD, first=first)
    second.conclude(*decision, effect_on_first=EffectOnFirst.ANNULLED, first=first)
    assert second.status == Status.CONCLUDED


def test_a_second_decision_leaving_the_contested_decision_as_the_first_did_may_recognise_it() -> (
    None
):
    first = concluded_complaint()
    second = second_instance(first)
    decision = ("wrong", "9/QĐ", act(date(2025, 7, 20)), EffectOnContested.UPHELD)
    second.conclude(*decision, effect_on_first=EffectOnFirst.UPHELD, first=first)
    assert second.collect_events()[-1].effect_on_first == "upheld"  # type: ignore[attr-defined]


def test_a_decision_stored_before_version_6_recorded_no_effect_on_the_first() -> None:
    state = {"effect_on_contested": "annulled"}
    Case.Concluded.upcast_v5_v6(state)
    assert state["effect_on_first"] is None


# ----- suspension (tạm đình chỉ) by kind, as versioned rule data ---------------------------


def suspended(kind: Kind, rules: RuleBooks = RULES) -> Case:
    case = accepted_case(kind)  # accepted Monday 2 June 2025
    case.suspend(act(date(2025, 6, 12), "awaiting an expert's opinion"), CALENDAR, rules=rules)
    return case


def test_a_denunciations_suspension_follows_a_confirmed_rule() -> None:
    """DOMAIN, denunciations: "suspension (tạm đình chỉ) | the suspended time does not count"."""
    event = suspended(Kind.DENUNCIATION).collect_events()[-1]
    assert event.rule_confirmed is True  # type: ignore[attr-defined]
    assert "Law on Denunciations" in event.suspension_rule  # type: ignore[attr-defined]
    assert event.rulebook_version == "VN-2020.2"  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", [Kind.COMPLAINT, Kind.RECOMMENDATION, Kind.REFLECTION])
def test_a_suspension_the_legal_review_does_not_state_is_flagged_unconfirmed(kind: Kind) -> None:
    """DOMAIN.md states suspension for denunciations only: for the other kinds it is
    configuration (the preamble: unconfirmed facts are configuration), never a constant."""
    event = suspended(kind).collect_events()[-1]
    assert event.rule_confirmed is False  # type: ignore[attr-defined]
    assert "verify" in event.suspension_rule  # type: ignore[attr-defined]


def test_a_book_that_does_not_suspend_a_kind_refuses_its_suspension() -> None:
    only_denunciations = {Kind.DENUNCIATION: RULEBOOK_2020.suspension[Kind.DENUNCIATION]}
    book = replace(RULEBOOK_2020, suspension=only_denunciations)
    rules = RuleBooks((RULEBOOK_2020_1, book))
    with pytest.raises(RuleViolationError, match="suspended"):
        suspended(Kind.RECOMMENDATION, rules)
    assert suspended(Kind.DENUNCIATION, rules).status == Status.SUSPENDED


def test_a_denunciations_suspended_time_does_not_count() -> None:
    """Accepted 2 June (due Wed 2 July), suspended 12 June with 20 days left, resumed on
    1 August: due 21 August, and not overdue on any day between."""
    case = suspended(Kind.DENUNCIATION)
    assert not case.overdue_on(date(2025, 7, 20))
    case.resume(act(date(2025, 8, 1), "the expert's opinion arrived"), CALENDAR)
    assert case.due_date == date(2025, 8, 21)
    assert not case.overdue_on(date(2025, 8, 21))
    assert case.overdue_on(date(2025, 8, 22))


def test_a_suspension_stored_before_version_3_recorded_no_rule() -> None:
    state: dict[str, object] = {"remaining_days": 3, "calendar_version": "x"}
    Case.Suspended.upcast_v2_v3(state)
    assert (state["rule_confirmed"], state["suspension_rule"]) == (None, "")


def test_an_administration_may_refuse_the_unconfirmed_suspensions() -> None:
    """LIMIT_SUSPENDED_KINDS lists the kinds besides denunciations that may be suspended."""
    rules = configured_books(LimitOverrides.from_env({"LIMIT_SUSPENDED_KINDS": "complaint"}))
    with pytest.raises(RuleViolationError, match="not suspended"):
        suspended(Kind.RECOMMENDATION, rules)
    event = suspended(Kind.COMPLAINT, rules).collect_events()[-1]
    assert "+cfg-" in event.rulebook_version  # type: ignore[attr-defined]
    assert suspended(Kind.DENUNCIATION, rules).status == Status.SUSPENDED
    with pytest.raises(RuleViolationError, match="LIMIT_SUSPENDED_KINDS"):
        LimitOverrides.from_env({"LIMIT_SUSPENDED_KINDS": "complaint,appeal"})


@pytest.mark.parametrize("value", ["complaints", "complaint reflection", ",", " , "])
def test_a_suspended_kinds_setting_naming_no_kind_is_refused_when_the_settings_load(
    value: str,
) -> None:
    """A typo (or a list of nothing) is refused with the setting's name when the settings
    are read, by every entry point, not silently ignored or left to the application."""
    with pytest.raises(ValidationError, match="limit_suspended_kinds"):
        Settings(limit_suspended_kinds=value)
    with pytest.raises(RuleViolationError, match="LIMIT_SUSPENDED_KINDS"):
        LimitOverrides.from_env({"LIMIT_SUSPENDED_KINDS": value})


def test_a_suspended_kinds_setting_is_passed_on_in_its_sorted_form() -> None:
    env = Settings(limit_suspended_kinds="reflection, complaint").eventsourcing_env()
    assert env["LIMIT_SUSPENDED_KINDS"] == "complaint,reflection"
    assert Settings(limit_suspended_kinds="").eventsourcing_env()["LIMIT_SUSPENDED_KINDS"] == ""
