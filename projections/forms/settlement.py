"""The settlement-results form: cases (vụ việc) at the agency holding jurisdiction.

See docs/forms.md, "Settlement results". Columns are kind and instance; parts split
off a mixed petition count here, as cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.kinds import OUTCOMES, EffectOnContested, EffectOnFirst, Kind
from domain.remedies import MEASURE_FIELDS, REMEDY_FIELDS
from projections.forms.definitions import FORMS_V1, FORMS_V2
from projections.forms.layout import FormRow, FormTable, row
from projections.forms.lines import CASE_IN, CASE_OUT, Line
from projections.forms.persistence import FormSums

CASES = "cases"
TITLE = "Settlement results (kết quả giải quyết)"
COUNTED_AT = (
    "cases (vụ việc) at the agency holding jurisdiction: the one that accepted them, the one "
    "they were transferred to, or the authority re-examining them"
)
SETTLED = ("concluded", "withdrawn", "terminated")
Cells = Callable[..., list[int]]  # a line's sums per column, for a breakdown
REMEDY_UNITS = {
    "money_to_state_vnd": "VND",
    "money_returned_vnd": "VND",
    "land_to_state_m2": "m²",
    "land_returned_m2": "m²",
    "persons_restored": "persons",
}
MEASURE_ROWS = {  # the row's label and unit
    "persons_sanction_recommended": ("persons recommended for sanctions", "persons"),
    "transferred_to_investigators": ("cases transferred to investigators", "cases"),
    "persons_to_investigators": ("persons transferred to investigators", "persons"),
}


@dataclass(frozen=True)
class Column:
    label: str
    kind: str | None  # None: every kind
    instance: int | None  # None: every instance


COLUMNS = (
    Column("total", None, None),
    Column("complaint, first instance", Kind.COMPLAINT.value, 1),
    Column("complaint, second instance", Kind.COMPLAINT.value, 2),
    Column("denunciation", Kind.DENUNCIATION.value, None),
    Column("recommendation", Kind.RECOMMENDATION.value, None),
    Column("reflection", Kind.REFLECTION.value, None),
)


def settlement_tables(sums: FormSums, definitions: str = FORMS_V2) -> tuple[FormTable, ...]:
    """The form's table: cases by kind and instance, rows as `definitions` defines them."""

    def cells(line: str, *, before: bool = False, **match: object) -> list[int]:
        return [_cell(sums, line, c, before, match) for c in COLUMNS]

    def minus(a: list[int], b: list[int]) -> list[int]:
        return [x - y for x, y in zip(a, b, strict=True)]

    def plus(*parts: list[int]) -> list[int]:
        return [sum(p) for p in zip(*parts, strict=True)]

    carried = minus(cells(CASE_IN, before=True), cells(CASE_OUT, before=True))
    accepted = cells(CASE_IN, detail="accepted")
    reopened = cells(CASE_IN, detail="reopened")
    transferred_in = cells(CASE_IN, detail="transferred_in")
    transferred_out = cells(CASE_OUT, detail="transferred_out")
    by_kind = minus(cells(CASE_IN, detail="kind"), cells(CASE_OUT, detail="kind"))
    under = minus(plus(carried, accepted, reopened, transferred_in, by_kind), transferred_out)
    settled = cells(CASE_OUT, detail=SETTLED)
    rows: list[FormRow] = [
        row("1", "Carried over from the previous period", CASES,
            "in before the period - out before the period", carried),
        row("2", "New: accepted in the period", CASES, "accepted (thụ lý) in the period", accepted),
        row("3", "Re-examined (re-opened) in the period", CASES,
            "re-opened by a competent higher authority", reopened),
        row("4", "Received by transfer", CASES, "transferred in (competence, succession)",
            transferred_in),
        row("5", "Passed on by transfer", CASES, "transferred out", transferred_out),
        row("6", "Moved between kinds by a correction (net)", CASES,
            "kind corrected while open: in under the new kind - out under the old", by_kind),
        row("7", "Under the agency's jurisdiction", CASES, "(1) + (2) + (3) + (4) - (5) + (6)",
            under),
        row("8", "Settled", CASES, "(8a) + (8b) + (8c)", settled),
        row("8a", "Concluded with a decision or conclusion", CASES, "concluded",
            cells(CASE_OUT, detail="concluded")),
        row("8b", "Withdrawn after explanation", CASES, "withdrawn in full while accepted",
            cells(CASE_OUT, detail="withdrawn")),
        row("8c", "Terminated (đình chỉ)", CASES, "terminated on a legal ground",
            cells(CASE_OUT, detail="terminated")),
        row("9", "Settled on time", CASES, "settled on or before the due date then in force",
            cells(Line.CASE_TIMING, detail="on_time")),
        row("10", "Settled late", CASES, "settled after the due date then in force",
            cells(Line.CASE_TIMING, detail="late")),
        row("11", "Still open at the end of the period", CASES, "(7) - (8)",
            minus(under, settled)),
    ]  # fmt: skip
    rows += _outcome_rows(cells, definitions)
    rows += _remedy_rows(cells)
    return (FormTable("by_kind", "Cases by kind and instance", _labels(), tuple(rows)),)


