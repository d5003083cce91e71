"""Reception meetings and leaders' dialogues; petitions received there link to them."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.deps import CaseReader, Officer, PetitionsCommand, StoresDep, act_of
from api.idempotency import IdempotentRoute, result
from api.problems import responses
from api.schemas import CommandResult, MeetingCreate, MeetingPublic
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
