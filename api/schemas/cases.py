"""Responses about cases: the staff view, history, index, petitioner and public status."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import CommandResult
from api.schemas.intake import LocationOut, OriginOut
from api.schemas.reports import CutoffOut


class CaseCreated(CommandResult):
    """A recorded petition: the command's answer and the reference code for the receipt."""

    reference_code: str = Field(description="Printed on the citizen's receipt; used to track")


class DeadlineOut(BaseModel):
    """One dated duty of a case; `confirmed` is false when its limit awaits legal confirmation."""

    name: str
    due_date: date
    confirmed: bool
    done_on: date | None
    overdue: bool


class CasePublic(BaseModel):
    """One case as staff see it: state, due date and overdue flag; no personal data.

    `handling_due_date` is empty while a referred petition awaits the receiver's recorded
    receipt: the receiver's intake clock has not started.
    """

    id: UUID
    version: int
    reference_code: str
    status: str
    kind: str | None
    channel: str
    instance: int
    summary: str | None = Field(
        description="What the petition is about; null once shredded (`summary_shredded`)"
    )
    summary_shredded: bool = Field(
        default=False, description="The summary was sealed under a data key since erased"
    )
    anonymous: bool
    receiving_agency_id: UUID
    handling_agency_id: UUID
    competent_agency_id: UUID | None
    received_on: date
    handling_due_date: date | None
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
    """One case in the index; no petitioner identity.

    `handling_due_date_confirmed` and `due_date_confirmed` are false when the limit
    behind the date awaits legal confirmation (none: no such date, or a row written
    before the flags existed, until the view is rebuilt).
    """

    case_id: UUID
    reference_code: str
    status: str
    kind: str | None
    channel: str
    instance: int
    summary: str | None = Field(description="What the petition is about; null once shredded")
    summary_shredded: bool = False
    anonymous: bool
    received_on: date
    receiving_agency_id: UUID
    handling_agency_id: UUID
    competent_agency_id: UUID | None
    officer_id: str
    handling_due_date: date | None
    handling_due_date_confirmed: bool | None = None
    accepted_on: date | None
    due_date: date | None
    due_date_confirmed: bool | None = None
    overdue: bool
    extensions: int
    concluded_on: date | None
    outcome: str
    first_instance_case_id: UUID | None
    second_instance_case_id: UUID | None
    version: int


class CaseIndexPage(BaseModel):
    """A page of the case list; `cutoff` names the cut-offs it answers for (none: now)."""

    items: list[CaseIndexItem]
    next_cursor: str | None
    cutoff: CutoffOut = Field(default_factory=CutoffOut)
