"""Request and response models of the HTTP API; never reused as events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from domain.kinds import (
    ArchiveGrounds,
    Channel,
    Complexity,
    EffectOnContested,
    Kind,
    TerminationGrounds,
)
from domain.levels import ALL_LEVELS
from domain.reception import MeetingKind
from domain.users import Role

EARLIEST = date(2000, 1, 1)
Label = Annotated[str, StringConstraints(max_length=500)]
Required = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
Level = Annotated[str, Field(json_schema_extra={"enum": list(ALL_LEVELS)})]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActIn(Strict):
    """Attribution of a command: the legal date of the act, its reason and legal basis."""

    legal_date: date = Field(ge=EARLIEST, description="Date the act took legal effect")
    reason: Text = ""
    legal_basis: Label = ""
    expected_version: int | None = Field(default=None, ge=1, le=1_000_000_000)


class PetitionerIn(Strict):
    full_name: Required
    address: Label = ""
    contact: Label = ""
    id_number: Label = ""


class PetitionCreate(ActIn):
    channel: Channel
    summary: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    petitioner_count: int = Field(default=1, ge=1, le=100_000)
    meeting_id: UUID | None = None
    petitioner: PetitionerIn | None = None


class ClassifyIn(ActIn):
    kind: Kind
    field: Label
    competent_agency_id: UUID
    decision_known_on: date | None = Field(default=None, ge=EARLIEST)


class AcceptIn(ActIn):
    complexity: Complexity = Complexity.ORDINARY
    remote: bool = False
    filing_days_excluded: int = Field(default=0, ge=0, le=3650)


class ReferIn(ActIn):
    to_agency_id: UUID


class ArchiveIn(ActIn):
    grounds: ArchiveGrounds
    duplicate_of: UUID | None = None


class GuideIn(ActIn):
    directed_to: Required


class AssignIn(ActIn):
    officer_id: UUID


class ExtendIn(ActIn):
    complexity: Complexity
    days: int = Field(ge=1, le=365)


class VerifyIn(ActIn):
    step: Required
    findings: Text = ""


class ConcludeIn(ActIn):
    outcome: Required
    decision_ref: Required
    effect_on_contested: EffectOnContested | None = None


class MethodIn(ActIn):
    method: Required


class WithdrawIn(ActIn):
    partial: bool = False
    proceeds: bool = False


class TerminateIn(ActIn):
    grounds: TerminationGrounds


class MeetingCreate(ActIn):
    host_id: Required
    kind: MeetingKind
    citizens_received: int = Field(ge=0, le=100_000)
    dialogue_group: Label = ""


class AgencyCreate(ActIn):
    name: Required
    code: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    level: Level
    parent_id: UUID | None = None


class AgencyRename(ActIn):
    name: Required


class AgencyReparent(ActIn):
    parent_id: UUID | None


class AgencyMerge(ActIn):
    successor_id: UUID


class UserCreate(Strict):
    username: Annotated[str, StringConstraints(min_length=3, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=12, max_length=256)]
    role: Role
    agency_id: UUID | None = None


class GrantIn(Strict):
    role: Role
    agency_id: UUID | None = None


class PasswordChange(Strict):
    current_password: Annotated[str, StringConstraints(max_length=256)]
    new_password: Annotated[str, StringConstraints(min_length=12, max_length=256)]


class CommandResult(BaseModel):
    """What every command answers: the aggregate, its new version, and the log position."""

    id: UUID
    version: int
    position: int


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105
    expires_at: datetime


class UserPublic(BaseModel):
    id: UUID
    username: str
    role: Role | None
    agency_id: UUID | None
    active: bool
    version: int


class AgencyPublic(BaseModel):
    id: UUID
    name: str
    code: str
    level: str
    parent_id: UUID | None
    successor_id: UUID | None
    version: int


class MeetingPublic(BaseModel):
    id: UUID
    host_id: str
    agency_id: UUID
    kind: MeetingKind
    citizens_received: int
    dialogue_group: str
    held_on: date
    case_ids: list[UUID]


class CasePublic(BaseModel):
    """One case as staff see it: state, due date and overdue flag; no personal data."""

    id: UUID
    version: int
    reference_code: str
    status: str
    kind: str | None
    channel: str
    instance: int
    summary: str
    anonymous: bool
    receiving_agency_id: UUID
    handling_agency_id: UUID
    competent_agency_id: UUID | None
    received_on: date
    handling_due_date: date
    accepted_on: date | None
    due_date: date | None
    overdue: bool
    officer_id: str
    outcome: str
    concluded_on: date | None
    first_instance_case_id: UUID | None
    second_instance_case_id: UUID | None


class HistoryEntry(BaseModel):
    """One event of a case: what, business date, recorded time, actor, agency, reason, fields."""

    version: int
    event: str
    legal_date: date
    recorded_at: datetime
    actor_id: str
    actor_agency_id: UUID
    reason: str
    legal_basis: str
    fields: dict[str, Any]


class CaseHistory(BaseModel):
    case_id: UUID
    events: list[HistoryEntry]


class Petitioner(BaseModel):
    """A petitioner's personal data, shown only to the case's handler; the read is recorded."""

    full_name: str
    address: str
    contact: str
    id_number: str
    disclosures: int


class PublicStatus(BaseModel):
    """What anyone holding a reference code may see: no names, no summary, no agency staff."""

    reference_code: str
    status: str
    kind: str | None
    received_on: date
    due_date: date | None
    overdue: bool
    concluded_on: date | None


class CaseIndexItem(BaseModel):
    """One case in the index; no petitioner identity."""

    case_id: UUID
    reference_code: str
    status: str
    kind: str | None
    channel: str
    instance: int
    summary: str
    anonymous: bool
    received_on: date
    receiving_agency_id: UUID
    handling_agency_id: UUID
    competent_agency_id: UUID | None
    officer_id: str
    handling_due_date: date
    accepted_on: date | None
    due_date: date | None
    overdue: bool
    extensions: int
    concluded_on: date | None
    outcome: str
    first_instance_case_id: UUID | None
    second_instance_case_id: UUID | None
    version: int


class CaseIndexPage(BaseModel):
    items: list[CaseIndexItem]
    next_cursor: str | None
