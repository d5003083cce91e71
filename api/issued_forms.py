"""The official forms as JSON, and as figures fixed in an issued report.

A form issued as a report (`report` = letters, settlement or reception) stores its
JSON (`FormOut`, without the report's id, which the event creates) as the report's
figures; printed from the issued report, its JSON, CSV and workbook come from those
figures, so they never change. `cells` flattens a form's figures to one value per
named cell, for `petitions-ops reproduce-report` to compare.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from api.schemas.common import PeriodOut
from api.schemas.forms import FormKey, FormOut, FormRowOut, FormTableOut
from ops.wiring import Views
from projections.agencies.persistence import AGENCIES
from projections.forms.build import FORMS, build_form
from projections.forms.definitions import CURRENT_DEFINITIONS
from projections.forms.layout import Form, FormTable, row
from projections.periods import Period

FORM_DEFINITIONS = CURRENT_DEFINITIONS  # the metric an issued form records: its rows' version
LABELS = ("agency_name",)  # names, not figures: printed as issued, not recomputed


def is_form(report: str) -> bool:
    """Whether an issued report of this name is one of the official forms."""
    return report in FORMS


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


def agency_name(views: Views, agency_id: UUID | None) -> str:
    """The agency's name as the forms print it."""
    if agency_id is None:
        return "all agencies"
    rows = views.agencies.select_rows(AGENCIES, "agency_id = ?", [agency_id])
    return rows[0].name if rows else str(agency_id)


def form_figures(form: Form, name: str) -> dict[str, Any]:
    """A form's JSON as an issued report stores it."""
    return dict(form_out(form, name).model_dump(mode="json", exclude={"issued_report_id"}))


def issue_form(
    views: Views, key: str, period: Period, agency: UUID | None, on: date
) -> tuple[int, dict[str, Any]]:
    """(position, figures) of form `key` at the position the forms view has reached."""
    position = views.forms.position() or 0
    built = build_form(views.forms, key, period, agency, on, position)
    return position, form_figures(built, agency_name(views, agency))


def stored_form(figures: dict[str, Any], report_id: UUID) -> tuple[Form, str]:
    """The form an issued report stored, with the report's id on it, and its agency's name."""
    out = FormOut.model_validate(figures)
    tables = tuple(
        FormTable(
            t.key,
            t.title,
            tuple(t.columns),
            tuple(row(r.code, r.label, r.unit, r.formula, r.values) for r in t.rows),
        )
        for t in out.tables
    )
    form = Form(
        key=out.key.value,
        title=out.title,
        legal_source=out.legal_source,
        counted_at=out.counted_at,
        period=Period(out.period.start, out.period.end, out.period.label),
        agency_id=out.agency_id,
        as_of=out.as_of,
        known_at=out.known_at,
        tables=tables,
        reference=out.reference,
        issued_report_id=report_id,
    )
    return form, out.agency_name


def cells(figures: dict[str, Any]) -> dict[str, Any]:
    """A form's figures keyed by what they are: header fields, then `table row column` cells."""
    flat = {k: v for k, v in figures.items() if k not in {"tables", *LABELS}}
    for table in figures.get("tables", []):
        key = table["key"]
        flat[f"table {key} title"] = table["title"]
        flat[f"table {key} columns"] = table["columns"]
        for r in table["rows"]:
            where = f"table {key} row {r['code']}"
            for field in ("label", "unit", "formula"):
                flat[f"{where} {field}"] = r[field]
            flat[f"{where} cells"] = len(r["values"])
            for column, value in zip(table["columns"], r["values"], strict=False):
                flat[f"{where} column {column}"] = value
    return flat
