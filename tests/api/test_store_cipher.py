"""The library's whole-store cipher, switched on by settings: stored bytes are not plain text."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from eventsourcing.cryptography import AESCipher
from pydantic import SecretStr

from ops.settings import Settings
from tests.api.conftest import World, make_world

SUMMARY = "Khiếu nại về ranh giới thửa đất số 88"


@pytest.fixture
def ciphered_world(store_settings: Settings) -> Iterator[World]:
    key = SecretStr(AESCipher.create_key(32))
    yield from make_world(store_settings.model_copy(update={"cipher_key": key}), runners=True)


def is_json(state: bytes) -> bool:
    try:
        json.loads(state)
    except ValueError:
        return False
    return True


def stored_states(recorder: object) -> list[bytes]:
    notes = recorder.select_notifications(start=1, limit=100_000)  # type: ignore[attr-defined]
    return [bytes(n.state) for n in notes]


def test_with_the_store_cipher_on_every_stored_event_is_ciphertext(ciphered_world: World) -> None:
    w = ciphered_world
    written = w.record(summary=SUMMARY)
    # The service works as before: the case reads back and the read models follow.
    assert w.case("officer", written["id"])["summary"] == SUMMARY
    page = w.get("officer", "/cases", params={"after": written["position"]}).json()
    assert [i["case_id"] for i in page["items"]] == [written["id"]]
    # What is stored is AES-GCM ciphertext: no summary, agency name or username in it.
    stores = w.client.app.state.stores  # type: ignore[attr-defined]
    petitions = stored_states(stores.petitions.recorder)
    accounts = stored_states(stores.accounts.recorder)
    assert petitions
    assert accounts
    for state in petitions:
        assert SUMMARY.encode() not in state
        assert "UBND tỉnh Thái Nguyên".encode() not in state
        assert not is_json(state)
    for state in accounts:
        assert b"officer2" not in state
        assert not is_json(state)
    # Without the key the stored events cannot be read.
    plain = stores.petitions.mapper.__class__(transcoder=stores.petitions.mapper.transcoder)
    with pytest.raises(Exception):  # noqa: B017 (a JSON or codec error, either way)
        plain.to_domain_event(stores.petitions.recorder.select_notifications(start=1, limit=1)[0])


def test_without_the_store_cipher_the_events_are_plain_json(world: World) -> None:
    """The contrast that makes the first test mean something."""
    written = world.record(summary=SUMMARY)
    stores = world.client.app.state.stores  # type: ignore[attr-defined]
    states = stored_states(stores.petitions.recorder)
    # The summary itself is sealed under the petitioner's key either way; the agency's
    # name is the plain text the store cipher would hide.
    assert not any(SUMMARY.encode() in state for state in states), written
    assert any("UBND tỉnh Thái Nguyên".encode() in state for state in states)
    assert all(is_json(state) for state in states)


def test_without_a_key_the_cipher_is_explicitly_off_for_the_library() -> None:
    """The library also reads CIPHER_* from the process environment: both are always given."""
    env = Settings(environment="test").cipher_env()
    assert env == {"CIPHER_TOPIC": "", "CIPHER_KEY": ""}
    key = SecretStr(AESCipher.create_key(32))
    on = Settings(environment="test", cipher_key=key).cipher_env()
    assert on["CIPHER_TOPIC"] == "eventsourcing.cryptography:AESCipher"
