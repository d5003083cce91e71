"""The letter-handling form (xử lý đơn): petitions (đơn) at the agency handling them.

See docs/forms.md, "Letter handling". Every row counts petitions; a part split off
a mixed petition is a case and never appears here.
"""

from __future__ import annotations

from domain.kinds import ArchiveGrounds, Channel, Kind
from projections.forms.layout import FormRow, FormTable, row
from projections.forms.lines import LETTER_DISPOSED, LETTER_RECEIVED, Line
from projections.forms.persistence import NOT_APPLICABLE, FormSums

PETITIONS = "petitions"
TITLE = "Letter handling (xử lý đơn)"
COUNTED_AT = (
    "petitions (đơn) at the agency handling them: the receiver, and after a transfer the "
    "agency it was transferred to"
)
TOTAL = "total"
KIND_COLUMNS = (TOTAL, *(k.value for k in Kind), "unclassified")
ELIGIBLE = ("accepted", "guided", "transferred")
OUTSIDE = ("guided", "transferred")
CLOSED_EARLY = ("withdrawn", "terminated")
ORIGINS = (*(c.value for c in Channel), "open311", "transferred_in")


def letter_tables(sums: FormSums) -> tuple[FormTable, ...]:
    """The form's tables: by kind, received by origin, and handled by field."""
    return (_by_kind(sums), _by_origin(sums), _by_field(sums))


def _disposed(sums: FormSums, column: str, details: tuple[str, ...]) -> int:
    if column == TOTAL:
        return sums.total(LETTER_DISPOSED, detail=details)
    kind = NOT_APPLICABLE if column == "unclassified" else column
    return sums.total(LETTER_DISPOSED, kind=kind, detail=details)


def _repeated(sums: FormSums, column: str) -> int:
    duplicate = ArchiveGrounds.DUPLICATE.value
    if column == TOTAL:
        return sums.total(Line.LETTER_ARCHIVED, detail=duplicate)
    kind = NOT_APPLICABLE if column == "unclassified" else column
    return sums.total(Line.LETTER_ARCHIVED, kind=kind, detail=duplicate)


def _chased(sums: FormSums, line: str) -> list[int | None]:
    kinds = {c: NOT_APPLICABLE if c == "unclassified" else c for c in KIND_COLUMNS[1:]}
    return [sums.total(line), *(sums.total(line, kind=k) for k in kinds.values())]


def _by_kind(sums: FormSums) -> FormTable:
    carried = sums.total(LETTER_RECEIVED, before=True) - sums.total(LETTER_DISPOSED, before=True)
    received = sums.total(LETTER_RECEIVED)
    handled_all = (*ELIGIBLE, "archived", *CLOSED_EARLY)

    def per_kind(details: tuple[str, ...]) -> list[int | None]:
        return [_disposed(sums, c, details) for c in KIND_COLUMNS]

    def total_only(value: int) -> list[int | None]:
        return [value, *([None] * (len(KIND_COLUMNS) - 1))]

    handled = per_kind(handled_all)
    repeated = [_repeated(sums, c) for c in KIND_COLUMNS]
    first = [(h or 0) - r for h, r in zip(handled, repeated, strict=True)]
    rows: list[FormRow] = [
        row("1", "Carried over from the previous period", PETITIONS,
            "received before the period - handled before the period", total_only(carried)),
        row("2", "Received in the period", PETITIONS,
            "received (or transferred in) on a legal date in the period", total_only(received)),
        row("3", "To handle", PETITIONS, "(1) + (2)", total_only(carried + received)),
        row("4", "Handled in the period", PETITIONS, "(5) + (9) + (11)", handled),
        row("5", "Eligible for handling", PETITIONS, "(6) + (7)", per_kind(ELIGIBLE)),
        row("6", "Within the agency's jurisdiction (accepted)", PETITIONS,
            "accepted for settlement (thụ lý)", per_kind(("accepted",))),
        row("7", "Outside its jurisdiction", PETITIONS, "(7a) + (7b)", per_kind(OUTSIDE)),
        row("7a", "Guided (the citizen told where to go)", PETITIONS,
            "guided in writing", per_kind(("guided",))),
        row("7b", "Transferred to the competent body", PETITIONS,
            "referred or transferred", per_kind(("transferred",))),
        row("8", "Chased up", PETITIONS,
            "petitions this agency urged another to settle, counted on the first chase-up",
            _chased(sums, Line.LETTER_CHASED)),
        row("8a", "Chase-up documents", "documents", "every document urging settlement",
            _chased(sums, Line.LETTER_CHASE_DOCUMENTS)),
        row("9", "Not eligible (archived with grounds)", PETITIONS,
            "archived: ineligible, duplicate, anonymous, limitation expired, not a petition",
            per_kind(("archived",))),
        row("10", "of which repeated (duplicate of one already received)", PETITIONS,
            "archived as a duplicate", repeated),
        row("11", "Withdrawn or terminated before acceptance", PETITIONS,
            "withdrawn or terminated while not yet accepted", per_kind(CLOSED_EARLY)),
        row("12", "First petitions", PETITIONS, "(4) - (10)", first),
        row("13", "Still to handle at the end of the period", PETITIONS, "(3) - (4)",
            total_only(carried + received - sums.total(LETTER_DISPOSED))),
    ]  # fmt: skip
    return FormTable("by_kind", "Petitions handled, by kind", KIND_COLUMNS, tuple(rows))


def _by_origin(sums: FormSums) -> FormTable:
    received = sums.by("detail", LETTER_RECEIVED)
    signatories = sums.by("detail", Line.LETTER_SIGNATORIES)
    forwarded = sums.by("detail", Line.LETTER_FORWARDED_BY)
    rows = [
        row(f"O{n}", f"Arrived: {origin}", PETITIONS, f"received with origin {origin}",
            [received.get(origin, 0)])
        for n, origin in enumerate(ORIGINS, start=1)
    ]  # fmt: skip
    rows += [
        row(f"F{n}", f"Forwarded by: {by or 'unstated'}", PETITIONS,
            "received from a forwarding body of this kind", [count])
        for n, (by, count) in enumerate(sorted(forwarded.items()), start=1)
    ]  # fmt: skip
    rows += [
        row("S1", "One signatory", PETITIONS, "signed by one person", [signatories.get("one", 0)]),
        row("S2", "Several signatories", PETITIONS, "signed by more than one person",
            [signatories.get("several", 0)]),
    ]  # fmt: skip
    return FormTable(
        "by_origin", "Petitions received, by how they came", ("petitions",), tuple(rows)
    )


def _by_field(sums: FormSums) -> FormTable:
    fields = sorted(sums.by("field", LETTER_DISPOSED))
    columns = ("eligible", "within_jurisdiction", "outside_jurisdiction", "not_eligible")
    details = (ELIGIBLE, ("accepted",), OUTSIDE, ("archived",))
    rows = [
        row(f"L{n}", field or "(no field)", PETITIONS, "handled in the period, by field",
            [sums.total(LETTER_DISPOSED, field=field, detail=d) for d in details])
        for n, field in enumerate(fields, start=1)
    ]  # fmt: skip
    return FormTable("by_field", "Petitions handled, by field", columns, tuple(rows))
