"""Where a petition came from, in the API: the forwarding body and the place it is about."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from domain.intake import Location, Origin, OriginKind
from domain.text import has_control_characters

EARLIEST = date(2000, 1, 1)


def _clean(value: str) -> str:
    if has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


Name = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_clean)]
Address = Annotated[str, StringConstraints(max_length=500), AfterValidator(_clean)]


class ForwardingIn(BaseModel):
    """The body that forwarded the petition (channel `forwarded`) and its dispatch."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "national_assembly_delegation",
                    "name": "Đoàn ĐBQH tỉnh Thái Nguyên",
                    "dispatch_number": "125/ĐĐBQH-VP",
                    "dispatch_date": "2025-09-10",
                }
            ]
        },
    )

    kind: OriginKind
    name: Name
    dispatch_number: Name = Field(description="The number of the forwarding dispatch")
    dispatch_date: date = Field(ge=EARLIEST, description="The date of the forwarding dispatch")

    def to_domain(self) -> Origin:
        return Origin(self.kind, self.name, self.dispatch_number, self.dispatch_date)


class LocationIn(BaseModel):
    """The place the petition is about: WGS84 coordinates, an address, or both."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"lat": 21.5942, "long": 105.8482, "address": "Đường Bắc Sơn"}]
        },
    )

    lat: float | None = Field(default=None, ge=-90, le=90)
    long: float | None = Field(default=None, ge=-180, le=180)
    address: Address = ""

    def to_domain(self) -> Location:
        return Location(self.lat, self.long, self.address)


class OriginOut(BaseModel):
    kind: OriginKind
    name: str
    dispatch_number: str
    dispatch_date: date


class LocationOut(BaseModel):
    lat: float | None
    long: float | None
    address: str
