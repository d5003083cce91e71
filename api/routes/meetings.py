"""Reception meetings and leaders' dialogues; petitions received there link to them."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.cutoffs import StrictQuery
from api.deps import CaseReader, Officer, PetitionsCommand, StoresDep, act_of, scoped_agency
from api.idempotency import IdempotentRoute, result
from api.periods import PeriodDep
from api.problems import responses
from api.schemas import (
    CommandResult,
    MeetingCreate,
    MeetingList,
    MeetingPublic,
    MeetingSummary,
    PeriodOut,
    RefusalIn,
    VisitIn,
)
from api.security import Principal
from api.stores import Stores
from api.view_waits import ViewsDep
from domain.application import MeetingHeld
from domain.errors import NotFoundError
from domain.reception import ReceptionMeeting
from domain.reception_register import Visit
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
    meeting = MeetingHeld(body.host_id, body.kind, body.dialogue_group)
    return result(app.hold_meeting(meeting, act_of(who, body)))


@router.get(
    "",
    summary="List reception meetings",
    responses=responses(401, 403, 422, 503),
    dependencies=[StrictQuery],
)
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


@router.post(
    "/{meeting_id}/visits",
    status_code=201,
    summary="Enter a visit in the reception register",
    responses=responses(401, 403, 404, 409, 422),
)
def record_visit(
    meeting_id: UUID, body: VisitIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Enter a visit at a session of the officer's agency: persons, matter, representatives.

    Five persons or more make a mass delegation (đoàn đông người), per the rule in force.
    Officers only. Answers the meeting's id and version; the visit's id is in its history.
    """
    visit = Visit(body.persons, body.matter, body.representatives, body.earlier_case_id, body.field)
    return result(app.record_visit(meeting_id, visit, act_of(who, body)))


@router.post(
    "/{meeting_id}/refusals",
    status_code=201,
    summary="Enter a refusal of reception",
    responses=responses(401, 403, 404, 409, 422),
)
def refuse(meeting_id: UUID, body: RefusalIn, app: PetitionsCommand, who: Officer) -> CommandResult:
    """Enter a refusal of reception on a ground of art. 9; the reason is the written notice.

    Officers only.
    """
    return result(app.refuse_reception(meeting_id, body.persons, body.grounds, act_of(who, body)))


@router.get(
    "/{meeting_id}", summary="Read a reception meeting", responses=responses(401, 403, 404, 422)
)
def read_meeting(meeting_id: UUID, who: CaseReader, stores: StoresDep) -> MeetingPublic:
    """One meeting with its register's totals and the petitions received at it."""
    meeting = _visible_meeting(meeting_id, who, stores)
    return MeetingPublic(
        id=meeting.id,
        host_id=meeting.host_id,
        agency_id=meeting.agency_id,
        kind=meeting.kind,
        citizens_received=meeting.citizens_received,
        visits=meeting.visits,
        delegations=meeting.delegations,
        repeated_matters=meeting.repeated_matters,
        refusals=meeting.refusals,
        refused_persons=meeting.refused_persons,
        dialogue_group=meeting.dialogue_group,
        held_on=meeting.held_on,
        case_ids=list(meeting.case_ids),
    )


def _visible_meeting(meeting_id: UUID, who: Principal, stores: Stores) -> ReceptionMeeting:
    meeting = stores.petitions.get_meeting(meeting_id)
    visible = who.role == Role.AUDITOR or (
        who.agency_id == meeting.agency_id
        or (who.role != Role.OFFICER and who.agency_id in meeting.agency_path)
    )
    if not visible:
        raise NotFoundError(f"no reception meeting {meeting_id}")
    return meeting
