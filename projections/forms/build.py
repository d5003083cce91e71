"""The three official forms, computed from the forms view's counters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from projections.forms import letters, reception, settlement
from projections.forms.definitions import CURRENT_DEFINITIONS
from projections.forms.layout import Form, FormTable
from projections.forms.lines import CASE_LINES, LETTER_LINES, RECEPTION_LINES
from projections.forms.persistence import FormSums, FormsView, knowledge
from projections.periods import Period

SOURCE = (
    "Circular 02/2021/TT-TTCP (reporting regime of inspection, citizen reception, letter "
    "handling and settlement of complaints and denunciations) and its annex forms; "
    "see docs/forms.md"
)


Tables = Callable[[FormSums, str], tuple[FormTable, ...]]


def _same_in_every_version(
    tables: Callable[[FormSums], tuple[FormTable, ...]],
) -> Tables:
    return lambda sums, _definitions: tables(sums)


@dataclass(frozen=True)
class FormKind:
    key: str
    title: str
    counted_at: str
    lines: tuple[str, ...]
    tables: Tables


FORMS: dict[str, FormKind] = {
    f.key: f
    for f in (
        FormKind(
            "letters",
            letters.TITLE,
            letters.COUNTED_AT,
            LETTER_LINES,
            _same_in_every_version(letters.letter_tables),
        ),
        FormKind(
            "settlement",
            settlement.TITLE,
            settlement.COUNTED_AT,
            CASE_LINES,
            settlement.settlement_tables,
        ),
        FormKind(
            "reception",
            reception.TITLE,
            reception.COUNTED_AT,
            RECEPTION_LINES,
            _same_in_every_version(reception.reception_tables),
        ),
    )
}


def build_form(
    view: FormsView,
    key: str,
    period: Period,
    agency_id: UUID | None,
    as_of: date | None = None,
    known_at: int | datetime | None = None,
    definitions: str = CURRENT_DEFINITIONS,
) -> Form:
    """Form `key` for `period` and `agency_id`'s subtree.

    `as_of` (default: the period's last day) is the legal cut-off: acts dated after it
    are not counted, so a period's form as of a day within it stops at that day.
    `known_at` (default: everything recorded) is a log position or a recorded time:
    acts recorded after it are not counted, whatever their legal date; the form states
    the log position it stands for. `definitions` names the rows' version (an issued
    form's, to reproduce it; default: the current one).
    """
    kind = FORMS[key]
    cut = period.end if as_of is None else min(as_of, period.end)
    known = None if known_at is None else knowledge(view, known_at)
    sums = view.sums(kind.lines, period.start, cut, agency_id, known)
    return Form(
        key=key,
        title=kind.title,
        legal_source=SOURCE,
        counted_at=kind.counted_at,
        period=period,
        agency_id=agency_id,
        as_of=cut if as_of is None else as_of,
        known_at=None if known is None else known.position,
        tables=kind.tables(sums, definitions),
    )
