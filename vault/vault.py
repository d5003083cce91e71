"""Seal and open personal data with per-person data keys; erase a key; re-wrap every key."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from vault import crypto
from vault.store import KeyStore, WrappedKey

if TYPE_CHECKING:
    from collections.abc import Callable

REWRAP_BATCH = 500


class Vault:
    """The data keys of one store, wrapped by `master_key` (older keys may still open some)."""

    def __init__(self, store: KeyStore, master_key: bytes, older: tuple[bytes, ...] = ()) -> None:
        self.store = store
        self._pending: list[WrappedKey] = []  # sealed, not yet stored: `flush` stores them
        self._sealed_on: dict[UUID, threading.Thread] = {}  # a pending key's sealing thread
        self._lock = threading.Lock()
        self.master_key = master_key
        self.master_id = crypto.fingerprint(master_key)
        self.keyring = {crypto.fingerprint(key): key for key in (*older, master_key)}

    def seal(self, fields: dict[str, str]) -> tuple[UUID, str]:
        """A new data key for one person; the fields sealed under it.

        The wrapped key is stored by the save of the events sealed under it, in their
        transaction (`keys_for_save`), or by the next `flush`, which the application runs
        before every save when its recorder cannot: a batch of petitions stores its keys
        in one transaction.
        """
        key_id, data_key = uuid4(), crypto.new_key()
        wrapped = crypto.wrap(self.master_key, key_id, data_key)
        with self._lock:
            self._pending.append(WrappedKey(key_id, self.master_id, wrapped))
            self._sealed_on[key_id] = threading.current_thread()
        return key_id, crypto.seal(data_key, key_id, fields)

    def seal_with(self, key_id: UUID, fields: dict[str, str]) -> str:
        """The fields sealed under the existing data key `key_id` (pending or stored).

        Raises `KeyError` when the key is gone (shredded): nothing can be sealed under it.
        """
        key = self._pending_key(key_id) or self.store.get(key_id)
        if key is None:
            raise KeyError(f"data key {key_id} is not in the key store")
        return crypto.seal(self._unwrapped(key), key_id, fields)

    def flush(self) -> None:
        """Store every key sealed so far, in one transaction (kept pending if that fails).

        The lock is held until the keys are committed, so a save that finds nothing
        pending knows its keys are stored.
        """
        with self._lock:
            keys, self._pending = self._pending, []
            if not keys:
                return
            try:
                self.store.put_many(keys)
            except BaseException:
                self._pending[:0] = keys
                raise
            self._sealed_on.clear()

    def keys_for_save(self, named: set[UUID]) -> PendingKeys | None:
        """The pending keys a save writes in its events' transaction; None when there are none.

        Those its events name (`named`: the ids they hold), and every other key sealed
        on this thread or on one that has ended (a command seals and saves on one
        thread; a key of an abandoned attempt is stored as `flush` would store it). A
        key sealed on another live thread and named by none of the events is left to
        that thread's save. The keys stay pending until
        `stored`: a save that fails leaves them to the next one, and a read meanwhile
        still opens them. None too when the key store cannot join the events' transaction.
        """
        if not self.store.joins_transactions:
            return None
        me = threading.current_thread()
        with self._lock:
            keys = [key for key in self._pending if key.key_id in named or self._ours(key, me)]
        return PendingKeys(self, keys) if keys else None

    def _ours(self, key: WrappedKey, me: threading.Thread) -> bool:
        owner = self._sealed_on.get(key.key_id)
        return owner is None or owner is me or not owner.is_alive()

    def _stored(self, keys: list[WrappedKey]) -> None:
        with self._lock:
            done = {key.key_id for key in keys}
            self._pending = [key for key in self._pending if key.key_id not in done]
            for key_id in done:
                self._sealed_on.pop(key_id, None)

    def unseal(self, key_id: UUID, sealed: str) -> dict[str, str] | None:
        """The fields sealed under `key_id`; None when the key is gone (shredded)."""
        key = self.store.get(key_id) or self._pending_key(key_id)
        return None if key is None else crypto.unseal(self._unwrapped(key), key_id, sealed)

    def unseal_many(self, sealed: list[tuple[UUID, str]]) -> list[dict[str, str] | None]:
        """Each (key id, sealed text) opened, as `unseal`; the keys read in one store read."""
        ids = sorted({key_id for key_id, _ in sealed}, key=str)
        keys = self.store.get_many(ids)
        data_keys = {
            key_id: self._unwrapped(key)
            for key_id in ids
            if (key := keys.get(key_id) or self._pending_key(key_id)) is not None
        }
        return [
            crypto.unseal(data_keys[key_id], key_id, text) if key_id in data_keys else None
            for key_id, text in sealed
        ]

    def _pending_key(self, key_id: UUID) -> WrappedKey | None:
        with self._lock:
            return next((key for key in self._pending if key.key_id == key_id), None)

    def erase(self, key_id: UUID) -> bool:
        """Destroy the data key: what it sealed can never be opened again."""
        with self._lock:
            self._pending = [key for key in self._pending if key.key_id != key_id]
            self._sealed_on.pop(key_id, None)
        return self.store.delete(key_id)

    def derived_key(self, purpose: str) -> bytes:
        """A secret for `purpose` derived from the master key (it changes with a rotation)."""
        return crypto.derived_key(self.master_key, purpose)

    def has_key(self, key_id: UUID) -> bool:
        return self.store.get(key_id) is not None

    def rewrap(self, new_master_key: bytes, progress: Callable[[int], None] | None = None) -> int:
        """Wrap every data key under `new_master_key` instead; key ids do not change.

        Keys already wrapped by the new key are left alone, so an interrupted run resumes.
        """
        new_id, done, after = crypto.fingerprint(new_master_key), 0, None
        while batch := self.store.page(after, REWRAP_BATCH):
            after = batch[-1].key_id
            changed = [self._rewrapped(key, new_master_key, new_id) for key in batch]
            self.store.replace([key for key in changed if key is not None])
            done += sum(key is not None for key in changed)
            if progress:
                progress(done)
        return done

    def _rewrapped(self, key: WrappedKey, new_master: bytes, new_id: str) -> WrappedKey | None:
        if key.master_id == new_id:
            return None
        data_key = self._unwrapped(key)
        return WrappedKey(key.key_id, new_id, crypto.wrap(new_master, key.key_id, data_key))

    def _unwrapped(self, key: WrappedKey) -> bytes:
        master = self.keyring.get(key.master_id)
        if master is None:
            raise crypto.UnreadableKeyError(
                f"data key {key.key_id} is wrapped by master key {key.master_id}, "
                f"not by the configured {self.master_id}"
            )
        return crypto.unwrap(master, key.key_id, key.wrapped)


class PendingKeys:
    """Pending data keys written by the recorder in the transaction of a save's events."""

    def __init__(self, vault: Vault, keys: list[WrappedKey]) -> None:
        self.vault = vault
        self.keys = keys

    def __call__(self, cursor: Any) -> None:  # noqa: ANN401  # the recorder's cursor
        """Insert the keys on the recorder's cursor (a retried insert meets them: no-op)."""
        self.vault.store.put_with(cursor, self.keys)

    def stored(self) -> None:
        """The events' transaction committed: the keys are stored, no longer pending."""
        self.vault._stored(self.keys)  # noqa: SLF001  # the vault's own helper
