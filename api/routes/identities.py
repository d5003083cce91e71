"""The petitioner's identity: disclosed to the handler, shredded by an administrator, audited.

Roles: the case's handler (an officer) reads the identity; an administrator shreds it
(erases its data key, with a reason and a legal basis); an auditor lists its reads.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import Administrator, HandledCase, Officer, PetitionsCommand, StoresDep, require
from api.idempotency import IdempotentRoute, result
from api.names import Names
from api.problems import forbidden, responses
from api.schemas import CommandResult, IdentityReadOut, Petitioner, PetitionerReads, ShredIn
from api.security import Principal
from domain.users import Role

router = APIRouter(prefix="/cases", tags=["petitioner identity"], route_class=IdempotentRoute)
READ = responses(401, 403, 404, 410, 422)
IdentityAuditor = Annotated[Principal, require(Role.AUDITOR)]


async def finished_shredding(case_id: UUID, stores: StoresDep, who: Administrator) -> None:
    """Before the replay check: erase the key a shredding interrupted after its event left."""
    del who
    await run_in_threadpool(stores.petitions.finish_shredding, case_id)


FinishedShredding = Annotated[None, Depends(finished_shredding)]


async def finished_summary_shredding(case_id: UUID, stores: StoresDep, who: Administrator) -> None:
    """Before the replay check: erase the summary key a shredding left after its event."""
    del who
    await run_in_threadpool(stores.petitions.finish_summary_shredding, case_id)


FinishedSummaryShredding = Annotated[None, Depends(finished_summary_shredding)]


@router.get(
    "/{case_id}/petitioner",
    summary="Disclose the petitioner's identity to the handler",
    responses=READ,
)
def read_petitioner(
    case: HandledCase,
    stores: StoresDep,
    who: Officer,
    response: Response,
    purpose: Annotated[
        str, Query(min_length=1, max_length=500, pattern=r"^[^\x00-\x1f\x7f]*$")
    ] = "case handling",
) -> Petitioner:
    """Personal data of the petitioner, for the case's handler only; every read is recorded.

    Role: officer, the case's assigned officer (before assignment, the receiving one).
    A shredded identity answers 410 for everyone.
    """
    handler = case.officer_id or case.received_by
    if handler != who.actor_id:
        raise forbidden(
            "only the assigned officer (before assignment, the receiving officer) "
            "may see the petitioner"
        )
    shown = stores.petitions.disclose_identity(case.id, who.actor_id, purpose)
    response.headers["Cache-Control"] = "no-store"
    return Petitioner(
        **vars(shown.person), disclosures=shown.disclosures, legacy_plaintext=shown.legacy
    )


@router.post(
    "/{case_id}/petitioner/shred",
    summary="Shred the petitioner's identity (erase its data key)",
    responses=responses(401, 403, 404, 410, 422),
)
def shred_petitioner(
    case_id: UUID,
    body: ShredIn,
    finished: FinishedShredding,  # first: a replayed answer is only given once the key is gone
    app: PetitionsCommand,
    who: Administrator,
) -> CommandResult:
    """Record who shreds the identity, when and why, then erase its data key for good.

    Role: administrator. The case, its history and statistics are unchanged; the
    identity then answers 410 to every role. An identity already shredded answers 410.
    """
    del finished
    return result(app.shred_identity(case_id, who.actor_id, body.reason, body.legal_basis))


@router.post(
    "/{case_id}/summary/shred",
    summary="Shred an anonymous petition's summary (erase its own data key)",
    responses=responses(401, 403, 404, 410, 422),
)
def shred_summary(
    case_id: UUID,
    body: ShredIn,
    finished: FinishedSummaryShredding,  # first: a replayed answer only once the key is gone
    app: PetitionsCommand,
    who: Administrator,
) -> CommandResult:
    """Record who shreds the summary, when and why, then erase the key it is sealed under.

    Role: administrator. For a summary sealed under a key of the case's own (an anonymous
    petition, or one whose identity had no key left when it came); a named petitioner's
    summary goes with the identity (422 here). The case's history keeps the shredding;
    the summary then reads "shredded" everywhere. Already shredded: 410.
    """
    del finished
    by = (who.actor_id, who.acting_agency_id)
    return result(app.shred_summary(case_id, by, body.reason, body.legal_basis))


@router.get(
    "/{case_id}/petitioner/reads",
    summary="List every read of the petitioner's identity",
    responses=responses(401, 403, 404, 422),
)
def petitioner_reads(case_id: UUID, stores: StoresDep, who: IdentityAuditor) -> PetitionerReads:
    """Who read the identity, when, for which case and why; never the identity itself.

    Role: auditor.
    """
    del who
    audit = stores.petitions.identity_audit(case_id)
    names = Names(stores)
    reads = [
        IdentityReadOut(**vars(read), user_name=names.person(read.user_id).name)
        for read in audit.reads
    ]
    return PetitionerReads(
        case_id=case_id,
        identity_id=audit.identity_id,
        count=len(reads),
        reads=reads,
        legacy_plaintext=audit.legacy,
        shredded=audit.shredded_at is not None,
        shredded_by=audit.shredded_by,
        shredded_at=audit.shredded_at,
        shred_reason=audit.shred_reason,
    )
