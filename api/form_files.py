"""A form as CSV and as an Excel workbook laid out like the paper form (docs/forms.md).

Both carry the header the paper has (title, legal source, agency, period, the legal
and knowledge cut-offs, the issued report's id when the form comes from one), then
each table: numbered rows with their unit and formula, and one column per breakdown.
Empty cells are figures the form has not (never a zero in disguise).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from projections.forms.layout import Form, FormTable

XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIXED = ("code", "label", "unit")


def header_lines(form: Form, agency_name: str) -> list[tuple[str, str]]:
    """The form's header, as the paper prints it above the tables."""
    lines = [
        ("form", form.title),
        ("legal source", form.legal_source),
        ("agency", agency_name),
        ("counted at", form.counted_at),
        ("period", f"{form.period.label}: {form.period.start} to {form.period.end}"),
        ("legal cut-off (as_of)", form.as_of.isoformat()),
        ("knowledge cut-off (known_at)", "now" if form.known_at is None else str(form.known_at)),
        ("formulas", f"each row's formula; definitions in {form.reference}"),
    ]
    if form.issued_report_id is not None:
        lines.append(("issued report", str(form.issued_report_id)))
    return lines


def _table_rows(table: FormTable) -> Iterator[list[object]]:
    yield [*FIXED, *table.columns, "formula"]
    for r in table.rows:
        yield [r.code, r.label, r.unit, *r.values, r.formula]


def form_csv(form: Form, agency_name: str) -> str:
    """The form as CSV: header lines, then each table after its title, blank lines between."""
    out = io.StringIO()
    out.write("\ufeff")  # spreadsheets then read the Vietnamese
    writer = csv.writer(out)
    for name, value in header_lines(form, agency_name):
        writer.writerow([name, _safe(value)])
    for table in form.tables:
        writer.writerow([])
        writer.writerow(["table", table.key, table.title])
        for cells in _table_rows(table):
            writer.writerow(["" if c is None else _safe(c) for c in cells])
    return out.getvalue()


def form_xlsx(form: Form, agency_name: str) -> bytes:
    """The form as a workbook: one sheet, the header, then each table under its title."""
    book = Workbook()
    sheet = book.active or book.create_sheet()
    sheet.title = form.key
    bold = Font(bold=True)
    sheet.append([form.title])
    sheet["A1"].font = Font(bold=True, size=14)
    for name, value in header_lines(form, agency_name)[1:]:
        sheet.append([name, _safe(value)])
    for table in form.tables:
        sheet.append([])
        sheet.append(["table", table.key, table.title])
        sheet.cell(sheet.max_row, 3).font = bold
        for number, cells in enumerate(_table_rows(table)):
            sheet.append([_safe(c) if isinstance(c, str) else c for c in cells])
            if number == 0:
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
                    cell.alignment = Alignment(wrap_text=True)
    for index, width in enumerate((10, 48, 10), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _safe(value: object) -> object:
    """Free text never starts a spreadsheet formula."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@"}:
        return "'" + value
    return value
