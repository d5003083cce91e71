"""Points of the legal re-read (DOMAIN.md, corrections of November 2026) the model missed."""

from __future__ import annotations

import pytest

from domain.errors import RuleViolationError
from domain.kinds import ArchiveGrounds, Kind, Status
from tests.domain.builders import CLASSIFIED_ON, act, classified_case, received_case


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
