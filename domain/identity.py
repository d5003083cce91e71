"""A petitioner's identity, held apart from the case so it can be guarded and shredded.

The case events carry only `identity_id`. A denouncer's identity is confidential
(Law on Denunciations art. 47): the personal data is sealed (encrypted) under a
data key of this person alone before it reaches an event, so the events hold only
the sealed text and the key's id. Every disclosure is itself recorded as an event,
and shredding (erasing the data key, recorded here with who, when and why) makes the
identity unreadable for everyone without touching the case history.

Version 1 `Recorded` events, stored before sealing, held the data in plain text:
they still load, marked `legacy`, and the events are never rewritten.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import RuleViolationError, ShreddedError
from domain.text import clean_label, clean_text

if TYPE_CHECKING:
    from domain.sealing import Sealer

PERSONAL_FIELDS = ("full_name", "address", "contact", "id_number")


def checked_personal_data(
    full_name: str, address: str, contact: str, id_number: str
) -> dict[str, str]:
    """The personal data trimmed and checked, ready to be sealed."""
    return {
        "full_name": clean_label(full_name, "full_name", required=True),
        "address": clean_label(address, "address"),
        "contact": clean_label(contact, "contact"),
        "id_number": clean_label(id_number, "id_number"),
    }


class Identity(Aggregate):
    """Personal data of one petitioner, sealed under the data key `key_id`."""

    if TYPE_CHECKING:  # event classes the `@event("...")` decorators below define
        Disclosed: type[Aggregate.Event]
        Shredded: type[Aggregate.Event]

    class Recorded(Aggregate.Created):
        """Version 2 holds the sealed data and its key id; version 1 held plain text."""

        class_version = 2
        key_id: UUID | None
        sealed: str
        legacy: dict[str, str] | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["legacy"] = {name: state.pop(name) for name in PERSONAL_FIELDS}
            state["key_id"] = None
            state["sealed"] = ""

    @classmethod
    def record(
        cls, sealer: Sealer, full_name: str, address: str, contact: str, id_number: str
    ) -> Identity:
        """Check the personal data, seal it under a new data key, and record only that."""
        key_id, sealed = sealer.seal(checked_personal_data(full_name, address, contact, id_number))
        return cls(key_id, sealed, None)

    @event(Recorded)
    def __init__(self, key_id: UUID | None, sealed: str, legacy: dict[str, str] | None) -> None:
        self.key_id = key_id
        self.sealed = sealed
        self.legacy = legacy
        self.disclosures = 0
        self.shredded_by: str | None = None
        self.shredded_at: datetime | None = None
        self.shred_reason = ""

    @property
    def is_legacy(self) -> bool:
        """Recorded in plain text before sealing existed."""
        return self.legacy is not None

    @property
    def is_shredded(self) -> bool:
        return self.shredded_at is not None

    def disclose(self, to_user_id: str, case_id: UUID, purpose: str, at: datetime) -> None:
        """Record that the identity was shown to a user handling the case."""
        self.require_not_shredded()
        self._disclose(to_user_id, case_id, purpose, at)

    @event("Disclosed")
    def _disclose(self, to_user_id: str, case_id: UUID, purpose: str, at: datetime) -> None:
        self.disclosures += 1

    def shred(self, by: str, reason: str, legal_basis: str, at: datetime) -> None:
        """Record the decision to erase the data key: who, when, why (no personal data)."""
        self.require_not_shredded()
        why = clean_text(reason, "reason", required=True, limit=1000)
        if not legal_basis.strip():
            raise RuleViolationError("legal_basis: shredding must name its legal basis")
        self._shred(by, why, clean_label(legal_basis, "legal_basis"), at)

    @event("Shredded")
    def _shred(self, by: str, reason: str, legal_basis: str, at: datetime) -> None:
        self.shredded_by = by
        self.shredded_at = at
        self.shred_reason = reason

    def require_not_shredded(self) -> None:
        if self.shredded_at is not None:
            raise ShreddedError(
                f"the petitioner's identity was shredded on {self.shredded_at.date()} "
                f"by {self.shredded_by}: it can no longer be read by anyone"
            )
