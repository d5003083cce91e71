"""The agency tree (administrators): register, rename, re-parent, merge."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.cutoffs import StrictQuery
from api.deps import Administrator, PetitionsCommand, PrincipalDep, StoresDep, act_of
from api.idempotency import IdempotentRoute, result
from api.problems import responses
from api.schemas import (
    ActIn,
    AgencyCreate,
    AgencyDissolution,
    AgencyMerge,
    AgencyPublic,
    AgencyRename,
    AgencyReparent,
    AgencyTreeNode,
    CommandResult,
    SuccessionTransfersOut,
)
from api.view_waits import ViewsDep
from domain.agency_kinds import AgencyKind
from domain.succession import SuccessionClause, SuccessionPlan
from projections.agencies.persistence import AgencyNode

router = APIRouter(prefix="/agencies", tags=["agencies"], route_class=IdempotentRoute)
COMMAND = responses(401, 403, 404, 409, 422)


@router.post("", status_code=201, summary="Register an agency", responses=COMMAND)
def register(body: AgencyCreate, app: PetitionsCommand, who: Administrator) -> CommandResult:
    """Register an agency of a kind under a parent (none for a root) at a level in force."""
    act = act_of(who, body)
    return result(
        app.register_agency(body.name, body.code, body.level, body.parent_id, act, body.kind)
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


@router.get(
    "",
    summary="The agency tree",
    responses=responses(401, 403, 422, 503),
    dependencies=[StrictQuery],
)
def agency_tree(
    who: PrincipalDep, views: ViewsDep, root_id: UUID | None = None
) -> list[AgencyTreeNode]:
    """Every agency (or the subtree under `root_id`) as a tree, names in order."""
    del who
    return [_tree(node) for node in views.agencies.tree(root_id)]


def _tree(node: AgencyNode) -> AgencyTreeNode:
    row = node.agency
    return AgencyTreeNode(
        id=row.agency_id,
        name=row.name,
        code=row.code,
        level=row.level,
        kind=AgencyKind(row.kind),
        parent_id=row.parent_id,
        successor_id=row.successor_id,
        children=[_tree(child) for child in node.children],
    )


@router.post(
    "/{agency_id}/dissolution", summary="Dissolve an agency into successors", responses=COMMAND
)
def dissolve(
    agency_id: UUID, body: AgencyDissolution, app: PetitionsCommand, who: Administrator
) -> CommandResult:
    """Close the agency; a versioned rule says which successor takes which open case.

    Administrators only; a reason is required. Run the succession transfers afterwards.
    """
    plan = SuccessionPlan(
        body.rule_version,
        body.default_successor_id,
        tuple(
            SuccessionClause(c.successor_id, tuple(c.areas), tuple(c.fields)) for c in body.clauses
        ),
    )
    return result(app.dissolve_agency(agency_id, plan, act_of(who, body)))


@router.post(
    "/{agency_id}/succession-transfers",
    summary="Transfer a closed agency's open cases to its successors",
    responses=responses(401, 403, 404, 409, 422, 503),
)
def transfer_open_cases(
    agency_id: UUID,
    body: ActIn,
    app: PetitionsCommand,
    who: Administrator,
    views: ViewsDep,
) -> SuccessionTransfersOut:
    """Move every open case the merged or dissolved agency holds to the successor its rule names.

    Administrators only; a reason is required. The open cases come from the case index
    (pass `?after=` the dissolution's position); a repeated call moves nothing twice.
    """
    candidates = views.case_index.open_case_ids(agency_id)
    moved = app.transfer_open_cases(agency_id, candidates, act_of(who, body))
    return SuccessionTransfersOut(case_ids=list(moved.case_ids), position=moved.position)


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
        kind=AgencyKind(agency.kind),
        parent_id=agency.parent_id,
        successor_id=agency.successor_id,
        successor_ids=list(agency.succession_rule.successor_ids if agency.succession_rule else ()),
        closed_on=agency.closed_on,
        version=agency.version,
    )
