"""Every statutory time limit in `domain.rules`, checked against the figure in DOMAIN.md."""

from datetime import date

import pytest

from domain.calendar import DayType
from domain.errors import RuleViolationError
from domain.kinds import Complexity, Kind
from domain.rules import RULEBOOK_2020, RULEBOOK_2020_1, rulebook_by_version, rulebook_in_force

ORD = Complexity.ORDINARY
CPX = Complexity.COMPLEX

# DOMAIN.md, "Complaints": first instance 30 / 45 if complex, remote 45 / 60;
# second instance 45 / 60 if complex, remote 60 / 70.
COMPLAINT_DECISION_DAYS = [
    (1, ORD, False, 30),
    (1, CPX, False, 45),
    (1, ORD, True, 45),
    (1, CPX, True, 60),
    (2, ORD, False, 45),
    (2, CPX, False, 60),
    (2, ORD, True, 60),
    (2, CPX, True, 70),
]


@pytest.mark.parametrize(("instance", "complexity", "remote", "days"), COMPLAINT_DECISION_DAYS)
def test_a_complaint_decision_limit_matches_the_law(
    instance: int, complexity: Complexity, remote: bool, days: int
) -> None:
    limit = RULEBOOK_2020.resolution_limit(Kind.COMPLAINT, instance, complexity, remote)
    assert (limit.days, limit.day_type) == (days, DayType.CALENDAR)


@pytest.mark.parametrize("remote", [False, True])
def test_a_denunciation_is_settled_within_30_days(remote: bool) -> None:
    limit = RULEBOOK_2020.resolution_limit(Kind.DENUNCIATION, 1, ORD, remote)
    assert (limit.days, limit.day_type) == (30, DayType.CALENDAR)


def test_a_complex_denunciation_starts_from_the_same_30_days() -> None:
    assert RULEBOOK_2020.resolution_limit(Kind.DENUNCIATION, 1, CPX, remote=False).days == 30


def test_a_complex_denunciation_allows_one_extension_of_at_most_30_days() -> None:
    rule = RULEBOOK_2020.extension_rule(Kind.DENUNCIATION, CPX)
    assert rule is not None
    assert (rule.max_extensions, rule.max_days_each) == (1, 30)


def test_a_particularly_complex_denunciation_allows_two_extensions_of_at_most_30_days() -> None:
    rule = RULEBOOK_2020.extension_rule(Kind.DENUNCIATION, Complexity.PARTICULARLY_COMPLEX)
    assert rule is not None
    assert (rule.max_extensions, rule.max_days_each) == (2, 30)


def test_an_ordinary_denunciation_has_no_extension() -> None:
    assert RULEBOOK_2020.extension_rule(Kind.DENUNCIATION, ORD) is None


@pytest.mark.parametrize("remote", [False, True])
def test_a_complaint_is_filed_within_90_days(remote: bool) -> None:
    limit = RULEBOOK_2020.filing_limit(Kind.COMPLAINT, 1, remote)
    assert limit is not None
    assert (limit.days, limit.day_type) == (90, DayType.CALENDAR)


@pytest.mark.parametrize(("remote", "days"), [(False, 30), (True, 45)])
def test_a_second_instance_complaint_is_filed_within_30_or_45_days(remote: bool, days: int) -> None:
    limit = RULEBOOK_2020.filing_limit(Kind.COMPLAINT, 2, remote)
    assert limit is not None
    assert (limit.days, limit.day_type) == (days, DayType.CALENDAR)


@pytest.mark.parametrize("kind", [Kind.DENUNCIATION, Kind.RECOMMENDATION, Kind.REFLECTION])
def test_only_complaints_have_a_filing_limit(kind: Kind) -> None:
    assert RULEBOOK_2020.filing_limit(kind, 1, remote=False) is None


def test_a_complaint_is_accepted_or_refused_within_10_days_of_receipt() -> None:
    limit = RULEBOOK_2020.intake_limit(Kind.COMPLAINT)
    assert limit.days == 10
    assert not limit.confirmed  # DOMAIN.md: the day type is unconfirmed


def test_a_denunciation_is_checked_within_7_working_days() -> None:
    limit = RULEBOOK_2020.intake_limit(Kind.DENUNCIATION)
    assert (limit.days, limit.day_type) == (7, DayType.WORKING)


@pytest.mark.parametrize("kind", [None, Kind.RECOMMENDATION, Kind.REFLECTION])
def test_other_petitions_are_handled_within_10_working_days_by_default(kind: Kind | None) -> None:
    limit = RULEBOOK_2020.intake_limit(kind)
    assert (limit.days, limit.day_type, limit.confirmed) == (10, DayType.WORKING, False)


def test_a_decision_is_published_within_15_days() -> None:
    assert RULEBOOK_2020.publication.days == 15


@pytest.mark.parametrize("kind", [Kind.RECOMMENDATION, Kind.REFLECTION])
def test_recommendations_have_a_configurable_default_limit(kind: Kind) -> None:
    limit = RULEBOOK_2020.resolution_limit(kind, 1, ORD, remote=False)
    assert limit.days == 30
    assert not limit.confirmed


def test_every_limit_names_its_legal_source() -> None:
    limits = [
        *RULEBOOK_2020.resolution.values(),
        *RULEBOOK_2020.intake.values(),
        *RULEBOOK_2020.filing.values(),
        RULEBOOK_2020.publication,
    ]
    assert all(limit.source.strip() for limit in limits)


def test_a_kind_and_instance_without_a_rule_is_refused() -> None:
    with pytest.raises(RuleViolationError):
        RULEBOOK_2020.resolution_limit(Kind.DENUNCIATION, 2, ORD, remote=False)


def test_the_rule_book_in_force_is_the_latest_effective_one() -> None:
    assert rulebook_in_force(date(2025, 6, 2)) is RULEBOOK_2020


def test_a_date_before_every_rule_book_gets_the_earliest_one() -> None:
    assert rulebook_in_force(date(2001, 1, 1)) is RULEBOOK_2020


def test_a_rule_book_is_found_by_its_version() -> None:
    assert rulebook_by_version("VN-2020.2") is RULEBOOK_2020


def test_the_first_encoding_stays_for_the_cases_accepted_under_it() -> None:
    """Decree 124/2020/ND-CP: both encodings are in force from 10 December 2020."""
    assert rulebook_by_version("VN-2020.1") is RULEBOOK_2020_1
    assert RULEBOOK_2020_1.effective_from == RULEBOOK_2020.effective_from
    assert rulebook_in_force(date(2025, 6, 2)) is RULEBOOK_2020


def test_an_unknown_rule_book_version_is_refused() -> None:
    with pytest.raises(RuleViolationError):
        rulebook_by_version("VN-1999.0")
