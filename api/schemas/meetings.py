"""Reception meetings: the session, its visits and refusals, and the lists."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import ActIn, Label, PeriodOut, Required, example
from domain.reception import MeetingKind
from domain.reception_register import Matter, RefusalGrounds


class MeetingCreate(ActIn):
    """A reception session; its persons are counted from the visits entered in it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "host_id": "Chủ tịch UBND xã",
                    "kind": "regular",
                    "legal_date": "2025-09-15",
                }
            ]
        },
    )

    host_id: Required
    kind: MeetingKind
    dialogue_group: Label = ""


class VisitIn(ActIn):
    """A visit (lượt tiếp) in the reception register (Circular 04/2021/TT-TTCP)."""

    model_config = example(
        persons=6, matter="new", representatives=2, field="land", legal_date="2025-09-15"
    )

    persons: int = Field(default=1, ge=1, le=100_000, description="Persons received")
    matter: Matter = Field(default=Matter.NEW, description="new, or already received before")
    representatives: int = Field(default=0, ge=0, le=100_000)
    earlier_case_id: UUID | None = None
    field: Label = ""


class RefusalIn(ActIn):
    """A refusal of reception (Law 42/2013/QH13 art. 9); `reason` is the written notice."""

    model_config = example(
        persons=1,
        grounds="threatening_or_disorderly",
        legal_date="2025-09-15",
        reason="Gây rối trật tự tại nơi tiếp công dân",
    )

    persons: int = Field(default=1, ge=1, le=100_000)
    grounds: RefusalGrounds


class MeetingPublic(BaseModel):
    id: UUID
    host_id: str
    agency_id: UUID
    kind: MeetingKind
    citizens_received: int
    visits: int
    delegations: int
    repeated_matters: int
    refusals: int
    refused_persons: int
    dialogue_group: str
    held_on: date
    case_ids: list[UUID]


class MeetingSummary(BaseModel):
    """One meeting as the reception read model lists it."""

    meeting_id: UUID
    held_on: date
    agency_id: UUID
    host_id: str
    kind: MeetingKind
    dialogue_group: str
    visits: int
    persons: int
    delegations: int
    refusals: int
    petitions: int


class MeetingList(BaseModel):
    period: PeriodOut
    items: list[MeetingSummary]
