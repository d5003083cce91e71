"""The reception form (tiếp công dân): sessions, visits, persons, matters, delegations.

See docs/forms.md, "Reception". Counted at the agency that held the session, by kind
of reception; dialogues are a column apart and not in the reception total.
"""

from __future__ import annotations

from domain.reception_register import Matter, MeetingKind
from projections.forms.layout import FormTable, row
from projections.forms.lines import Line
from projections.forms.persistence import FormSums

TITLE = "Citizen reception (tiếp công dân)"
COUNTED_AT = "sessions (cuộc) and visits (lượt) at the agency that held the session"
RECEPTION_KINDS = (MeetingKind.REGULAR, MeetingKind.HEAD_PERIODIC, MeetingKind.AD_HOC)
COLUMNS = (
    "reception total",
    *(k.value for k in RECEPTION_KINDS),
    MeetingKind.DIALOGUE.value,
)
LINES = (
    ("1", "Sessions held", "sessions", Line.REC_SESSIONS, None),
    ("2", "Visits received", "visits", Line.REC_VISITS, None),
    ("3", "Persons received", "persons", Line.REC_PERSONS, None),
    ("4", "New matters", "matters", Line.REC_MATTERS, Matter.NEW.value),
    ("5", "Repeated matters", "matters", Line.REC_MATTERS, Matter.REPEATED.value),
    ("6", "Mass delegations", "delegations", Line.REC_DELEGATIONS, None),
    ("7", "Persons in mass delegations", "persons", Line.REC_DELEGATION_PERSONS, None),
    ("8", "Receptions refused", "refusals", Line.REC_REFUSALS, None),
    ("9", "Persons refused", "persons", Line.REC_REFUSED_PERSONS, None),
    ("10", "Petitions taken at sessions", "petitions", Line.REC_PETITIONS, None),
)


def reception_tables(sums: FormSums) -> tuple[FormTable, ...]:
    """The form's tables: figures by kind of reception, and visits by field."""
    rows = []
    for code, label, unit, line, detail in LINES:
        match: dict[str, object] = {} if detail is None else {"detail": detail}
        by_kind = [sums.total(line, before=False, kind=k.value, **match) for k in RECEPTION_KINDS]
        dialogue = sums.total(line, before=False, kind=MeetingKind.DIALOGUE.value, **match)
        formula = f"{line}{f' ({detail})' if detail else ''} on a legal date in the period"
        rows.append(row(code, label, unit, formula, [sum(by_kind), *by_kind, dialogue]))
    fields = sums.by("field", Line.REC_VISITS)
    by_field = [
        row(f"V{n}", field or "(no field)", "visits", "visits in the period, by field", [n_visits])
        for n, (field, n_visits) in enumerate(sorted(fields.items()), start=1)
    ]
    return (
        FormTable("by_kind", "Reception by kind (dialogues apart)", COLUMNS, tuple(rows)),
        FormTable("visits_by_field", "Visits by field", ("visits",), tuple(by_field)),
    )
