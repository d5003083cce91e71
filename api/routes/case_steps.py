"""The further steps of a case: filings that follow it, re-examination, notices, corrections.

Also chasing up, a denunciation's check and forwarding, split parts, enforcement and
transfer; all under `/cases`, beside `api.routes.cases`.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import HandledCase, Officer, PetitionsCommand, ReadableCase, ReexaminableCase, act_of
from api.idempotency import IdempotentRoute, result
from api.problems import responses
from api.routes.cases import created, petition_from
from api.schemas import (
    ActIn,
    CaseCreated,
    ChaseUpIn,
    CommandResult,
    DueDateCorrectionIn,
    ForwardIn,
    KindCorrectionIn,
    MethodIn,
    PartIn,
    PetitionCreate,
    ReexamineIn,
    TransferIn,
)
from domain.application_steps import KnownDecision

router = APIRouter(prefix="/cases", tags=["cases"], route_class=IdempotentRoute)
COMMAND = responses(401, 403, 404, 409, 422)


@router.post(
    "/{case_id}/further-denunciations",
    status_code=201,
    summary="File a further denunciation with the superior",
    responses=COMMAND,
)
def file_further_denunciation(
    who: Officer, first: ReadableCase, body: PetitionCreate, app: PetitionsCommand
) -> CaseCreated:
    """Record, at the superior, a denunciation overdue or settled against the law (art. 37).

    Answers the new case and the reference code for its receipt. The superior is an
    ancestor of the settling agency, so the case is in its officers' scope: any other
    caller gets 404, as for reads, and learns nothing of the case.
    """
    petition, personal = petition_from(body)
    written = app.file_further_denunciation(first.id, petition, act_of(who, body), personal)
    return created(app, written)


@router.post(
    "/{case_id}/reexamination",
    summary="Re-examine a settled case as the higher authority",
    responses=COMMAND,
)
def reexamine(
    who: Officer, case: ReexaminableCase, body: ReexamineIn, app: PetitionsCommand
) -> CommandResult:
    """Re-examine a concluded or terminated case on legal grounds.

    Done by an officer of the competent higher authority the re-examination book names
    (the provincial chairman above, the minister of the field, the Government
    Inspectorate: not always an ancestor, so the case need not be in the caller's scope);
    the settling agency itself cannot re-open its case. An officer who may neither read
    the case nor re-examine it gets 404, as for an unknown case, whatever its status.
    """
    return result(app.reexamine(case.id, body.grounds, act_of(who, body), body.expected_version))


@router.post("/{case_id}/chase-up", summary="Chase up the agency holding it", responses=COMMAND)
def chase_up(
    who: Officer, case: ReadableCase, body: ChaseUpIn, app: PetitionsCommand
) -> CommandResult:
    """Record a document urging the agency holding the petition to settle it (đôn đốc).

    Officers of the agency that transferred it, or of one above the agency holding it.
    """
    return result(
        app.chase_up(case.id, body.document_ref, act_of(who, body), body.expected_version)
    )


@router.post(
    "/{case_id}/acceptance-notice", summary="Record the notice of acceptance", responses=COMMAND
)
def notify_acceptance(
    case: HandledCase, body: MethodIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Record the written notice of acceptance (a denunciation's within 5 working days)."""
    return result(
        app.notify_acceptance(case.id, body.method, act_of(who, body), body.expected_version)
    )


@router.post("/{case_id}/refusal-notice", summary="Record the notice of refusal", responses=COMMAND)
def notify_refusal(
    case: HandledCase, body: MethodIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Record the written notice that an archived petition is not accepted, and why."""
    return result(
        app.notify_refusal(case.id, body.method, act_of(who, body), body.expected_version)
    )


@router.post(
    "/{case_id}/check-extension", summary="Extend a denunciation's check", responses=COMMAND
)
def extend_check(
    case: HandledCase, body: ActIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Extend the initial check of a denunciation to at most 10 working days."""
    return result(app.extend_check(case.id, act_of(who, body), body.expected_version))


@router.post(
    "/{case_id}/inspection-forwarding",
    summary="Forward an anonymous denunciation for inspection",
    responses=COMMAND,
)
def forward_for_inspection(
    case: HandledCase, body: ForwardIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Forward an anonymous denunciation with concrete evidence for inspection."""
    return result(
        app.forward_for_inspection(
            case.id, body.to_agency_id, act_of(who, body), body.expected_version
        )
    )


@router.post(
    "/{case_id}/kind-correction", summary="Correct an accepted case's kind", responses=COMMAND
)
def correct_kind(
    case: HandledCase, body: KindCorrectionIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Correct the kind of an accepted case, with a reason.

    The new kind's limit is charged with the days already used; a correction to a
    complaint needs `decision_known_on` and must be within the filing limit.
    """
    known = KnownDecision(body.decision_known_on, body.filing_days_excluded)
    return result(
        app.correct_kind(case.id, body.kind, act_of(who, body), body.expected_version, known)
    )


@router.post(
    "/{case_id}/parts",
    status_code=201,
    summary="Split a part off a mixed petition",
    responses=COMMAND,
)
def split_off(case: HandledCase, body: PartIn, app: PetitionsCommand, who: Officer) -> CaseCreated:
    """Split a part of another kind off an accepted mixed petition.

    Answers the part's new case and the reference code for its receipt.
    """
    written = app.split_off(
        case.id, body.kind, body.summary, act_of(who, body), body.expected_version
    )
    return created(app, written)


@router.post(
    "/{case_id}/due-date-correction",
    summary="Correct a due date on the corrected calendar",
    responses=COMMAND,
)
def correct_due_date(
    case: HandledCase, body: DueDateCorrectionIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Recompute a running due date after a day off was declared late; dated, with a reason.

    `clock` names the dated duty (intake, settlement, acceptance notice, publication,
    enforcement); by default the running intake or settlement one.
    """
    clock = body.clock.value if body.clock else None
    return result(app.correct_due_date(case.id, act_of(who, body), body.expected_version, clock))


@router.post("/{case_id}/enforcement", summary="Record starting enforcement", responses=COMMAND)
def start_enforcement(
    case: HandledCase, body: ActIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Record that enforcement of a complaint decision in force was organised.

    Refused when dated before the decision takes effect.
    """
    return result(app.start_enforcement(case.id, act_of(who, body), body.expected_version))


@router.post("/{case_id}/transfer", summary="Transfer an open case", responses=COMMAND)
def transfer(
    case: HandledCase, body: TransferIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Move an open case, accepted or not, with its history to another competent agency.

    Officers of the handling agency; a reason is required. The time limit runs on.
    """
    written = app.transfer(case.id, body.to_agency_id, act_of(who, body), body.expected_version)
    return result(written)
