"""Accounts: registration, profile, roles, passwords, tokens and the account history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.schemas.common import Label, Strict
from domain.users import Role


class UserCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "username": "an.nguyen",
                    "password": "correct horse battery staple",
                    "role": "officer",
                    "agency_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "display_name": "Nguyễn Văn An",
                    "post": "Chuyên viên tiếp công dân",
                }
            ]
        },
    )

    username: Annotated[str, StringConstraints(min_length=3, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=12, max_length=256)]
    role: Role
    agency_id: UUID | None = None
    display_name: Label = Field(default="", description="Name shown beside the user's acts")
    post: Label = Field(default="", description="Post (job title) shown beside the name")


class ProfileIn(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"display_name": "Nguyễn Văn An", "post": "Chuyên viên tiếp công dân"}]
        },
    )

    display_name: Label = ""
    post: Label = ""


class GrantIn(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"role": "leader", "agency_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}]
        },
    )

    role: Role
    agency_id: UUID | None = None


class PasswordChange(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "current_password": "correct horse battery staple",
                    "new_password": "another long passphrase",
                }
            ]
        },
    )

    current_password: Annotated[str, StringConstraints(max_length=256)]
    new_password: Annotated[str, StringConstraints(min_length=12, max_length=256)]


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105
    expires_at: datetime


class UserPublic(BaseModel):
    id: UUID
    username: str
    display_name: str = ""
    post: str = ""
    role: Role | None
    agency_id: UUID | None
    active: bool
    version: int


class AccountEventOut(BaseModel):
    version: int
    event: str
    recorded_at: datetime
    fields: dict[str, Any]


class UserHistory(BaseModel):
    """A user's account events: who registered them and who granted or revoked which role."""

    user_id: UUID
    events: list[AccountEventOut]
