"""A petitioner's identity, held apart from the case, and every disclosure of it."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from domain.errors import RuleViolationError
from domain.identity import Identity


def test_an_identity_is_recorded_trimmed() -> None:
    identity = Identity.record(" Nguyễn Văn A ", " Bắc Kạn ", " 0912 ", " 001 ")
    assert (identity.full_name, identity.address, identity.contact, identity.id_number) == (
        "Nguyễn Văn A",
        "Bắc Kạn",
        "0912",
        "001",
    )


def test_an_identity_needs_a_full_name() -> None:
    with pytest.raises(RuleViolationError):
        Identity.record("  ", "Bắc Kạn", "", "")


@pytest.mark.parametrize("field", ["full_name", "address", "contact", "id_number"])
def test_an_overlong_identity_field_is_refused(field: str) -> None:
    values = {"full_name": "A", "address": "", "contact": "", "id_number": ""}
    values[field] = "x" * 501
    with pytest.raises(RuleViolationError):
        Identity.record(**values)


def test_every_disclosure_is_counted() -> None:
    identity = Identity.record("Nguyễn Văn A", "", "", "")
    identity.disclose("inspector-1", uuid4(), "verification", datetime(2025, 6, 5, tzinfo=UTC))
    identity.disclose("inspector-2", uuid4(), "dialogue", datetime(2025, 6, 6, tzinfo=UTC))
    assert identity.disclosures == 2


def test_a_disclosure_is_recorded_as_an_event() -> None:
    identity = Identity.record("Nguyễn Văn A", "", "", "")
    case_id = uuid4()
    identity.disclose("inspector-1", case_id, "verification", datetime(2025, 6, 5, tzinfo=UTC))
    event = identity.collect_events()[-1]
    assert (type(event).__name__, event.to_user_id, event.case_id) == (  # type: ignore[attr-defined]
        "Disclosed",
        "inspector-1",
        case_id,
    )
