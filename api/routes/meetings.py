"""Reception meetings and leaders' dialogues; petitions received there link to them."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import (
    CaseReader,
    Officer,
    PetitionsCommand,
    StoresDep,
    ViewsDep,
    act_of,
    scoped_agency,
)
from api.idempotency import IdempotentRoute
from api.problems import responses
from api.routes.cases import result
from api.routes.reports import PeriodDep
from api.schemas import (
    CommandResult,
    MeetingCreate,
    MeetingList,
    MeetingPublic,
    MeetingSummary,
    PeriodOut,
)
from domain.application import MeetingHeld
from domain.errors import NotFoundError
from domain.users import Role

router = APIRouter(prefix="/meetings", tags=["reception"], route_class=IdempotentRoute)


@router.post(
    "",
    status_code=201,
    summary="Record a reception meeting",
    responses=responses(401, 403, 404, 409, 422),
)
def hold_meeting(body: MeetingCreate, app: PetitionsCommand, who: Officer) -> CommandResult:
    """Record a reception session or dialogue held for the officer's agency."""
    meeting = MeetingHeld(body.host_id, body.kind, body.citizens_received, body.dialogue_group)
    return result(app.hold_meeting(meeting, act_of(who, body)))


@router.get("", summary="List reception meetings", responses=responses(401, 403, 422, 503))
def list_meetings(
    who: CaseReader,
    stores: StoresDep,
    views: ViewsDep,
    period: PeriodDep,
    agency_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> MeetingList:
    """Meetings held in the period in the caller's scope, in date order (from the read model)."""
    agency = scoped_agency(stores, who, agency_id)
    meetings = views.reception.meetings(period, agency, limit=limit)
    if who.role == Role.OFFICER:
        meetings = [m for m in meetings if m.agency_id == who.agency_id]
    return MeetingList(
        period=PeriodOut(start=period.start, end=period.end, label=period.label),
        items=[MeetingSummary.model_validate(m, from_attributes=True) for m in meetings],
    )


@router.get(
    "/{meeting_id}", summary="Read a reception meeting", responses=responses(401, 403, 404, 422)
)
def read_meeting(meeting_id: UUID, who: CaseReader, stores: StoresDep) -> MeetingPublic:
    """One meeting with the petitions received at it."""
    meeting = stores.petitions.get_meeting(meeting_id)
    visible = who.role == Role.AUDITOR or (
        who.agency_id == meeting.agency_id
        or (who.role != Role.OFFICER and who.agency_id in meeting.agency_path)
    )
    if not visible:
        raise NotFoundError(f"no reception meeting {meeting_id}")
    return MeetingPublic(
        id=meeting.id,
        host_id=meeting.host_id,
        agency_id=meeting.agency_id,
        kind=meeting.kind,
        citizens_received=meeting.citizens_received,
        dialogue_group=meeting.dialogue_group,
        held_on=meeting.held_on,
        case_ids=list(meeting.case_ids),
    )
