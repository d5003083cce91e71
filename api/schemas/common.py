"""Building blocks of the API models: text constraints, strictness, examples, attribution."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue, StringConstraints

from domain.levels import ALL_LEVELS
from domain.text import has_control_characters

EARLIEST = date(2000, 1, 1)


def no_control_characters(value: str) -> str:
    """Refuse NUL and other control characters (PostgreSQL text cannot hold NUL)."""
    if has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


Clean = AfterValidator(no_control_characters)


Label = Annotated[str, StringConstraints(max_length=500), Clean]


Required = Annotated[str, StringConstraints(min_length=1, max_length=500), Clean]


Text = Annotated[str, StringConstraints(max_length=20_000), Clean]


Level = Annotated[str, Field(json_schema_extra={"enum": list(ALL_LEVELS)})]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def example(**fields: JsonValue) -> ConfigDict:
    """A strict model's configuration with one OpenAPI example of its body."""
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [fields]})


SOME_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


class ActIn(Strict):
    """Attribution of a command: the legal date of the act, its reason and legal basis."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "legal_date": "2025-09-15",
                    "reason": "Đủ điều kiện thụ lý",
                    "legal_basis": "Luật Khiếu nại 2011, Điều 27",
                }
            ]
        },
    )

    legal_date: date = Field(ge=EARLIEST, description="Date the act took legal effect")
    reason: Text = ""
    legal_basis: Label = ""
    expected_version: int | None = Field(default=None, ge=1, le=1_000_000_000)


class CommandResult(BaseModel):
    """What every command answers: the aggregate, its new version, and the log position."""

    id: UUID
    version: int
    position: int


class PeriodOut(BaseModel):
    start: date
    end: date
    label: str
