"""A petitioner's identity, held apart from the case so it can be guarded and shredded.

The case events carry only `identity_id`. A denouncer's identity is confidential
(Law on Denunciations art. 47): every disclosure is itself recorded as an event,
and a later crypto-shredding step can destroy this aggregate's personal data
without touching the case history.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.text import clean_label


class Identity(Aggregate):
    """Personal data of one petitioner."""

    @classmethod
    def record(cls, full_name: str, address: str, contact: str, id_number: str) -> Identity:
        return cls(
            clean_label(full_name, "full_name", required=True),
            clean_label(address, "address"),
            clean_label(contact, "contact"),
            clean_label(id_number, "id_number"),
        )

    @event("Recorded")
    def __init__(self, full_name: str, address: str, contact: str, id_number: str) -> None:
        self.full_name = full_name
        self.address = address
        self.contact = contact
        self.id_number = id_number
        self.disclosures = 0

    @event("Disclosed")
    def disclose(self, to_user_id: str, case_id: UUID, purpose: str, at: datetime) -> None:
        """Record that the identity was shown to a user handling the case."""
        self.disclosures += 1
