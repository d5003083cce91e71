"""Request bodies of the commands that bring a petition in: recording, classifying, routing.

The commands of settlement and its decisions are in `api.schemas.case_decisions`.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import ConfigDict, Field, StrictBool, StrictInt, StringConstraints

from api.schemas.common import (
    EARLIEST,
    SOME_ID,
    ActIn,
    IsoDate,
    Label,
    Required,
    Strict,
    example,
)
from api.schemas.intake import ForwardingIn, LocationIn
from domain.kinds import (
    ArchiveGrounds,
    Channel,
    Complexity,
    Kind,
    Procedure,
)


class PetitionerIn(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "full_name": "Trần Thị B",
                    "address": "Thôn 3, xã Phú Lương",
                    "contact": "0912 345 678",
                    "id_number": "001234567890",
                }
            ]
        },
    )

    full_name: Required
    address: Label = ""
    contact: Label = ""
    id_number: Label = ""


class PetitionCreate(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "channel": "post",
                    "summary": "Tranh chấp ranh giới đất ở thôn 3",
                    "legal_date": "2025-09-15",
                    "petitioner_count": 1,
                    "petitioner": {"full_name": "Trần Thị B", "address": "Thôn 3, xã Phú Lương"},
                }
            ]
        },
    )

    channel: Channel
    summary: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    petitioner_count: StrictInt = Field(default=1, ge=1, le=100_000)
    meeting_id: UUID | None = None
    visit_id: UUID | None = Field(
        default=None, description="The visit at the meeting the petition came with, if entered"
    )
    representatives: StrictInt = Field(
        default=0,
        ge=0,
        le=100,
        description="Taken at a meeting without a visit entered: the representatives a mass "
        "delegation chose (5-10 persons: 1-2; more: up to 5; Law 42/2013/QH13 art. 30)",
    )
    petitioner: PetitionerIn | None = None
    forwarded_by: ForwardingIn | None = Field(
        default=None,
        description="The body that forwarded the petition: required exactly for channel forwarded",
    )
    location: LocationIn | None = Field(default=None, description="The place it is about")


class ClassifyIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "complaint",
                    "field": "đất đai",
                    "competent_agency_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "decision_known_on": "2025-09-01",
                    "legal_date": "2025-09-16",
                }
            ]
        },
    )

    kind: Kind
    field: Label
    competent_agency_id: UUID
    decision_known_on: IsoDate | None = Field(default=None, ge=EARLIEST)
    procedure: Procedure | None = Field(
        default=None,
        description="disciplinary (or disciplinary_dismissal): a complaint about a disciplinary "
        "decision on an official (Law on Complaints ch. IV). Default: a second-instance "
        "complaint's first case's procedure, else administrative; a second instance cannot "
        "change it.",
    )


class AcceptIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "complexity": "ordinary",
                    "remote": False,
                    "filing_days_excluded": 0,
                    "legal_date": "2025-09-15",
                    "reason": "Đủ điều kiện thụ lý",
                    "legal_basis": "Luật Khiếu nại 2011, Điều 27",
                }
            ]
        },
    )

    complexity: Complexity = Complexity.ORDINARY
    remote: StrictBool = False
    filing_days_excluded: StrictInt = Field(default=0, ge=0, le=3650)


class ReferIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "to_agency_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "legal_date": "2025-09-16",
                    "reason": "Thuộc thẩm quyền cấp tỉnh",
                }
            ]
        },
    )

    to_agency_id: UUID


class TransferIn(ActIn):
    """Move an open case (accepted or not) to another competent agency; a reason is required."""

    model_config = example(
        to_agency_id=SOME_ID,
        legal_date="2025-07-01",
        reason="Chuyển giao theo sắp xếp đơn vị hành chính",
        legal_basis="Nghị quyết 202/2025/QH15",
    )

    to_agency_id: UUID


class ArchiveIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "grounds": "duplicate",
                    "duplicate_of": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "legal_date": "2025-09-16",
                    "reason": "Trùng đơn đã thụ lý",
                }
            ]
        },
    )

    grounds: ArchiveGrounds
    duplicate_of: UUID | None = None
    remote: StrictBool = Field(
        default=False, description="limitation_expired: judged on a remote area's filing limit"
    )
    filing_days_excluded: StrictInt = Field(
        default=0,
        ge=0,
        le=3650,
        description="limitation_expired: days lost to illness, disaster... (Law on Complaints "
        "art. 9), excluded as at acceptance",
    )


class GuideIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "directed_to": "Tòa án nhân dân huyện",
                    "legal_date": "2025-09-16",
                    "reason": "Thuộc thẩm quyền tòa án",
                }
            ]
        },
    )

    directed_to: Required
