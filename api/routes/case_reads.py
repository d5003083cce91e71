"""Reading a case and its audited history, now or as it stood at a cut-off."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.case_at import case_at, known
from api.cutoffs import CutoffDep, StrictQuery, caught_up
from api.deps import ReadableCase, StoresDep
from api.idempotency import IdempotentRoute
from api.names import Names
from api.problems import responses
from api.schemas import CaseHistory, CasePublic, HistoryEntry
from api.stores import Stores
from api.view_waits import ViewsDep
from ops.integrity.chains import check_aggregate

router = APIRouter(prefix="/cases", tags=["cases"], route_class=IdempotentRoute)
QUERY = responses(401, 403, 404, 422)


@router.get("/{case_id}", summary="Read one case", responses=QUERY, dependencies=[StrictQuery])
def read_case(
    case: ReadableCase, stores: StoresDep, views: ViewsDep, cutoff: CutoffDep
) -> CasePublic:
    """One case, with its due date and overdue flag; staff who may read it.

    With `as_of` (legal cut-off) and/or `known_at` (knowledge cut-off: a log
    position or a recorded time), the case as it stood then (`api.case_at`): its
    holder, officer, links and dated duties from its events up to the cut-offs; its
    status, kind, due dates, settlement and overdue flag on that day (`domain.overdue`)
    from the case's timeline in the read model. 404 if it had not been received by then.
    """
    if cutoff.as_of is None and cutoff.known_at is None:
        return CasePublic.model_validate(case, from_attributes=True)
    caught_up(stores, views, cutoff)
    return case_at(stores, views, case.id, cutoff)


@router.get(
    "/{case_id}/history",
    summary="Read a case's full history",
    responses=responses(401, 403, 404, 409, 422, 503),
    dependencies=[StrictQuery],
)
def read_history(
    case: ReadableCase, stores: StoresDep, views: ViewsDep, cutoff: CutoffDep
) -> CaseHistory:
    """Every event of the case in order: what, business date, recorded time, who, why.

    Staff who may read the case. With `as_of`, only events legally dated by then;
    with `known_at`, only events recorded by then (a log position or a time). 409
    when a stored event is missing or differs from the integrity log (named).
    """
    if "petitions" in stores.integrity:
        check_aggregate(stores.petitions, stores.integrity["petitions"], case.id)
    history = case_history(stores, case.id)
    if cutoff.as_of is None and cutoff.known_at is None:
        return history
    caught_up(stores, views, cutoff)
    kept = [e for e in history.events if known(stores, case.id, e, cutoff)]
    return CaseHistory(case_id=case.id, events=kept)


def case_history(stores: Stores, case_id: UUID) -> CaseHistory:
    """A case's events with the actors' names and posts and the agencies' names."""
    names = Names(stores)
    events = []
    for entry in stores.petitions.case_history(case_id):
        person = names.person(entry.actor_id)
        events.append(
            HistoryEntry.model_validate(
                {
                    **vars(entry),
                    "actor_name": person.name,
                    "actor_post": person.post,
                    "actor_agency_name": names.agency(entry.actor_agency_id),
                }
            )
        )
    return CaseHistory(case_id=case_id, events=events)
