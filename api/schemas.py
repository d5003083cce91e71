"""Request and response models of the HTTP API; never reused as events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue, StringConstraints

from api.intake_schemas import ForwardingIn, LocationIn, LocationOut, OriginOut
from domain.agency_kinds import AgencyKind
from domain.kinds import (
    OUTCOMES,
    ArchiveGrounds,
    Channel,
    Complexity,
    EffectOnContested,
    Kind,
    Procedure,
    ReexaminationGrounds,
    TerminationGrounds,
)
from domain.levels import ALL_LEVELS
from domain.reception import MeetingKind
from domain.reception_register import Matter, RefusalGrounds
from domain.text import has_control_characters
from domain.users import Role

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
    petitioner_count: int = Field(default=1, ge=1, le=100_000)
    meeting_id: UUID | None = None
    visit_id: UUID | None = Field(
        default=None, description="The visit at the meeting the petition came with, if entered"
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
    decision_known_on: date | None = Field(default=None, ge=EARLIEST)
    procedure: Procedure = Field(
        default=Procedure.ADMINISTRATIVE,
        description="disciplinary: a complaint about a disciplinary decision on an official",
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
    remote: bool = False
    filing_days_excluded: int = Field(default=0, ge=0, le=3650)


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


class AssignIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"officer_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "legal_date": "2025-09-17"}
            ]
        },
    )

    officer_id: UUID


class ExtendIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "complexity": "complex",
                    "days": 15,
                    "legal_date": "2025-10-10",
                    "reason": "Vụ việc phức tạp",
                }
            ]
        },
    )

    complexity: Complexity
    days: int = Field(ge=1, le=365)


class VerifyIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "step": "Làm việc với người khiếu nại",
                    "findings": "Đã xác minh hiện trạng",
                    "legal_date": "2025-09-20",
                }
            ]
        },
    )

    step: Required
    findings: Text = ""


OUTCOMES_BY_KIND = ", ".join(f"{k.value}: {'/'.join(sorted(v))}" for k, v in OUTCOMES.items())


class ConcludeIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "outcome": "partly_right",
                    "decision_ref": "123/QĐ-UBND",
                    "effect_on_contested": "amended",
                    "legal_date": "2025-10-15",
                    "reason": "Khiếu nại đúng một phần",
                }
            ]
        },
    )

    outcome: Annotated[
        Required,
        Field(
            json_schema_extra={"enum": sorted(set().union(*OUTCOMES.values()))},
            description=f"The outcomes allowed per kind: {OUTCOMES_BY_KIND}",
        ),
    ]
    decision_ref: Required
    effect_on_contested: EffectOnContested | None = None


class MethodIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"method": "Gửi quyết định qua bưu điện", "legal_date": "2025-10-16"}]
        },
    )

    method: Required


class WithdrawIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "partial": False,
                    "proceeds": False,
                    "legal_date": "2025-09-25",
                    "reason": "Người khiếu nại rút đơn bằng văn bản",
                }
            ]
        },
    )

    partial: bool = False
    proceeds: bool = False


class TerminateIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "grounds": "settled_by_judgment",
                    "legal_date": "2025-09-25",
                    "reason": "Đã có bản án",
                }
            ]
        },
    )

    grounds: TerminationGrounds


class ReexamineIn(ActIn):
    grounds: ReexaminationGrounds


class KindCorrectionIn(ActIn):
    kind: Kind


class PartIn(ActIn):
    kind: Kind
    summary: Required


class ForwardIn(ActIn):
    to_agency_id: UUID = Field(description="The agency that inspects (itself or a competent one)")


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


class CommandResult(BaseModel):
    """What every command answers: the aggregate, its new version, and the log position."""

    id: UUID
    version: int
    position: int


class CaseCreated(CommandResult):
    """A recorded petition: the command's answer and the reference code for the receipt."""

    reference_code: str = Field(description="Printed on the citizen's receipt; used to track")


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


class DeadlineOut(BaseModel):
    """One dated duty of a case; `confirmed` is false when its limit awaits legal confirmation."""

    name: str
    due_date: date
    confirmed: bool
    done_on: date | None
    overdue: bool


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
    handling_due_date_confirmed: bool
    due_date_confirmed: bool | None
    deadlines: list[DeadlineOut]
    origin: OriginOut | None = Field(default=None, description="The forwarding body")
    location: LocationOut | None = None
    media_url: str = ""
    service_code: str = Field(default="", description="The Open311 service it was filed through")


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
    actor_name: str = Field(default="", description="The actor's display name (or username)")
    actor_post: str = Field(default="", description="The actor's post (job title)")
    actor_agency_name: str = Field(default="", description="The acting agency's current name")


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
    petitions_by_origin: dict[str, int] = Field(
        default_factory=dict,
        description="Petitions received in the period by the kind of body that forwarded them"
        " (direct: sent by the citizen)",
    )


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
    """Sessions, visits, persons, matters and delegations apart; dialogues and refusals apart."""

    agency_id: UUID | None
    host_id: str | None
    kind: str | None
    meetings: int
    visits: int
    persons: int
    legacy_persons: int
    new_matters: int
    repeated_matters: int
    delegations: int
    delegation_persons: int
    dialogues: int
    dialogue_visits: int
    dialogue_persons: int
    refusals: int
    refused_persons: int
    petitions: int


class ReceptionOut(BaseModel):
    """Reception sessions (cuộc), visits (lượt), persons and petitions taken, in a period."""

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
