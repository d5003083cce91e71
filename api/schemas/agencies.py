"""The agency tree: creation, renaming, moves, mergers, dissolutions and the directory."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.schemas.common import SOME_ID, ActIn, Clean, Label, Level, Required, Strict, example
from domain.agency_kinds import AgencyKind


class AgencyCreate(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "UBND xã Phú Lương",
                    "code": "PL",
                    "level": "commune",
                    "parent_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "legal_date": "2025-08-01",
                }
            ]
        },
    )

    name: Required
    code: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    level: Level
    parent_id: UUID | None = None
    kind: AgencyKind = AgencyKind.PEOPLES_COMMITTEE


class AgencyRename(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "UBND phường Phú Lương",
                    "legal_date": "2025-08-01",
                    "reason": "Nghị quyết sắp xếp đơn vị hành chính",
                }
            ]
        },
    )

    name: Required


class AgencyReparent(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "parent_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "legal_date": "2025-08-01",
                    "reason": "Sắp xếp đơn vị hành chính",
                }
            ]
        },
    )

    parent_id: UUID | None


class AgencyMerge(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "successor_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "legal_date": "2025-07-01",
                    "reason": "Sáp nhập theo Nghị quyết",
                }
            ]
        },
    )

    successor_id: UUID


class SuccessionClauseIn(Strict):
    successor_id: UUID
    areas: list[UUID] = Field(default_factory=list, max_length=1000)
    fields: list[Label] = Field(default_factory=list, max_length=100)


class AgencyDissolution(ActIn):
    """Close an agency: a default successor and clauses (by area or field) for the others."""

    model_config = example(
        rule_version="TN-2025.1",
        default_successor_id=SOME_ID,
        clauses=[{"successor_id": SOME_ID, "areas": [SOME_ID], "fields": ["land"]}],
        legal_date="2025-07-01",
        reason="Kết thúc hoạt động cấp huyện",
        legal_basis="Luật 72/2025/QH15",
    )

    rule_version: Annotated[str, StringConstraints(min_length=1, max_length=100), Clean]
    default_successor_id: UUID
    clauses: list[SuccessionClauseIn] = Field(default_factory=list, max_length=100)


class SuccessionTransfersOut(BaseModel):
    """The open cases a succession moved to the successors, and the log position."""

    case_ids: list[UUID]
    position: int


class AgencyPublic(BaseModel):
    id: UUID
    name: str
    code: str
    level: str
    kind: AgencyKind
    parent_id: UUID | None
    successor_id: UUID | None
    successor_ids: list[UUID]
    closed_on: date | None
    version: int


class AgencyTreeNode(BaseModel):
    """An agency and the agencies directly under it."""

    id: UUID
    name: str
    code: str
    level: str
    kind: AgencyKind
    parent_id: UUID | None
    successor_id: UUID | None
    children: list[AgencyTreeNode] = []
