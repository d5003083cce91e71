"""Request and response models of the HTTP API; never reused as events."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)

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
from domain.text import has_control_characters
from domain.users import Role

EARLIEST = date(2000, 1, 1)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def no_control_characters(value: str) -> str:
    """Refuse NUL and other control characters (PostgreSQL text cannot hold NUL)."""
    if has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


def iso_date_only(value: object) -> object:
    """A date must be written YYYY-MM-DD: no Unix timestamps (`0` is not 1970-01-01)."""
    if isinstance(value, date) or (isinstance(value, str) and ISO_DATE.match(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


Clean = AfterValidator(no_control_characters)
IsoDate = Annotated[date, BeforeValidator(iso_date_only)]
Label = Annotated[str, StringConstraints(max_length=500), Clean]
Required = Annotated[str, StringConstraints(min_length=1, max_length=500), Clean]
Text = Annotated[str, StringConstraints(max_length=20_000), Clean]
Level = Annotated[str, Field(json_schema_extra={"enum": list(ALL_LEVELS)})]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActIn(Strict):
    """Attribution of a command: the legal date of the act, its reason and legal basis."""

    legal_date: IsoDate = Field(ge=EARLIEST, description="Date the act took legal effect")
    reason: Text = ""
    legal_basis: Label = ""
    expected_version: StrictInt | None = Field(default=None, ge=1, le=1_000_000_000)


class PetitionerIn(Strict):
    full_name: Required
    address: Label = ""
    contact: Label = ""
    id_number: Label = ""


class PetitionCreate(ActIn):
    channel: Channel
    summary: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    petitioner_count: StrictInt = Field(default=1, ge=1, le=100_000)
    meeting_id: UUID | None = None
    petitioner: PetitionerIn | None = None


class ClassifyIn(ActIn):
    kind: Kind
    field: Label
    competent_agency_id: UUID
    decision_known_on: IsoDate | None = Field(default=None, ge=EARLIEST)


class AcceptIn(ActIn):
    complexity: Complexity = Complexity.ORDINARY
    remote: StrictBool = False
    filing_days_excluded: StrictInt = Field(default=0, ge=0, le=3650)


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
    days: StrictInt = Field(ge=1, le=365)


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
    partial: StrictBool = False
    proceeds: StrictBool = False


class TerminateIn(ActIn):
    grounds: TerminationGrounds


class MeetingCreate(ActIn):
    host_id: Required
    kind: MeetingKind
    citizens_received: StrictInt = Field(ge=0, le=100_000)
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
    """What every command answers: the aggregate, its new version, and the log position.

    `reference_code` is the case's code (printed on a new petition's receipt).
    """

    id: UUID
    version: int
    position: int
    reference_code: str | None = None


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


class PeriodOut(BaseModel):
    start: date
    end: date
    label: str


class MetricOut(BaseModel):
    """The metric definition published beside every rate."""

    key: str
    formula: str


class FiguresOut(BaseModel):
    """Counts for one kind x level (null: all).

    `petitions_received` counts petitions (đơn); every other count is cases (vụ việc).
    """

    kind: str | None
    level: str | None
    petitions_received: int
    accepted: int
    carried_over: int
    resolved: int
    resolved_on_time: int
    resolved_late: int
    resolved_of_accepted: int
    withdrawn: int
    terminated: int
    suspended: int
    still_open: int
    open_within_limit: int
    overdue: int
    outcomes: dict[str, int]
    rate: float | None


class QualityOut(BaseModel):
    first_instance_complaints_decided: int
    found_right: int
    found_partly_right: int
    second_instance_decided: int
    annulled_or_amended: int
    resolved: int
    resolved_on_time: int
    share_found_right: float | None
    share_annulled_or_amended: float | None
    share_on_time: float | None


class StatisticsOut(BaseModel):
    """Resolution figures of a period for an agency subtree, with formula and target."""

    period: PeriodOut
    agency_id: UUID | None
    on: date
    metric: MetricOut
    rate: float | None
    target: float
    target_met: bool | None
    total: FiguresOut
    rows: list[FiguresOut]
    quality: QualityOut


class EscalationFigureOut(BaseModel):
    above_agency_id: UUID
    competent_agency_id: UUID
    petitions: int


class EscalationsOut(BaseModel):
    """Petitions sent beyond the level (vượt cấp), derived from routing events."""

    period: PeriodOut
    agency_id: UUID | None
    received: int
    escalated: int
    share: float | None
    figures: list[EscalationFigureOut]


class OpenItemOut(BaseModel):
    case_id: UUID
    reference_code: str
    kind: str | None
    status: str
    stage: str
    agency_id: UUID
    officer_id: str
    due_date: date
    suspended: bool
    extensions: int
    overdue: bool


class LoadOut(BaseModel):
    key: str
    open: int
    overdue: int
    due_soon: int


class DeadlinesOut(BaseModel):
    """Open petitions and cases: overdue on `on`, due within the window, and the load."""

    on: date
    agency_id: UUID | None
    overdue: list[OpenItemOut]
    due_soon: list[OpenItemOut]
    load: list[LoadOut]


class ReceptionFiguresOut(BaseModel):
    agency_id: UUID | None
    host_id: str | None
    meetings: int
    citizens: int
    petitions: int
    dialogues: int


class ReceptionOut(BaseModel):
    """Reception sessions (cuộc), citizen visits (lượt) and petitions taken, in a period."""

    period: PeriodOut
    agency_id: UUID | None
    figures: list[ReceptionFiguresOut]


class AccountEventOut(BaseModel):
    version: int
    event: str
    recorded_at: datetime
    fields: dict[str, Any]


class UserHistory(BaseModel):
    """A user's account events: who registered them and who granted or revoked which role."""

    user_id: UUID
    events: list[AccountEventOut]
