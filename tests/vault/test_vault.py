"""The vault: per-person keys, stored by the save that records them, erased for good."""

from __future__ import annotations

import pytest

from vault.crypto import UnreadableKeyError, new_key
from vault.store import MemoryKeyStore, WrappedKey
from vault.vault import Vault

PERSON = {"full_name": "Ngô Thị Hạ", "address": "", "contact": "", "id_number": ""}


class FailingStore(MemoryKeyStore):
    def __init__(self) -> None:
        super().__init__()
        self.fail = True

    def put_many(self, keys: list[WrappedKey]) -> None:
        if self.fail:
            raise OSError("disk full")
        super().put_many(keys)


def test_sealed_keys_are_stored_together_by_the_next_flush() -> None:
    store = MemoryKeyStore()
    vault = Vault(store, new_key())
    sealed = [vault.seal(PERSON) for _ in range(3)]
    assert all(store.get(key_id) is None for key_id, _ in sealed)
    assert vault.unseal(*sealed[0]) == PERSON  # a pending key opens too
    vault.flush()
    assert all(store.get(key_id) is not None for key_id, _ in sealed)
    assert [vault.unseal(*s) for s in sealed] == [PERSON] * 3


def test_keys_a_failed_flush_could_not_store_stay_pending() -> None:
    store = FailingStore()
    vault = Vault(store, new_key())
    key_id, text = vault.seal(PERSON)
    with pytest.raises(OSError, match="disk full"):
        vault.flush()
    store.fail = False
    vault.flush()
    assert store.get(key_id) is not None
    assert vault.unseal(key_id, text) == PERSON


def test_an_erased_key_opens_nothing_and_a_moved_text_does_not_open() -> None:
    vault = Vault(MemoryKeyStore(), new_key())
    (first, text), (second, _) = vault.seal(PERSON), vault.seal(PERSON)
    vault.flush()
    with pytest.raises(UnreadableKeyError):
        vault.unseal(second, text)  # sealed under the first key: bound to its id
    assert vault.erase(first)
    assert vault.unseal(first, text) is None
    assert not vault.erase(first)


def test_a_key_wrapped_by_another_master_key_is_refused_by_name() -> None:
    store = MemoryKeyStore()
    old = Vault(store, new_key())
    key_id, text = old.seal(PERSON)
    old.flush()
    with pytest.raises(UnreadableKeyError, match="wrapped by master key"):
        Vault(store, new_key()).unseal(key_id, text)
    assert Vault(store, new_key(), older=(old.master_key,)).unseal(key_id, text) == PERSON
