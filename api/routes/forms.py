"""The official report forms (docs/forms.md) as JSON, CSV and an Excel workbook.

Leaders, inspection boards and auditors read them (as every report); leaders and
boards within their agency's subtree, auditors anywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.deps import ReportReader, StoresDep, ViewsDep, scoped_agency
from api.form_files import XLSX_MEDIA, form_csv, form_xlsx
from api.periods import PeriodDep
from api.problems import responses
from api.schemas.common import IsoDate, PeriodOut
from api.schemas.forms import FormKey, FormOut, FormRowOut, FormTableOut
from ops.wiring import Views
from projections.agencies.persistence import AGENCIES
from projections.forms.build import build_form
from projections.forms.layout import Form

router = APIRouter(prefix="/reports/forms", tags=["forms"])
QUERY = responses(401, 403, 422, 503)
AsOf = Annotated[
    IsoDate | None,
    Query(description="Legal cut-off, YYYY-MM-DD (default: the period's last day)"),
]
KnownAt = Annotated[
    int | None,
    Query(ge=0, le=2**62, description="Knowledge cut-off: a log position (default: now)"),
]
FILE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}, XLSX_MEDIA: {}}}}


def _form(
    who: ReportReader,
    stores: StoresDep,
    views: Views,
    form: FormKey,
    period: PeriodDep,
    agency_id: UUID | None,
    as_of: date | None,
    known_at: int | None,
) -> tuple[Form, str]:
    agency = scoped_agency(stores, who, agency_id)
    built = build_form(views.forms, form.value, period, agency, as_of, known_at)
    return built, _agency_name(views, agency)


@router.get("/{form}.csv", summary="An official form as CSV", responses={**QUERY, **FILE})
def read_form_csv(  # the period, scope and cut-offs of every report
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    form: FormKey,
    period: PeriodDep,
    agency_id: UUID | None = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
) -> Response:
    """The form as CSV: its header, then each table with row numbers, units and formulas."""
    built, name = _form(who, stores, views, form, period, agency_id, as_of, known_at)
    return Response(
        form_csv(built, name),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_file(built)}.csv"'},
    )


@router.get("/{form}.xlsx", summary="An official form as a workbook", responses={**QUERY, **FILE})
def read_form_xlsx(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    form: FormKey,
    period: PeriodDep,
    agency_id: UUID | None = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
) -> Response:
    """The form as an Excel workbook laid out like the paper form."""
    built, name = _form(who, stores, views, form, period, agency_id, as_of, known_at)
    return Response(
        form_xlsx(built, name),
        media_type=XLSX_MEDIA,
        headers={"Content-Disposition": f'attachment; filename="{_file(built)}.xlsx"'},
    )


@router.get("/{form}", summary="An official form", responses=QUERY)
def read_form(
    who: ReportReader,
    stores: StoresDep,
    views: ViewsDep,
    form: FormKey,
    period: PeriodDep,
    agency_id: UUID | None = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
) -> FormOut:
    """Letter handling, settlement results or reception for a period and agency subtree."""
    built, name = _form(who, stores, views, form, period, agency_id, as_of, known_at)
    return form_out(built, name)


def form_out(form: Form, agency_name: str) -> FormOut:
    """The JSON shape of a form."""
    return FormOut(
        key=FormKey(form.key),
        title=form.title,
        legal_source=form.legal_source,
        counted_at=form.counted_at,
        reference=form.reference,
        period=PeriodOut(start=form.period.start, end=form.period.end, label=form.period.label),
        agency_id=form.agency_id,
        agency_name=agency_name,
        as_of=form.as_of,
        known_at=form.known_at,
        issued_report_id=form.issued_report_id,
        tables=[
            FormTableOut(
                key=t.key,
                title=t.title,
                columns=list(t.columns),
                rows=[FormRowOut.model_validate(r, from_attributes=True) for r in t.rows],
            )
            for t in form.tables
        ],
    )


def _agency_name(views: Views, agency_id: UUID | None) -> str:
    if agency_id is None:
        return "all agencies"
    rows = views.agencies.select_rows(AGENCIES, "agency_id = ?", [agency_id])
    return rows[0].name if rows else str(agency_id)


def _file(form: Form) -> str:
    return f"{form.key}-{form.period.label.replace(' ', '-')}"
