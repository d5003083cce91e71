"""The petitioner's identity: its disclosure, its shredding, and the audit of its reads."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Label, Strict, Text


class Petitioner(BaseModel):
    """A petitioner's personal data, shown only to the case's handler; the read is recorded."""

    full_name: str
    address: str
    contact: str
    id_number: str
    disclosures: int
    legacy_plaintext: bool = Field(
        description="Recorded in plain text before personal data was sealed (its event "
        "still holds the text; shredding cannot erase it)"
    )


class ShredIn(Strict):
    """Why the identity is shredded: a reason and the legal basis, both required."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "reason": "Hết thời hạn lưu trữ hồ sơ",
                    "legal_basis": "Nghị định 13/2023/NĐ-CP, Điều 16",
                }
            ]
        },
    )

    reason: Text = Field(min_length=1)
    legal_basis: Label = Field(min_length=1)


class IdentityReadOut(BaseModel):
    """One recorded read of the identity."""

    user_id: str
    user_name: str
    at: datetime
    case_id: UUID
    purpose: str


class PetitionerReads(BaseModel):
    """Every read of a case's petitioner identity (never the identity itself)."""

    case_id: UUID
    identity_id: UUID
    count: int
    reads: list[IdentityReadOut]
    legacy_plaintext: bool
    shredded: bool
    shredded_by: str | None
    shredded_at: datetime | None
    shred_reason: str
