"""A request as the public may read it: built from the case's public facts only.

Status, dates, the agency responsible and the place are public; the petitioner, the
description the citizen wrote and every officer's note are not, exactly as on the
public tracking page. The same shape comes from the read model (lists) and from the
case itself (one request, read at once after filing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from api.open311.formats import end_of, w3c
from domain.kinds import FINAL_STATUSES
from domain.open311 import Open311Rules
from domain.views import CaseDetails
from projections.open311.persistence import RequestRow

FINAL = frozenset(s.value for s in FINAL_STATUSES)
STATUS_NOTES = {
    "received": "Received; awaiting classification",
    "classified": "Classified",
    "referred": "Sent to the competent agency",
    "in_progress": "Accepted for settlement",
    "suspended": "Settlement suspended",
    "concluded": "Settled",
    "archived": "Filed without settlement",
    "guided": "Directed to the competent body",
    "withdrawn": "Withdrawn",
    "terminated": "Settlement terminated",
}


@dataclass(frozen=True)
class PublicRequest:
    service_request_id: str
    service_code: str
    case_status: str
    requested_at: datetime
    updated_at: datetime
    expected_on: date | None
    agency_id: UUID
    lat: float | None
    long: float | None
    address: str
    media_url: str

    @classmethod
    def of_case(cls, case: CaseDetails) -> PublicRequest:
        place = case.location or {}
        expected = case.due_date if case.accepted_on else case.handling_due_date
        created = case.created_at or datetime.combine(case.received_on, datetime.min.time())
        return cls(
            case.reference_code,
            case.service_code,
            case.status,
            created,
            case.modified_at or created,
            expected,
            case.handling_agency_id,
            _float(place.get("lat")),
            _float(place.get("long")),
            str(place.get("address") or ""),
            case.media_url,
        )

    @classmethod
    def of_row(cls, row: RequestRow) -> PublicRequest:
        return cls(
            row.service_request_id,
            row.service_code,
            row.case_status,
            datetime.fromisoformat(row.requested_at),
            datetime.fromisoformat(row.updated_at),
            row.expected_on,
            row.handling_agency_id,
            _float(row.lat),
            _float(row.long),
            row.address,
            row.media_url,
        )

    def document(self, rules: Open311Rules, agency_names: dict[UUID, str]) -> dict[str, Any]:
        """The GeoReport v2 `request`, its fields in the specification's order."""
        service = rules.service(self.service_code)
        closed = self.case_status in FINAL
        return {
            "service_request_id": self.service_request_id,
            "status": "closed" if closed else "open",
            "status_notes": STATUS_NOTES.get(self.case_status, self.case_status),
            "service_name": service.name if service else self.service_code,
            "service_code": self.service_code,
            "description": None,
            "agency_responsible": agency_names.get(self.agency_id),
            "service_notice": (service.notice or None) if service else None,
            "requested_datetime": w3c(self.requested_at),
            "updated_datetime": w3c(self.updated_at),
            "expected_datetime": end_of(self.expected_on)
            if self.expected_on and not closed
            else None,
            "address": self.address or None,
            "address_id": None,
            "zipcode": None,
            "lat": self.lat,
            "long": self.long,
            "media_url": self.media_url or None,
        }


def _float(value: object) -> float | None:
    if value is None or value == "":
        return None
    return float(str(value))
