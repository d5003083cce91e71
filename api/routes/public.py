"""What the public may see: a case's status by its reference code, rate-limited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from api.deps import StoresDep
from api.problems import responses
from api.ratelimit import RateLimiter
from api.schemas import PublicStatus
from domain.errors import NotFoundError

router = APIRouter(prefix="/public", tags=["public"])
Code = Annotated[str, Path(min_length=5, max_length=40, pattern=r"^[A-Za-z0-9-]+$")]


@router.get(
    "/cases/{reference_code}",
    summary="Track a case by its reference code",
    responses=responses(404, 422, 429),
)
def track(reference_code: Code, request: Request, stores: StoresDep) -> PublicStatus:
    """Status, kind and dates of the case printed on the receipt; no personal data."""
    limiter: RateLimiter = request.app.state.public_limiter
    limiter.check(request, "public")
    try:
        case_id = stores.petitions.find_by_reference(reference_code)
    except NotFoundError:
        raise NotFoundError("no case has this reference code") from None
    case = stores.petitions.case_details(case_id)
    return PublicStatus(
        reference_code=case.reference_code,
        status=case.status,
        kind=case.kind,
        received_on=case.received_on,
        due_date=case.due_date,
        overdue=case.overdue,
        concluded_on=case.concluded_on,
    )
