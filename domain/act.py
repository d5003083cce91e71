"""Who did what, when and why: the attribution every event carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import ChronologyError, RuleViolationError


@dataclass(frozen=True)
class Act:
    """The acting officer, their agency, the legal date of the act and its grounds.

    `legal_date` is the date the act took legal effect (a letter's postmark, the
    day a decision was signed); the time it was recorded is the event's timestamp.
    """

    actor_id: str
    agency_id: UUID
    legal_date: date
    reason: str = ""
    legal_basis: str = ""

    def fields(self) -> dict[str, Any]:
        """The event fields this act contributes."""
        return {
            "actor_id": self.actor_id,
            "actor_agency_id": self.agency_id,
            "legal_date": self.legal_date,
            "reason": self.reason,
            "legal_basis": self.legal_basis,
        }

    def require_reason(self) -> Act:
        """Refuse an act the law wants justified when it has no reason."""
        if not self.reason.strip():
            raise RuleViolationError("a reason is required for this act")
        return self

    def require_not_before(self, earlier: date, what: str) -> Act:
        """Refuse an act dated before the act it follows."""
        if self.legal_date < earlier:
            raise ChronologyError(f"legal date {self.legal_date} is before the {what} ({earlier})")
        return self
