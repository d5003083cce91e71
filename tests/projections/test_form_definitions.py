"""Row 14 of the settlement form under each version of the forms' definitions."""

from __future__ import annotations

from projections.forms.definitions import FORMS_V1, FORMS_V2
from projections.forms.layout import FormTable
from projections.forms.lines import Line
from projections.forms.persistence import FormSums
from projections.forms.settlement import settlement_tables

# One second-instance decision: it annulled the contested decision and recognised the
# first (which had annulled it already); another amended the first, recording it.
SUMS = FormSums(
    before={},
    within={
        (Line.CASE_EFFECT.value, "complaint", "land", 2, "annulled"): 2,
        (Line.CASE_EFFECT_ON_FIRST.value, "complaint", "land", 2, "upheld"): 1,
        (Line.CASE_EFFECT_ON_FIRST.value, "complaint", "land", 2, "amended"): 1,
    },
)


def second_instance(table: FormTable) -> dict[str, int | None]:
    column = table.columns.index("complaint, second instance")
    return {r.code: r.values[column] for r in table.rows}


def test_row_14_counts_the_effect_on_the_first_decision() -> None:
    rows = second_instance(settlement_tables(SUMS, FORMS_V2)[0])
    assert (rows["14"], rows["14a"]) == (1, 2)


def test_forms_issued_under_v1_keep_counting_the_effect_on_the_contested_decision() -> None:
    rows = second_instance(settlement_tables(SUMS, FORMS_V1)[0])
    assert rows["14"] == 2
    assert "14a" not in rows
