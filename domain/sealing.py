"""What the service layer needs from the key store: seal, open and erase personal data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

SUMMARY = "summary"  # the one field a sealed summary holds
# A keyword of the application's save: writes `(cursor) -> None` that a recorder declaring
# `writes_with_events` runs in the transaction inserting the saved events.
WITH_EVENTS = "with_events"


class Sealer(Protocol):
    def seal(self, fields: dict[str, str]) -> tuple[UUID, str]:
        """A new data key for one person; the fields sealed under it."""
        ...

    def seal_with(self, key_id: UUID, fields: dict[str, str]) -> str:
        """The fields sealed under the existing data key `key_id` (KeyError: it is gone)."""
        ...


class IdentityVault(Sealer, Protocol):
    def unseal(self, key_id: UUID, sealed: str) -> dict[str, str] | None:
        """The fields, or None when the data key was erased."""
        ...

    def unseal_many(self, sealed: list[tuple[UUID, str]]) -> list[dict[str, str] | None]:
        """Each (key id, sealed text) opened as by `unseal`, the keys read at once."""
        ...

    def flush(self) -> None:
        """Store the keys sealed so far; run before the save that records them."""
        ...

    def keys_for_save(self, named: set[UUID]) -> KeysWriter | None:
        """The pending keys a save stores with its events (None: none, or it cannot)."""
        ...

    def has_key(self, key_id: UUID) -> bool:
        """Whether the data key is in the key store (not erased)."""
        ...

    def erase(self, key_id: UUID) -> bool:
        """Destroy the data key; False when it was already gone."""
        ...

    def derived_key(self, purpose: str) -> bytes:
        """A secret for `purpose` derived from the master key, kept outside the store."""
        ...


class KeysWriter(Protocol):
    """Pending data keys, written by the save of the events sealed under them."""

    def __call__(self, cursor: Any) -> None:  # noqa: ANN401  # the recorder's cursor
        """Insert the keys in the transaction the cursor is in."""
        ...

    def stored(self) -> None:
        """The transaction committed: the keys are no longer pending."""
        ...


@dataclass(frozen=True)
class SummarySeal:
    """How a petition's summary is sealed: under `key_id` (the identity's), or a new key."""

    sealer: Sealer
    key_id: UUID | None = None

    def sealed(self, summary: str) -> tuple[str, UUID]:
        """The summary sealed, and the id of the data key that opens it."""
        if self.key_id is None:
            key_id, sealed = self.sealer.seal({SUMMARY: summary})
            return sealed, key_id
        return self.sealer.seal_with(self.key_id, {SUMMARY: summary}), self.key_id
