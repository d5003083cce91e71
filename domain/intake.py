"""Where a petition came from: the body that forwarded it, the place it is about, the service.

A petition forwarded by another body (the National Assembly delegation, the Fatherland
Front, a ministry, the press, another agency) records that body and its dispatch
(công văn chuyển đơn: number and date). A reflection filed online through Open311
records the place it is about (coordinates or an address), a link to its media, the
service the citizen chose and what the routing rules made of it. None of this is
personal data: the petitioner's contact details go to the `Identity` aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from domain.errors import RuleViolationError
from domain.text import clean_label

DIRECT = "direct"  # the origin of a petition no other body forwarded, in the figures
MAX_URL = 2000
WEB_SCHEMES = ("http://", "https://")


class OriginKind(StrEnum):
    """The kinds of body that forward petitions to an agency."""

    NATIONAL_ASSEMBLY_DELEGATION = "national_assembly_delegation"  # Đoàn ĐBQH
    PEOPLES_COUNCIL = "peoples_council"  # HĐND, its delegates
    FATHERLAND_FRONT = "fatherland_front"  # Mặt trận Tổ quốc
    MINISTRY = "ministry"
    PRESS = "press"
    OTHER_AGENCY = "other_agency"


@dataclass(frozen=True)
class Origin:
    """The body that forwarded a petition, and its dispatch number and date."""

    kind: OriginKind
    name: str
    dispatch_number: str
    dispatch_date: date

    def checked(self, received_on: date) -> Origin:
        """The origin with cleaned labels; a dispatch cannot postdate the receipt."""
        if self.dispatch_date > received_on:
            raise RuleViolationError("the dispatch is dated after the petition was received")
        return Origin(
            OriginKind(self.kind),
            clean_label(self.name, "origin name", required=True),
            clean_label(self.dispatch_number, "dispatch_number", required=True),
            self.dispatch_date,
        )

    @classmethod
    def from_fields(cls, fields: dict[str, Any] | None) -> Origin | None:
        """The origin stored on a case (None for a petition no body forwarded)."""
        if not fields:
            return None
        day = fields["dispatch_date"]
        return cls(
            OriginKind(fields["kind"]),
            fields["name"],
            fields["dispatch_number"],
            day if isinstance(day, date) else date.fromisoformat(str(day)),
        )

    def fields(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "name": self.name,
            "dispatch_number": self.dispatch_number,
            "dispatch_date": self.dispatch_date,
        }


@dataclass(frozen=True)
class Location:
    """The place a petition is about: WGS84 coordinates, an address, or both."""

    lat: float | None = None
    long: float | None = None
    address: str = ""

    def checked(self) -> Location:
        if (self.lat is None) != (self.long is None):
            raise RuleViolationError("lat and long are given together")
        if self.lat is None and not self.address.strip():
            raise RuleViolationError("a location needs lat and long or an address")
        if self.lat is not None and not -90 <= self.lat <= 90:  # noqa: PLR2004
            raise RuleViolationError("lat is between -90 and 90")
        if self.long is not None and not -180 <= self.long <= 180:  # noqa: PLR2004
            raise RuleViolationError("long is between -180 and 180")
        return Location(self.lat, self.long, clean_label(self.address, "address_string"))

    def fields(self) -> dict[str, Any]:
        return {"lat": self.lat, "long": self.long, "address": self.address}


@dataclass(frozen=True)
class ServiceIntake:
    """A request filed through an online service (Open311): what the citizen chose.

    `beyond_level` is the routing rules' verdict on vượt cấp: a request filed with the
    province's portal about a commune's road is beyond the level only if the rule says
    so, whatever the tree would make of the portal's agency receiving it.
    """

    service_code: str
    rules_version: str
    routing_rule: str = ""
    beyond_level: bool = False
    media_url: str = ""
    attributes: dict[str, str] = field(default_factory=dict)

    def checked(self) -> ServiceIntake:
        if len(self.media_url) > MAX_URL:
            raise RuleViolationError(f"media_url is at most {MAX_URL} characters")
        if self.media_url.strip() and not self.media_url.strip().startswith(WEB_SCHEMES):
            raise RuleViolationError("media_url is an http or https address")
        return ServiceIntake(
            clean_label(self.service_code, "service_code", required=True),
            clean_label(self.rules_version, "rules_version", required=True),
            clean_label(self.routing_rule, "routing_rule"),
            self.beyond_level,
            self.media_url.strip(),
            {clean_label(k, "attribute"): clean_label(v, k) for k, v in self.attributes.items()},
        )
