"""A petitioner's identity: sealed before it reaches an event, disclosed, shredded."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from domain.application import Petitions
from domain.errors import RuleViolationError, ShreddedError
from domain.identity import Identity
from tests.domain.stored_shapes import as_stored_before, reloaded
from vault.crypto import new_key
from vault.store import MemoryKeyStore
from vault.vault import Vault

AT = datetime(2025, 6, 5, tzinfo=UTC)


@pytest.fixture
def vault() -> Vault:
    return Vault(MemoryKeyStore(), new_key())


# A phone number and a citizen id as long as real ones: a short one ("001") can turn up
# by chance in a random UUID or in the sealed text, and the leak check below would fail.
CONTACT, ID_NUMBER = "0912 345 678", "001089012345"


def recorded(vault: Vault, name: str = "Nguyễn Văn A") -> Identity:
    return Identity.record(vault, name, "Bắc Kạn", CONTACT, ID_NUMBER)


def test_an_identity_is_sealed_trimmed_under_its_own_key(vault: Vault) -> None:
    identity = Identity.record(vault, " Nguyễn Văn A ", " Bắc Kạn ", " 0912 ", " 001 ")
    other = recorded(vault)
    assert identity.key_id is not None
    assert identity.key_id != other.key_id
    assert vault.unseal(identity.key_id, identity.sealed) == {
        "full_name": "Nguyễn Văn A",
        "address": "Bắc Kạn",
        "contact": "0912",
        "id_number": "001",
    }


def test_the_recorded_event_holds_no_personal_data(vault: Vault) -> None:
    (event,) = recorded(vault).collect_events()
    text = repr(vars(event))
    for secret in ("Nguyễn Văn A", "Bắc Kạn", CONTACT, ID_NUMBER):
        assert secret not in text
    assert vars(event)["legacy"] is None


def test_an_identity_needs_a_full_name(vault: Vault) -> None:
    with pytest.raises(RuleViolationError):
        Identity.record(vault, "  ", "Bắc Kạn", "", "")


@pytest.mark.parametrize("field", ["full_name", "address", "contact", "id_number"])
def test_an_overlong_identity_field_is_refused(vault: Vault, field: str) -> None:
    values = {"full_name": "A", "address": "", "contact": "", "id_number": ""}
    values[field] = "x" * 501
    with pytest.raises(RuleViolationError):
        Identity.record(vault, **values)


def test_every_disclosure_is_counted(vault: Vault) -> None:
    identity = recorded(vault)
    identity.disclose("inspector-1", uuid4(), "verification", AT)
    identity.disclose("inspector-2", uuid4(), "dialogue", AT)
    assert identity.disclosures == 2


def test_a_disclosure_is_recorded_as_an_event(vault: Vault) -> None:
    identity = recorded(vault)
    case_id = uuid4()
    identity.disclose("inspector-1", case_id, "verification", AT)
    event = identity.collect_events()[-1]
    assert (type(event).__name__, event.to_user_id, event.case_id) == (  # type: ignore[attr-defined]
        "Disclosed",
        "inspector-1",
        case_id,
    )


def test_shredding_is_recorded_with_who_and_why_and_stops_disclosure(vault: Vault) -> None:
    identity = recorded(vault)
    identity.shred("admin-1", "retention ended", "Nghị định 13/2023/NĐ-CP", AT)
    event = identity.collect_events()[-1]
    assert type(event).__name__ == "Shredded"
    assert (event.by, event.reason, event.at) == ("admin-1", "retention ended", AT)  # type: ignore[attr-defined]
    assert identity.is_shredded
    with pytest.raises(ShreddedError):
        identity.disclose("inspector-1", uuid4(), "verification", AT)
    with pytest.raises(ShreddedError):
        identity.shred("admin-1", "again", "basis", AT)


@pytest.mark.parametrize(("reason", "basis"), [("", "basis"), ("why", " ")])
def test_shredding_needs_a_reason_and_a_legal_basis(vault: Vault, reason: str, basis: str) -> None:
    with pytest.raises(RuleViolationError):
        recorded(vault).shred("admin-1", reason, basis, AT)


def test_a_plain_text_identity_stored_before_sealing_loads_as_legacy(vault: Vault) -> None:
    """Identity.Recorded v1 held the personal data in plain text; it still loads, marked."""
    app = Petitions({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    (event,) = recorded(vault).collect_events()
    plain = {"full_name": "Lê Văn C", "address": "Thôn 1", "contact": "", "id_number": "9"}
    old = reloaded(app, as_stored_before(app, event, ("key_id", "sealed", "legacy"), **plain))
    identity = old.mutate(None)
    assert identity.is_legacy
    assert identity.legacy == plain
    assert identity.key_id is None
    app.close()
