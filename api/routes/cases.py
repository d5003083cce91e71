"""Receiving a case and taking it in: recording, appeals, classification, referral, acceptance.

Also archival and guidance. The case's other routes, all under `/cases`, are in the
sibling modules: `case_settlement` (settling it), `case_steps` (the further steps)
and `case_reads` (the case and its audited history).
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import AppealableCase, HandledCase, Officer, PetitionsCommand, act_of
from api.fastpath import officer_command
from api.idempotency import IdempotentRoute, fast_path, json_response, result
from api.problems import responses
from api.schemas import (
    AcceptIn,
    ActIn,
    ArchiveIn,
    CaseCreated,
    ClassifyIn,
    CommandResult,
    GuideIn,
    PetitionCreate,
    ReferIn,
)
from api.stores import ServedPetitions
from domain.application import Accept, Classify, Filing
from domain.application_identity import PersonalData
from domain.case import Petition
from domain.views import Written

router = APIRouter(prefix="/cases", tags=["cases"], route_class=IdempotentRoute)
COMMAND = responses(401, 403, 404, 409, 422)


def petition_from(body: PetitionCreate) -> tuple[Petition, PersonalData | None]:
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
    petition, personal = petition_from(body)
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
    petition, personal = petition_from(body)
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
