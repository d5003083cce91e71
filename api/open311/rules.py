"""The Open311 rules a deployment serves: the built-in catalogue, or its own JSON file.

`OPEN311_RULES` names a JSON file (see `docs/open311-rules.example.json`) holding a
version, the jurisdiction (the registry code of the portal's agency), the services
and the routing areas. The file is checked when the service starts: a bad file stops
the start rather than misroute a request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from domain.kinds import Kind
from domain.open311 import (
    DEFAULT_RULES,
    ONLINE_KINDS,
    Area,
    Attribute,
    Datatype,
    Open311Rules,
    Service,
    ServiceType,
)

Code = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Text = Annotated[str, StringConstraints(max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ValueIn(Strict):
    key: Code
    name: Text


class AttributeIn(Strict):
    code: Code
    description: Text
    datatype: Datatype = Datatype.STRING
    required: bool = False
    order: int = Field(default=1, ge=1)
    variable: bool = True
    datatype_description: Text = ""
    values: list[ValueIn] = []

    def to_domain(self) -> Attribute:
        values = tuple((v.key, v.name) for v in self.values)
        return Attribute(
            self.code,
            self.description,
            self.datatype,
            self.required,
            self.order,
            self.variable,
            self.datatype_description,
            values,
        )


class ServiceIn(Strict):
    service_code: Code
    service_name: Text
    description: Text = ""
    kind: Kind
    field: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    group: Text = ""
    keywords: list[Text] = []
    type: ServiceType = ServiceType.REALTIME
    service_notice: Text = ""
    attributes: list[AttributeIn] = []

    def to_domain(self) -> Service:
        if self.kind not in ONLINE_KINDS:
            raise ValueError(f"service {self.service_code}: only reflections and recommendations")
        return Service(
            self.service_code,
            self.service_name,
            self.description,
            self.kind,
            self.field,
            self.group or self.field,
            tuple(self.keywords),
            self.type,
            self.service_notice,
            tuple(a.to_domain() for a in self.attributes),
        )


class AreaIn(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    agency: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    services: list[Code] = []
    bbox: tuple[float, float, float, float] | None = Field(
        default=None, description="south, west, north, east (WGS84)"
    )
    wards: list[Text] = []
    beyond_level: bool = False

    def to_domain(self) -> Area:
        return Area(
            self.name,
            self.agency,
            tuple(self.services),
            self.bbox,
            tuple(self.wards),
            self.beyond_level,
        )


class RulesIn(Strict):
    version: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    jurisdiction: str = ""
    jurisdiction_id: str = ""
    services: list[ServiceIn]
    areas: list[AreaIn] = []

    def to_domain(self) -> Open311Rules:
        services = tuple(s.to_domain() for s in self.services)
        codes = [s.code for s in services]
        if len(set(codes)) != len(codes):
            raise ValueError("a service code appears twice")
        unknown = {c for a in self.areas for c in a.services} - set(codes)
        if unknown:
            raise ValueError(f"areas name unknown services: {', '.join(sorted(unknown))}")
        return Open311Rules(
            self.version,
            services,
            tuple(a.to_domain() for a in self.areas),
            self.jurisdiction,
            self.jurisdiction_id,
        )


def load_rules(path: str) -> Open311Rules:
    """The rules in the JSON file at `path`, or the built-in ones when `path` is empty."""
    if not path:
        return DEFAULT_RULES
    return RulesIn.model_validate_json(Path(path).read_bytes()).to_domain()
