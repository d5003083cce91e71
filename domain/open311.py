"""Open311 GeoReport v2 as versioned data: the services a province takes, and where they go.

A *service* is a kind of reflection or recommendation the province accepts online
(a damaged road, a broken streetlight, a blocked drain), by field; it may ask for
attributes. A *routing rule* sends a service's requests about a place to the commune
competent for it: the place is matched on a bounding box of coordinates or on ward
and commune names in the address. A rule may say such a request counts as beyond the
level (vượt cấp); none does unless it says so. Each filed request records the rules'
version and the rule that matched, so a later change of the rules changes no past
routing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.intake import Location
from domain.kinds import Kind

ONLINE_KINDS = frozenset({Kind.REFLECTION, Kind.RECOMMENDATION})


class Datatype(StrEnum):
    STRING = "string"
    NUMBER = "number"
    DATETIME = "datetime"
    TEXT = "text"
    SINGLE = "singlevaluelist"
    MULTI = "multivaluelist"


class ServiceType(StrEnum):
    REALTIME = "realtime"  # the service request id is answered at once
    BATCH = "batch"  # a token is answered, to be exchanged for the id


@dataclass(frozen=True)
class Attribute:
    """One question of a service's definition (GeoReport v2 `attribute`)."""

    code: str
    description: str
    datatype: Datatype = Datatype.STRING
    required: bool = False
    order: int = 1
    variable: bool = True
    datatype_description: str = ""
    values: tuple[tuple[str, str], ...] = ()  # (key, name) of a list's options


@dataclass(frozen=True)
class Service:
    """A kind of reflection or recommendation taken online, in a field."""

    code: str
    name: str
    description: str
    kind: Kind
    field: str
    group: str
    keywords: tuple[str, ...] = ()
    type: ServiceType = ServiceType.REALTIME
    notice: str = ""  # what the province will do (GeoReport v2 `service_notice`)
    attributes: tuple[Attribute, ...] = ()

    @property
    def metadata(self) -> bool:
        return bool(self.attributes)


@dataclass(frozen=True)
class Area:
    """A rule: requests for `services` (all if empty) about this place go to `agency`."""

    name: str
    agency: str  # the registry code of the competent agency (a commune)
    services: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None  # south, west, north, east
    wards: tuple[str, ...] = ()  # ward or commune names that may appear in an address
    beyond_level: bool = False

    def covers(self, service_code: str, place: Location) -> bool:
        if self.services and service_code not in self.services:
            return False
        if self.bbox is not None and place.lat is not None and place.long is not None:
            south, west, north, east = self.bbox
            if south <= place.lat <= north and west <= place.long <= east:
                return True
        address = _folded(place.address)
        return any(_folded(ward) in address for ward in self.wards if ward.strip())


@dataclass(frozen=True)
class Open311Rules:
    """One version of the catalogue and routing; `jurisdiction` is the portal's agency code.

    An empty jurisdiction means the single root of the agency tree (one province).
    """

    version: str
    services: tuple[Service, ...]
    areas: tuple[Area, ...] = ()
    jurisdiction: str = ""
    jurisdiction_id: str = ""  # what clients send as `jurisdiction_id` (optional for them)
    by_code: dict[str, Service] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", {s.code: s for s in self.services})

    def service(self, code: str) -> Service | None:
        return self.by_code.get(code)

    def route(self, service_code: str, place: Location) -> Area | None:
        """The first area whose rule covers this service at this place, if any."""
        return next((a for a in self.areas if a.covers(service_code, place)), None)


def _folded(text: str) -> str:
    """Lower case without accents, so "Phường Hoàng Văn Thụ" matches "phuong hoang van thu"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


SEVERITY = Attribute(
    "MUC_DO",
    "Mức độ hư hỏng",
    Datatype.SINGLE,
    required=False,
    values=(("nhe", "Nhẹ"), ("nang", "Nặng"), ("nguy_hiem", "Nguy hiểm")),
)
# The province's catalogue as shipped; a deployment replaces it with its own file
# (OPEN311_RULES), whose version every filed request records.
DEFAULT_RULES = Open311Rules(
    version="open311-2025.1",
    services=(
        Service(
            "GT-01",
            "Hư hỏng đường, cầu",
            "Mặt đường, cầu, cống qua đường bị hư hỏng, sụt lún",
            Kind.REFLECTION,
            "giao thông",
            "giao thông",
            ("đường", "ổ gà", "sụt lún", "cầu"),
            notice="UBND xã, phường kiểm tra hiện trường và trả lời trong 30 ngày",
            attributes=(SEVERITY,),
        ),
        Service(
            "CS-01",
            "Đèn chiếu sáng công cộng hỏng",
            "Đèn đường không sáng, cột đèn đổ, dây điện hở",
            Kind.REFLECTION,
            "hạ tầng đô thị",
            "hạ tầng đô thị",
            ("đèn đường", "chiếu sáng"),
        ),
        Service(
            "TN-01",
            "Cống rãnh tắc, ngập úng",
            "Cống, rãnh thoát nước bị tắc, ngập úng khi mưa",
            Kind.REFLECTION,
            "môi trường",
            "môi trường",
            ("cống", "ngập", "thoát nước"),
        ),
        Service(
            "MT-01",
            "Rác thải, ô nhiễm",
            "Rác thải không được thu gom, đổ trộm, ô nhiễm nơi công cộng",
            Kind.REFLECTION,
            "môi trường",
            "môi trường",
            ("rác", "ô nhiễm"),
        ),
        Service(
            "KN-01",
            "Kiến nghị về dịch vụ công",
            "Kiến nghị cải thiện thủ tục, dịch vụ công của chính quyền địa phương",
            Kind.RECOMMENDATION,
            "hành chính",
            "hành chính",
            ("thủ tục", "dịch vụ công"),
        ),
    ),
)


class RequestToken(Aggregate):
    """Maps the token answered for a `batch` service's request to its case."""

    @staticmethod
    def create_id(token: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"/open311/tokens/{token}")

    @event("Issued")
    def __init__(self, token: str, case_id: UUID) -> None:
        self.token = token
        self.case_id = case_id
