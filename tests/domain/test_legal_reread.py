"""Points of the legal re-read (DOMAIN.md, corrections of November 2026) the model missed."""

from __future__ import annotations

import pytest

from domain.errors import RuleViolationError
from domain.kinds import ArchiveGrounds, Kind, Status
from tests.domain.builders import (
    ACCEPTED_ON,
    CALENDAR,
    CLASSIFIED_ON,
    COMMUNE,
    DECISION_KNOWN_ON,
    PROVINCE,
    act,
    classified_case,
    received_case,
)


def test_a_signed_petition_is_not_archived_as_anonymous() -> None:
    """DOMAIN, intake 2: anonymous letters are archived as such; a signed one is not anonymous.

    Archiving a named petition on the anonymous ground would count it among anonymous
    letters in the letter-handling form and hide that it was refused on another ground.
    """
    case = classified_case(Kind.COMPLAINT)
    with pytest.raises(RuleViolationError, match="anonymous"):
        case.archive(ArchiveGrounds.ANONYMOUS, act(CLASSIFIED_ON, "no name"))
    assert case.status == Status.CLASSIFIED
    unsigned = received_case(anonymous=True)
    unsigned.archive(ArchiveGrounds.ANONYMOUS, act(CLASSIFIED_ON, "no name"))
    assert unsigned.status == Status.ARCHIVED


def test_only_the_agency_found_competent_accepts_the_petition() -> None:
    """DOMAIN, intake 3: a petition is accepted under the agency's own jurisdiction.

    A receiver that classified another body as competent refers, transfers or guides;
    it may correct its classification before acceptance, then accept.
    """
    case = classified_case(Kind.COMPLAINT, competent=COMMUNE, agency=PROVINCE)
    with pytest.raises(RuleViolationError, match="competence"):
        case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR)
    assert case.status == Status.CLASSIFIED
    case.classify(Kind.COMPLAINT, "land", PROVINCE, act(ACCEPTED_ON), CALENDAR, DECISION_KNOWN_ON)
    case.accept(PROVINCE, act(ACCEPTED_ON), CALENDAR)
    assert case.status == Status.IN_PROGRESS
