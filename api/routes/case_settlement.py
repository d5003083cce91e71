"""Settling a case: assignment, extensions, verification, conclusion and what follows.

Notifying the citizen, publishing the decision, withdrawal, termination, suspension
and resumption; all under `/cases`, beside `api.routes.cases`.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import HandledCase, Officer, PetitionsCommand, StoresDep, act_of, require_officer_of
from api.idempotency import IdempotentRoute, result
from api.problems import responses
from api.schemas import (
    ActIn,
    AssignIn,
    CommandResult,
    ConcludeIn,
    ExtendIn,
    MethodIn,
    TerminateIn,
    VerifyIn,
    WithdrawIn,
)
from domain.remedies import Measures, Remedies

router = APIRouter(prefix="/cases", tags=["cases"], route_class=IdempotentRoute)
COMMAND = responses(401, 403, 404, 409, 422)


@router.post("/{case_id}/assignment", summary="Assign an officer", responses=COMMAND)
def assign(
    case: HandledCase, body: AssignIn, app: PetitionsCommand, who: Officer, stores: StoresDep
) -> CommandResult:
    """Put an officer of the handling agency in charge of an accepted case."""
    require_officer_of(stores.accounts, body.officer_id, case.handling_agency_id)
    officer = str(body.officer_id)
    return result(app.assign(case.id, officer, act_of(who, body), body.expected_version))


@router.post("/{case_id}/extensions", summary="Extend the time limit", responses=COMMAND)
def extend(case: HandledCase, body: ExtendIn, app: PetitionsCommand, who: Officer) -> CommandResult:
    """Extend the time limit by written decision, where the law allows it."""
    return result(
        app.extend_deadline(
            case.id, body.complexity, body.days, act_of(who, body), body.expected_version
        )
    )


@router.post("/{case_id}/verifications", summary="Record a verification step", responses=COMMAND)
def verify(case: HandledCase, body: VerifyIn, app: PetitionsCommand, who: Officer) -> CommandResult:
    """Record one verification step of an accepted case and its findings."""
    return result(
        app.record_verification(
            case.id, body.step, body.findings, act_of(who, body), body.expected_version
        )
    )


@router.post("/{case_id}/conclusion", summary="Conclude with an outcome", responses=COMMAND)
def conclude(
    case: HandledCase, body: ConcludeIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Settle the case with an outcome allowed for its kind and the decision reference."""
    return result(
        app.conclude(
            case.id,
            body.outcome,
            body.decision_ref,
            act_of(who, body),
            body.effect_on_contested,
            body.expected_version,
            Remedies(**body.remedies.model_dump()) if body.remedies else None,
            Measures(**body.measures.model_dump()) if body.measures else None,
            body.effect_on_first,
        )
    )


@router.post("/{case_id}/notification", summary="Record notifying the citizen", responses=COMMAND)
def notify(case: HandledCase, body: MethodIn, app: PetitionsCommand, who: Officer) -> CommandResult:
    """Record that the petitioner was notified of the result."""
    return result(
        app.notify_citizen(case.id, body.method, act_of(who, body), body.expected_version)
    )


@router.post("/{case_id}/publication", summary="Record publishing the decision", responses=COMMAND)
def publish(
    case: HandledCase, body: MethodIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Record the publication of the decision or conclusion."""
    return result(
        app.publish_decision(case.id, body.method, act_of(who, body), body.expected_version)
    )


@router.post("/{case_id}/withdrawal", summary="Record a withdrawal", responses=COMMAND)
def withdraw(
    case: HandledCase, body: WithdrawIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Record a written withdrawal; a denunciation may proceed regardless."""
    return result(
        app.withdraw(case.id, act_of(who, body), body.partial, body.proceeds, body.expected_version)
    )


@router.post("/{case_id}/termination", summary="Terminate settlement", responses=COMMAND)
def terminate(
    case: HandledCase, body: TerminateIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Terminate settlement (đình chỉ) on a legal ground other than withdrawal."""
    return result(app.terminate(case.id, body.grounds, act_of(who, body), body.expected_version))


@router.post("/{case_id}/suspension", summary="Suspend settlement", responses=COMMAND)
def suspend(case: HandledCase, body: ActIn, app: PetitionsCommand, who: Officer) -> CommandResult:
    """Suspend settlement; the days left are kept for resumption."""
    return result(app.suspend(case.id, act_of(who, body), body.expected_version))


@router.post("/{case_id}/resumption", summary="Resume settlement", responses=COMMAND)
def resume(case: HandledCase, body: ActIn, app: PetitionsCommand, who: Officer) -> CommandResult:
    """Resume settlement; the due date moves by the time spent suspended."""
    return result(app.resume(case.id, act_of(who, body), body.expected_version))
