"""Unconfirmed limits are configuration; fields are one vocabulary with a complete ministry map."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest

from domain.calendar import DayType
from domain.competence import COMPETENCE_BOOKS
from domain.errors import RuleViolationError
from domain.fields import FIELD_CODES, FIELDS, fold, normalise_field
from domain.kinds import Complexity, Kind, Procedure
from domain.ministries import MINISTRY_MAPS, ministries_in_force
from domain.rule_config import LimitOverrides, configured_books
from domain.rules import RULEBOOK_2020, RULEBOOK_2020_1, RULES
from ops.settings import LIMIT_SETTINGS, Settings

ON = date(2025, 6, 2)


def test_without_overrides_the_books_are_the_published_ones() -> None:
    assert configured_books(LimitOverrides()) == RULES
    assert RULES.in_force(ON).version == "VN-2020.2"


def test_an_override_equal_to_the_books_value_changes_no_version() -> None:
    """DOMAIN.md: 10 days is the default; configuring 10 is no new rule."""
    books = configured_books(LimitOverrides(intake_days=10, answer_days=30))
    assert books.in_force(ON).version == "VN-2020.2"


def test_a_configured_complaint_intake_day_type_is_a_book_of_its_own() -> None:
    """Law on Complaints art. 27: "10 days", the day type left to configuration."""
    books = configured_books(LimitOverrides(complaint_intake_day_type=DayType.WORKING))
    book = books.in_force(ON)
    assert book.version.startswith("VN-2020.2+cfg-")
    assert len(book.version) == len("VN-2020.2+cfg-") + 8
    limit = book.intake_limit(Kind.COMPLAINT)
    assert (limit.days, limit.day_type, limit.confirmed) == (10, DayType.WORKING, False)
    assert "configured" in limit.source
    assert books.by_version(book.version) is book


def test_each_unconfirmed_limit_is_configured_where_the_law_is_read() -> None:
    """Chapter IV (art. 48, 50), re-examination, decisions in force, enforcement (verify)."""
    overrides = LimitOverrides(
        intake_days=12,
        answer_days=20,
        disciplinary_filing_days=16,
        disciplinary_second_filing_days=11,
        dismissal_second_filing_days=31,
        disciplinary_settlement_days=31,
        disciplinary_complex_settlement_days=46,
        reexamination_days=40,
        reexamination_complex_days=50,
        in_force_days=33,
        in_force_remote_days=48,
        enforcement_working_days=7,
    )
    book = configured_books(overrides).in_force(ON)
    dismissal = Procedure.DISCIPLINARY_DISMISSAL
    steps = book.deadlines
    discipline = Procedure.DISCIPLINARY
    filing = [
        book.filing_limit(Kind.COMPLAINT, instance, remote=False, procedure=procedure)
        for instance, procedure in ((1, discipline), (2, discipline), (2, dismissal))
    ]
    found = [
        book.intake_limit(None).days,
        book.intake_limit(Kind.RECOMMENDATION).days,
        book.resolution_limit(Kind.REFLECTION, 1, Complexity.ORDINARY, remote=False).days,
        *(limit.days if limit else 0 for limit in filing),
        book.resolution_limit(Kind.COMPLAINT, 2, Complexity.ORDINARY, False, dismissal).days,  # noqa: FBT003
        book.resolution_limit(Kind.COMPLAINT, 1, Complexity.COMPLEX, True, discipline).days,  # noqa: FBT003
        steps.reexamination[Kind.COMPLAINT].days,
        steps.reexamination_complex[Kind.COMPLAINT].days,
        steps.in_force[(1, False)].days,
        steps.in_force[(2, True)].days,
        steps.enforcement.days,
    ]
    assert found == [12, 12, 20, 16, 11, 31, 31, 46, 40, 50, 33, 48, 7]
    # Confirmed law stays as it is.
    assert book.resolution_limit(Kind.COMPLAINT, 1, Complexity.ORDINARY, remote=False).days == 30
    assert book.intake_limit(Kind.DENUNCIATION).days == 7


def test_a_case_accepted_under_an_earlier_configuration_keeps_its_book() -> None:
    """The version on the event finds the book; a configuration since changed falls back."""
    configured = configured_books(LimitOverrides(answer_days=20)).in_force(ON)
    assert RULES.by_version(configured.version) is RULEBOOK_2020
    assert RULES.by_version("VN-2020.1") is RULEBOOK_2020_1
    with pytest.raises(RuleViolationError):
        RULES.by_version("VN-1999.1+cfg-00000000")


def test_overrides_are_read_from_limit_variables_and_refuse_nonsense() -> None:
    env = {"LIMIT_INTAKE_DAY_TYPE": "calendar", "LIMIT_REEXAMINATION_DAYS": "45"}
    assert LimitOverrides.from_env(env) == LimitOverrides(
        intake_day_type=DayType.CALENDAR, reexamination_days=45
    )
    with pytest.raises(RuleViolationError):
        LimitOverrides.from_env({"LIMIT_ANSWER_DAYS": "0"})


def test_every_override_is_a_setting_passed_to_the_application() -> None:
    names = {f"limit_{f.name}" for f in fields(LimitOverrides)}
    assert names == set(LIMIT_SETTINGS)
    env = Settings(limit_reexamination_days=45).eventsourcing_env()
    assert env["LIMIT_REEXAMINATION_DAYS"] == "45"
    assert env["LIMIT_ANSWER_DAYS"] == ""


# ----- the field vocabulary ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("đất đai", "land"),
        ("Đất Đai", "land"),
        ("dat dai", "land"),
        ("Land", "land"),
        ("transport", "transport"),
        ("Giao thông", "transport"),
        ("finance", "finance"),
        ("Thuế", "finance"),
        ("education", "education"),
        ("something else", "something else"),
    ],
)
def test_a_field_typed_in_vietnamese_or_english_is_its_code(typed: str, code: str) -> None:
    assert normalise_field(typed) == code


def test_no_label_names_two_fields() -> None:
    words = [fold(w) for f in FIELDS for w in {f.code.replace("_", " "), f.vi, f.en, *f.aliases}]
    assert len(words) == len(set(words))


def test_every_field_has_its_ministry_in_every_map() -> None:
    """Law on Complaints art. 23(3): every field goes to the ministry managing it."""
    for ministry_map in MINISTRY_MAPS:
        assert set(ministry_map.ministries) == FIELD_CODES, ministry_map.version
        assert all(ministry_map.ministries.values())


def test_the_competence_books_use_the_ministry_map_in_force() -> None:
    for book in COMPETENCE_BOOKS:
        assert book.ministries is ministries_in_force(book.effective_from)
