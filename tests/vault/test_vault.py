"""The vault: per-person keys, stored by the save that records them, erased for good."""

from __future__ import annotations

from uuid import UUID

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


class CountingStore(MemoryKeyStore):
    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def get(self, key_id: UUID) -> WrappedKey | None:
        self.reads += 1
        return super().get(key_id)

    def get_many(self, key_ids: list[UUID]) -> dict[UUID, WrappedKey]:
        self.reads += 1
        return super().get_many(key_ids)


def test_more_is_sealed_under_a_persons_key_until_it_is_erased() -> None:
    vault = Vault(MemoryKeyStore(), new_key())
    key_id, _ = vault.seal(PERSON)
    pending = vault.seal_with(key_id, {"summary": "Bà Ngô Thị Hạ khiếu nại"})
    vault.flush()
    stored = vault.seal_with(key_id, {"summary": "lần hai"})
    assert vault.unseal(key_id, pending) == {"summary": "Bà Ngô Thị Hạ khiếu nại"}
    assert vault.unseal(key_id, stored) == {"summary": "lần hai"}
    vault.erase(key_id)
    assert vault.unseal(key_id, pending) is None
    with pytest.raises(KeyError):
        vault.seal_with(key_id, {"summary": "x"})


def test_a_page_of_summaries_is_opened_with_one_key_store_read() -> None:
    store = CountingStore()
    vault = Vault(store, new_key())
    sealed = [vault.seal({"summary": f"đơn {n}"}) for n in range(5)]
    vault.flush()
    vault.erase(sealed[1][0])
    store.reads = 0
    opened = vault.unseal_many([*sealed, sealed[0]])
    assert store.reads == 1
    assert [o and o["summary"] for o in opened] == [
        "đơn 0",
        None,
        "đơn 2",
        "đơn 3",
        "đơn 4",
        "đơn 0",
    ]