def _outcome_rows(cells: Cells, definitions: str) -> list[FormRow]:
    outcomes = [o for kind in Kind for o in sorted(OUTCOMES[kind])]
    rows = [
        row(f"12.{n}", f"Outcome: {outcome}", CASES, f"concluded as {outcome}",
            cells(Line.CASE_OUTCOME, detail=outcome))
        for n, outcome in enumerate(outcomes, start=1)
    ]  # fmt: skip
    effects = [e.value for e in EffectOnContested]
    rows += [
        row(f"13.{n}", f"Contested decision {effect}", CASES,
            f"complaint decisions that left the contested decision {effect}",
            cells(Line.CASE_EFFECT, detail=effect))
        for n, effect in enumerate(effects, start=1)
    ]  # fmt: skip
    return rows + _second_instance_rows(cells, definitions)


def _second_instance_rows(cells: Cells, definitions: str) -> list[FormRow]:
    """Row 14: second-instance decisions annulling or amending the first-instance decision."""
    if definitions == FORMS_V1:  # kept for the forms issued under it
        changed = (EffectOnContested.ANNULLED.value, EffectOnContested.AMENDED.value)
        return [
            row("14", "Second-instance decisions annulling or amending the first", CASES,
                "second-instance complaint decisions with effect annulled or amended",
                cells(Line.CASE_EFFECT, detail=changed, instance=2))
        ]  # fmt: skip
    changed = (EffectOnFirst.ANNULLED.value, EffectOnFirst.AMENDED.value)
    return [
        row("14", "Second-instance decisions annulling or amending the first", CASES,
            "second-instance complaint decisions recording that they annul or amend the "
            "first-instance decision",
            cells(Line.CASE_EFFECT_ON_FIRST, detail=changed, instance=2)),
        row("14a", "Second-instance decisions recording their effect on the first", CASES,
            "second-instance complaint decisions recording whether they uphold, annul or "
            "amend the first (others recorded none, which is not zero)",
            cells(Line.CASE_EFFECT_ON_FIRST, instance=2)),
    ]  # fmt: skip


def _remedy_rows(cells: Cells) -> list[FormRow]:
    rows = [
        row("15", "Conclusions recording remedies", CASES,
            "concluded with remedies recorded (others recorded none, which is not zero)",
            cells(Line.CASE_REMEDIES_RECORDED))
    ]  # fmt: skip
    rows += [
        row(f"15.{n}", name.replace("_", " "), REMEDY_UNITS[name],
            f"sum of {name} where recorded", cells(Line.CASE_REMEDY, detail=name))
        for n, name in enumerate(REMEDY_FIELDS, start=1)
    ]  # fmt: skip
    rows.append(
        row("16", "Conclusions recording measures", CASES,
            "concluded with sanctions or a transfer to investigators recorded (others recorded "
            "none, which is not zero)",
            cells(Line.CASE_MEASURES_RECORDED))
    )  # fmt: skip
    rows += [
        row(f"16.{n}", MEASURE_ROWS[name][0], MEASURE_ROWS[name][1],
            f"sum of {name} where recorded", cells(Line.CASE_MEASURE, detail=name))
        for n, name in enumerate(MEASURE_FIELDS, start=1)
    ]  # fmt: skip
    return rows


def _cell(sums: FormSums, line: str, column: Column, before: bool, match: dict[str, object]) -> int:
    where = _where(column)
    if any(name in where and where[name] != wanted for name, wanted in match.items()):
        return 0  # a column of another instance than the row's
    return sums.total(line, before=before, **{**where, **match})


def _where(column: Column) -> dict[str, object]:
    where: dict[str, object] = {}
    if column.kind is not None:
        where["kind"] = column.kind
    if column.instance is not None:
        where["instance"] = column.instance
    return where


def _labels() -> tuple[str, ...]:
    return tuple(c.label for c in COLUMNS)
