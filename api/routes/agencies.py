"""The agency tree (administrators): register, rename, re-parent, merge."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.deps import Administrator, PetitionsCommand, PrincipalDep, StoresDep, act_of
from api.idempotency import IdempotentRoute, result
from api.problems import responses
from api.schemas import (
    AgencyCreate,
    AgencyMerge,
    AgencyPublic,
    AgencyRename,
    AgencyReparent,
    CommandResult,
)

router = APIRouter(prefix="/agencies", tags=["agencies"], route_class=IdempotentRoute)
COMMAND = responses(401, 403, 404, 409, 422)


@router.post("", status_code=201, summary="Register an agency", responses=COMMAND)
def register(body: AgencyCreate, app: PetitionsCommand, who: Administrator) -> CommandResult:
    """Register an agency under a parent (none for a root) at a level in force."""
    return result(
        app.register_agency(body.name, body.code, body.level, body.parent_id, act_of(who, body))
    )


@router.post("/{agency_id}/name", summary="Rename an agency", responses=COMMAND)
def rename(
    agency_id: UUID, body: AgencyRename, app: PetitionsCommand, who: Administrator
) -> CommandResult:
    """Rename the agency from the act's legal date."""
    return result(app.rename_agency(agency_id, body.name, act_of(who, body)))


@router.post("/{agency_id}/parent", summary="Re-parent an agency", responses=COMMAND)
def reparent(
    agency_id: UUID, body: AgencyReparent, app: PetitionsCommand, who: Administrator
) -> CommandResult:
    """Move the agency under another parent; cycles and level inversions are refused."""
    return result(app.reparent_agency(agency_id, body.parent_id, act_of(who, body)))


@router.post("/{agency_id}/merger", summary="Merge an agency into another", responses=COMMAND)
def merge(
    agency_id: UUID, body: AgencyMerge, app: PetitionsCommand, who: Administrator
) -> CommandResult:
    """Close the agency, its future work going to the successor; past cases keep it."""
    return result(app.merge_agency(agency_id, body.successor_id, act_of(who, body)))


@router.get("/{agency_id}", summary="Read an agency", responses=responses(401, 403, 404, 422))
def read_agency(agency_id: UUID, who: PrincipalDep, stores: StoresDep) -> AgencyPublic:
    """One agency as it stands now."""
    del who
    agency = stores.petitions.get_agency(agency_id)
    return AgencyPublic(
        id=agency.id,
        name=agency.name,
        code=agency.code,
        level=agency.level,
        parent_id=agency.parent_id,
        successor_id=agency.successor_id,
        version=agency.version,
    )
