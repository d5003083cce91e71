"""Case commands and queries: from receipt through settlement, and the audited history."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from api.case_at import case_at, known
from api.cutoffs import CutoffDep, StrictQuery, caught_up
from api.deps import (
    AppealableCase,
    HandledCase,
    Officer,
    PetitionsCommand,
    ReadableCase,
    StoresDep,
    ViewsDep,
    act_of,
    require_officer_of,
)
from api.fastpath import officer_command
from api.idempotency import IdempotentRoute, fast_path, json_response, result
from api.names import Names
from api.problems import responses
from api.schemas import (
    AcceptIn,
    ActIn,
    ArchiveIn,
    AssignIn,
    CaseCreated,
    CaseHistory,
    CasePublic,
    ChaseUpIn,
    ClassifyIn,
    CommandResult,
    ConcludeIn,
    DueDateCorrectionIn,
    ExtendIn,
    ForwardIn,
    GuideIn,
    HistoryEntry,
    KindCorrectionIn,
    MethodIn,
    PartIn,
    PetitionCreate,
    ReexamineIn,
    ReferIn,
    TerminateIn,
    TransferIn,
    VerifyIn,
    WithdrawIn,
)
from api.stores import ServedPetitions, Stores
from domain.application import Accept, Classify, Filing
from domain.application_identity import PersonalData
from domain.application_steps import KnownDecision
from domain.case import Petition
from domain.remedies import Measures, Remedies
from domain.views import Written
from ops.integrity.chains import check_aggregate

router = APIRouter(prefix="/cases", tags=["cases"], route_class=IdempotentRoute)
COMMAND = responses(401, 403, 404, 409, 422)
QUERY = responses(401, 403, 404, 422)


def _petition(body: PetitionCreate) -> tuple[Petition, PersonalData | None]:
    petition = Petition(
        "",
        body.channel,
        body.summary,
        None,
        body.petitioner_count,
        body.meeting_id,
        body.visit_id,
        body.representatives,
        body.forwarded_by.to_domain() if body.forwarded_by else None,
        body.location.to_domain() if body.location else None,
    )
    person = body.petitioner
    data = (
        PersonalData(person.full_name, person.address, person.contact, person.id_number)
        if person
        else None
    )
    return petition, data


@router.post(
    "",
    status_code=201,
    summary="Record a received petition",
    responses=COMMAND,
    response_model=CaseCreated,
)
def record_petition(body: PetitionCreate, app: PetitionsCommand, who: Officer) -> Response:
    """Record a petition received by the officer's agency; answers its id and reference code."""
    petition, personal = _petition(body)
    answer = created(app, app.record_petition(petition, act_of(who, body), personal))
    return json_response(answer, 201)  # built once: not validated again against the model


fast_path(record_petition, officer_command(PetitionCreate, record_petition))


def created(app: ServedPetitions, written: Written) -> CaseCreated:
    code = written.reference_code or app.case_details(written.id).reference_code
    return CaseCreated(**(result(written).model_dump() | {"reference_code": code}))


@router.post(
    "/{case_id}/appeals",
    status_code=201,
    summary="File a second-instance complaint",
    responses=COMMAND,
)
def file_second_instance(
    who: Officer, first: AppealableCase, body: PetitionCreate, app: PetitionsCommand
) -> CaseCreated:
    """Record a second-instance complaint against a first-instance case's decision or silence.

    Officers. The first case must be in the officer's agency subtree, or its decision one
    the law names the officer's agency to hear (404 otherwise, as for reads).
    """
    petition, personal = _petition(body)
    written = app.file_second_instance(first.id, petition, act_of(who, body), personal)
    return created(app, written)


@router.post("/{case_id}/classification", summary="Classify a petition", responses=COMMAND)
def classify(
    case: HandledCase, body: ClassifyIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Decide kind, field and competent agency; may be corrected until acceptance."""
    command = Classify(
        body.kind,
        body.field,
        body.competent_agency_id,
        body.decision_known_on,
        body.expected_version,
        body.procedure,
    )
    return result(app.classify(case.id, command, act_of(who, body)))


@router.post("/{case_id}/referral", summary="Refer to another agency", responses=COMMAND)
def refer(case: HandledCase, body: ReferIn, app: PetitionsCommand, who: Officer) -> CommandResult:
    """Transfer the petition to the competent agency, which then handles it.

    The receiving agency's own intake clock starts when it records its receipt.
    """
    written = app.refer(case.id, body.to_agency_id, act_of(who, body), body.expected_version)
    return result(written)


@router.post(
    "/{case_id}/referral-receipt",
    summary="Record the receipt of a referred petition",
    responses=COMMAND,
)
def receive_referral(
    case: HandledCase, body: ActIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Record the day the agency a petition was referred to received it.

    Its intake due date runs from that day (Law on Complaints art. 27). Officers of the
    receiving agency.
    """
    return result(app.receive_referral(case.id, act_of(who, body), body.expected_version))


@router.post("/{case_id}/acceptance", summary="Accept for settlement", responses=COMMAND)
def accept(case: HandledCase, body: AcceptIn, app: PetitionsCommand, who: Officer) -> CommandResult:
    """Accept the case (thụ lý); the statutory clock starts on the legal date."""
    command = Accept(body.complexity, body.remote, body.filing_days_excluded, body.expected_version)
    return result(app.accept(case.id, command, act_of(who, body)))


@router.post("/{case_id}/archival", summary="Archive with grounds", responses=COMMAND)
def archive(
    case: HandledCase, body: ArchiveIn, app: PetitionsCommand, who: Officer
) -> CommandResult:
    """Reject or file away the petition, with grounds and a written reason.

    "limitation_expired" is refused for a complaint within its filing limit, judged as
    acceptance judges it (`remote`, `filing_days_excluded`), and for a denunciation.
    """
    return result(
        app.archive(
            case.id,
            body.grounds,
            act_of(who, body),
            body.duplicate_of,
            body.expected_version,
            Filing(body.remote, body.filing_days_excluded),
        )
    )


@router.post("/{case_id}/guidance", summary="Guide the citizen elsewhere", responses=COMMAND)
def guide(case: HandledCase, body: GuideIn, app: PetitionsCommand, who: Officer) -> CommandResult:
    """Answer with guidance: the citizen is told which body to address."""
    return result(app.guide(case.id, body.directed_to, act_of(who, body), body.expected_version))


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
    petition, personal = _petition(body)
    written = app.file_further_denunciation(first.id, petition, act_of(who, body), personal)
    return created(app, written)


@router.post(
    "/{case_id}/reexamination",
    summary="Re-examine a settled case as the higher authority",
    responses=COMMAND,
)
def reexamine(
    case_id: UUID, who: Officer, body: ReexamineIn, app: PetitionsCommand
) -> CommandResult:
    """Re-examine a concluded or terminated case on legal grounds.

    Done by an officer of the competent higher authority the re-examination book names
    (the provincial chairman above, the minister of the field, the Government
    Inspectorate: not always an ancestor, so the case need not be in the caller's scope);
    the settling agency itself cannot re-open its case.
    """
    return result(app.reexamine(case_id, body.grounds, act_of(who, body), body.expected_version))


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
