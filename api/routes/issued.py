"""Issued reports: a leader issues a report's figures; anyone who may read reports reads them.

An issued report records the period, the agency, the metric definition's
versioned key, the legal cut-off, the log position its figures were computed at,
and the figures. It never changes; a correction is a new issued report naming the
one it corrects. The statistics report or any of the three official forms can be
issued; an issued form stores its JSON, printed again from it (`api.routes.forms`).
`petitions-ops reproduce-report ID` recomputes it from the log.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request

from api.cutoffs import Cutoff, StrictQuery
from api.deps import (
    PetitionsCommand,
    ReportReader,
    StoresDep,
    act_of,
    field_error,
    require,
    scoped_agency,
)
from api.idempotency import IdempotentRoute, result
from api.issued_forms import FORM_DEFINITIONS, is_form, issue_form
from api.periods import period_of
from api.problems import ApiProblemError, responses
from api.routes.reports import legal_cutoff, statistics_out
from api.schemas import CommandResult, IssuedReportOut, IssueIn, PeriodOut
from api.security import Principal
from api.view_waits import ViewsDep
from domain.errors import NotFoundError
from domain.issued_report import IssuedReport, ReportIssue
from domain.users import Role
from ops.wiring import Views
from projections.periods import Period
from projections.statistics.metrics import CURRENT, NAMED, Targets, definition_named

router = APIRouter(prefix="/reports/issued", tags=["reports"], route_class=IdempotentRoute)
Leader = Annotated[Principal, require(Role.LEADER)]


@router.post(
    "",
    status_code=201,
    summary="Issue a report",
    responses=responses(401, 403, 404, 409, 422, 503),
    dependencies=[StrictQuery],
)
def issue_report(
    body: IssueIn,
    app: PetitionsCommand,
    who: Leader,
    stores: StoresDep,
    views: ViewsDep,
    request: Request,
) -> CommandResult:
    """Leaders only: compute the figures at the cut-offs and record them as issued, for good.

    `report` is `statistics` or one of the official forms (letters, settlement,
    reception), whose JSON at the forms view's position is stored as the figures.
    `corrects` names an issued report the leader may read (404 otherwise), of the same
    report, period and agency (422 otherwise); the corrected report never changes.
    """
    period = period_of(body.year, body.basis, body.quarter, body.month, body.months)
    agency = scoped_agency(stores, who, body.agency_id)
    if body.corrects is not None:
        corrected = read_issued_report(body.corrects, who, stores)
        _require_same_subject(corrected, body.report, period, agency)
    if body.as_of is not None and body.as_of > stores.petitions.today():
        raise field_error("as_of", "a legal cut-off cannot be after today")
    on = legal_cutoff(stores, period, Cutoff(body.as_of))
    if is_form(body.report):
        if body.metric != CURRENT:
            raise field_error("metric", "a form's rows are defined by docs/forms.md")
        metric = FORM_DEFINITIONS
        position, figures = issue_form(views, body.report, period, agency, on)
    else:
        metric, position, figures = _statistics(body.metric, views, period, agency, on, request)
    issue = ReportIssue(
        body.report,
        period.start,
        period.end,
        period.label,
        agency,
        metric,
        on,
        position,
        figures,
        body.corrects,
    )
    return result(app.issue_report(issue, act_of(who, body)))


@router.get(
    "/{report_id}",
    summary="Read an issued report",
    responses=responses(401, 403, 404, 422),
    dependencies=[StrictQuery],
)
def read_issued_report(report_id: UUID, who: ReportReader, stores: StoresDep) -> IssuedReportOut:
    """Leaders, inspection boards and auditors whose scope covers the report's agency."""
    issued = stores.petitions.get_issued_report(report_id)
    if who.role != Role.AUDITOR and (
        issued.agency_id is None or _outside(stores, who, issued.agency_id)
    ):
        raise NotFoundError(f"no issued report {report_id}")
    return issued_out(issued)


def _statistics(
    key: str, views: Views, period: Period, agency: UUID | None, on: date, request: Request
) -> tuple[str, int, dict[str, Any]]:
    """(metric key, position, figures) of the statistics report at the views' position."""
    definition = definition_named(key)
    if definition is None:
        raise field_error("metric", f"one of {', '.join(NAMED)}")
    position = views.statistics.position() or 0
    targets: Targets = request.app.state.targets
    report = views.statistics.report(period, agency, on, definition, targets, position)
    figures = statistics_out(report, definition).model_dump(mode="json")
    return definition.key, position, figures


def _require_same_subject(
    corrected: IssuedReportOut, report: str, period: Period, agency: UUID | None
) -> None:
    """A correction restates the report it names: the same report, period and agency (422)."""
    same_period = (corrected.period.start, corrected.period.end) == (period.start, period.end)
    if not same_period or corrected.agency_id != agency or corrected.report != report:
        raise field_error("corrects", "a correction is for the same report, period and agency")


def _outside(stores: StoresDep, who: Principal, agency_id: UUID) -> bool:
    try:
        scoped_agency(stores, who, agency_id)
    except ApiProblemError:  # forbidden: outside the reader's scope
        return True
    return False


def issued_out(issued: IssuedReport) -> IssuedReportOut:
    """An issued report as the API shows it."""
    return IssuedReportOut(
        id=issued.id,
        report=issued.report,
        period=PeriodOut(
            start=issued.period_start, end=issued.period_end, label=issued.period_label
        ),
        agency_id=issued.agency_id,
        metric=issued.metric,
        as_of=issued.as_of,
        position=issued.position,
        figures=issued.figures,
        corrects=issued.corrects,
        issued_by=issued.actor_id,
        issued_on=issued.legal_date,
        reason=issued.reason,
    )
