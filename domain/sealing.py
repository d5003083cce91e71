"""What the service layer needs from the key store: seal, open and erase personal data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

SUMMARY = "summary"  # the one field a sealed summary holds


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

    def has_key(self, key_id: UUID) -> bool:
        """Whether the data key is in the key store (not erased)."""
        ...

    def erase(self, key_id: UUID) -> bool:
        """Destroy the data key; False when it was already gone."""
        ...

    def derived_key(self, purpose: str) -> bytes:
        """A secret for `purpose` derived from the master key, kept outside the store."""
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
