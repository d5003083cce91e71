"""What the service layer needs from the key store: seal, open and erase personal data."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID


class Sealer(Protocol):
    def seal(self, fields: dict[str, str]) -> tuple[UUID, str]:
        """A new data key for one person; the fields sealed under it."""
        ...


class IdentityVault(Sealer, Protocol):
    def unseal(self, key_id: UUID, sealed: str) -> dict[str, str] | None:
        """The fields, or None when the data key was erased."""
        ...

    def flush(self) -> None:
        """Store the keys sealed so far; run before the save that records them."""
        ...

    def erase(self, key_id: UUID) -> bool:
        """Destroy the data key; False when it was already gone."""
        ...

    def derived_key(self, purpose: str) -> bytes:
        """A secret for `purpose` derived from the master key, kept outside the store."""
        ...
