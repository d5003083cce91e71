"""The official report forms (docs/forms.md) as JSON, CSV and an Excel workbook.

Leaders, inspection boards and auditors read them, as every report: leaders and
boards within their agency's subtree, auditors anywhere. A form is asked for a
period and agency with the two cut-offs (`as_of`, `known_at`), or printed from an
issued report, at that report's period, agency and cut-offs, with its id on it.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Response

from api.cutoffs import Cutoff, CutoffDep, StrictQuery, caught_up
from api.deps import ReportReader, StoresDep, scoped_agency
from api.form_files import XLSX_MEDIA, form_csv, form_xlsx
from api.issued_forms import agency_name, form_out, is_form, stored_form
from api.periods import PeriodDep
from api.problems import responses
from api.routes.issued import read_issued_report
from api.routes.reports import legal_cutoff
from api.schemas.forms import FormKey, FormOut
from api.view_waits import ViewsDep
from domain.errors import NotFoundError
from ops.wiring import Views
from projections.forms.build import build_form
from projections.forms.layout import Form
from projections.periods import Period

router = APIRouter(tags=["forms"], dependencies=[StrictQuery])
QUERY = responses(401, 403, 422, 503)
ISSUED = responses(401, 403, 404, 422, 503)
FILES: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}, XLSX_MEDIA: {}}}}
FormPath = Annotated[FormKey, Path(description="letters, settlement or reception")]


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@router.get(
    "/reports/forms/{form}.{fmt}",
    summary="An official form as a file",
    responses={**QUERY, **FILES},
)
def read_form_file(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    form: FormPath,
    fmt: Format,
    period: PeriodDep,
    cutoff: CutoffDep,
    agency_id: UUID | None = None,
) -> Response:
    """The form as CSV (its header, then each table) or as a workbook laid out like the paper."""
    agency = scoped_agency(stores, who, agency_id)
    caught_up(stores, views, cutoff)
    on = legal_cutoff(stores, period, cutoff)
    built = build_form(views.forms, form.value, period, agency, on, cutoff.known_at)
    return _file(built, agency_name(views, agency), fmt)


@router.get("/reports/forms/{form}", summary="An official form", responses=QUERY)
def read_form(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    form: FormPath,
    period: PeriodDep,
    cutoff: CutoffDep,
    agency_id: UUID | None = None,
) -> FormOut:
    """Letter handling, settlement results or reception for a period and agency subtree.

    `as_of` is the legal cut-off (default: the period's end, or today while it runs),
    `known_at` the knowledge cut-off (a log position or a recorded time).
    """
    agency = scoped_agency(stores, who, agency_id)
    caught_up(stores, views, cutoff)
    on = legal_cutoff(stores, period, cutoff)
    built = build_form(views.forms, form.value, period, agency, on, cutoff.known_at)
    return form_out(built, agency_name(views, agency))


@router.get(
    "/reports/issued/{report_id}/forms/{form}.{fmt}",
    summary="An official form of an issued report, as a file",
    responses={**ISSUED, **FILES},
)
def read_issued_form_file(
    report_id: UUID,
    form: FormPath,
    fmt: Format,
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
) -> Response:
    """The form at the issued report's period, agency and cut-offs, its id printed on it."""
    built, name = _issued_form(report_id, form, who, stores, views)
    return _file(built, name, fmt)


@router.get(
    "/reports/issued/{report_id}/forms/{form}",
    summary="An official form of an issued report",
    responses=ISSUED,
)
def read_issued_form(
    report_id: UUID, form: FormPath, who: ReportReader, stores: StoresDep, views: ViewsDep
) -> FormOut:
    """The form at the issued report's period, agency, legal cut-off and log position.

    Whoever may read the issued report; the figures are those recorded up to its
    position, so they never change, and the form carries the report's id. A form issued
    as the report itself is printed from the figures the report stored (404 for the
    other forms).
    """
    built, name = _issued_form(report_id, form, who, stores, views)
    return form_out(built, name)


def _issued_form(
    report_id: UUID, form: FormKey, who: ReportReader, stores: StoresDep, views: Views
) -> tuple[Form, str]:
    issued = read_issued_report(report_id, who, stores)
    if is_form(issued.report):
        if issued.report != form.value:
            raise NotFoundError(f"issued report {report_id} is the {issued.report} form")
        return stored_form(issued.figures, issued.id)
    period = Period(issued.period.start, issued.period.end, issued.period.label)
    at = issued.position
    caught_up(stores, views, Cutoff(known_at=at))
    built = build_form(views.forms, form.value, period, issued.agency_id, issued.as_of, at)
    return replace(built, issued_report_id=issued.id), agency_name(views, issued.agency_id)


def _file(form: Form, agency_name: str, fmt: Format) -> Response:
    name = f"{form.key}-{form.period.label.replace(' ', '-')}"
    if fmt == Format.CSV:
        body: str | bytes = form_csv(form, agency_name)
        media = "text/csv; charset=utf-8"
    else:
        body, media = form_xlsx(form, agency_name), XLSX_MEDIA
    disposition = f'attachment; filename="{name}.{fmt.value}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})
