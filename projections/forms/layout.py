"""A form as the paper lays it out: a header, then tables of numbered rows by column.

Each row says its unit (petitions, cases, sessions, visits, persons, VND, m²) and
the formula that gives it, in the words of docs/forms.md. A cell is None where the
form has no figure (a letter's kind is not known before it is classified).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from projections.periods import Period

DOC = "docs/forms.md"


@dataclass(frozen=True)
class FormRow:
    code: str
    label: str
    unit: str
    formula: str
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class FormTable:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[FormRow, ...]

    def value(self, code: str, column: str) -> int | None:
        """The cell of row `code` in `column` (KeyError when there is no such row or column)."""
        row = next(r for r in self.rows if r.code == code)
        return row.values[self.columns.index(column)]


@dataclass(frozen=True)
class Form:
    """One official form for a period, an agency subtree and two cut-offs."""

    key: str
    title: str
    legal_source: str
    counted_at: str  # which agency a row counts against, in words
    period: Period
    agency_id: UUID | None
    as_of: date
    known_at: int | None
    tables: tuple[FormTable, ...]
    reference: str = DOC
    issued_report_id: UUID | None = None

    def table(self, key: str) -> FormTable:
        return next(t for t in self.tables if t.key == key)


def row(
    code: str,
    label: str,
    unit: str,
    formula: str,
    values: Sequence[int | None],
) -> FormRow:
    return FormRow(code, label, unit, formula, tuple(values))
