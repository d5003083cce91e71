"""The official forms on a hand-checked history, on SQLite and PostgreSQL, live and rebuilt."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from domain.application import Petitions
from ops.runners import start_runners
from ops.settings import Settings
from ops.verify import verify
from ops.wiring import Views, open_views
from projections.forms.build import build_form
from projections.forms.layout import Form
from projections.forms.projection import FormsProjection
from tests.projections.forms_history import Q1, Golden, build, conclude_late
from tests.projections.story import Story

World = tuple[Story, Golden, Views]


@pytest.fixture
def world(store_settings: Settings) -> Iterator[World]:
    """The history of `forms_history`, followed live by the runners."""
    app = Petitions(store_settings.eventsourcing_env())
    try:
        with start_runners(store_settings, ["forms"]):
            story = Story(app)
            golden = build(story)
            views = open_views(store_settings)
            assert views.forms.wait_for(story.position, timeout=30)
            yield story, golden, views
    finally:
        app.close()


def column(form: Form, table: str, name: str) -> dict[str, int | None]:
    t = form.table(table)
    return {r.code: r.values[t.columns.index(name)] for r in t.rows}


def test_letter_handling_form_for_district_a_in_q1(world: World) -> None:
    """District A's subtree (A and commune A1), 15 Dec 2024 - 14 Mar 2025, in petitions.

    Carried over: received before 15 Dec (C1, C2, C3) - handled before (C1, C2 accepted) = 1;
    C3's split-off part (received as of C3, 1 Dec) is a case only, never a letter.
    Received: C4, C5, C6, C7, C8, C10 (A1), C12 = 7 (C9 is after the period) -> to handle 8.
    Handled: accepted C3, C4, C5, C10 (4, within jurisdiction); guided C8, transferred C6
    (2, outside); eligible 6; archived C7 (1, not eligible, repeated: a duplicate) -> 7;
    first petitions 7 - 1 = 6; still to handle 8 - 7 = 1 (C12). Chased up: C6 by A (twice:
    1 petition, 2 documents; the province's chase-up is the province's, not A's).
    By kind (handled): complaint 1 (C4), denunciation 1 (C5), recommendation 3 (C3, C10,
    C6), reflection 1 (C8), unclassified 1 (C7). Within: recommendation 2 (C3, C10).
    By origin: post 4 (C4, C6, C7, C10), online 1 (C5), phone/e-mail 1 (C8), reception 1
    (C12); one signatory 6, several 1 (C5, three).
    By field: land eligible 5 (C3, C4, C5, C6, C10), within 4, outside 1; environment
    eligible 1, outside 1 (C8); no field: not eligible 1 (C7).
    """
    story, _, views = world
    form = build_form(views.forms, "letters", Q1, story.tree.district_a)
    total = column(form, "by_kind", "total")
    assert total == {
        "1": 1, "2": 7, "3": 8, "4": 7, "5": 6, "6": 4, "7": 2, "7a": 1, "7b": 1, "8": 1, "8a": 2,
        "9": 1, "10": 1, "11": 0, "12": 6, "13": 1,
    }  # fmt: skip
    handled = form.table("by_kind").rows[3]
    assert handled.values == (7, 1, 1, 3, 1, 1)  # total, the four kinds, unclassified
    assert column(form, "by_kind", "recommendation")["6"] == 2
    assert column(form, "by_kind", "recommendation")["8a"] == 2
    province = build_form(views.forms, "letters", Q1, story.tree.province)
    assert (
        column(province, "by_kind", "total")["8"],
        column(province, "by_kind", "total")["8a"],
    ) == (1, 3)
    assert column(form, "by_kind", "unclassified")["10"] == 1
    assert column(form, "by_kind", "recommendation")["1"] is None  # kind unknown at receipt
    origin = {r.label: r.values[0] for r in form.table("by_origin").rows}
    assert origin["Arrived: post"] == 4
    assert (origin["Arrived: online"], origin["Arrived: phone_or_email"]) == (1, 1)
    assert (origin["Arrived: reception"], origin["Arrived: forwarded"]) == (1, 0)
    assert (origin["One signatory"], origin["Several signatories"]) == (6, 1)
    fields = {r.label: r.values for r in form.table("by_field").rows}
    assert fields == {"land": (5, 4, 1, 0), "environment": (1, 0, 1, 0), "(no field)": (0, 0, 0, 1)}


def test_settlement_results_form_for_district_a_in_q1(world: World) -> None:
    """District A's subtree, Q1 of SY2025, in cases (vụ việc), by kind and instance.

    Carried over: C1 (recommendation accepted Jun 2024), C2 (denunciation, 12 Dec 2024): 2.
    New: C3 and C10 (recommendations), C4 (complaint, first instance), C5 (denunciation),
    C3's part split off (reflection, a case though never a letter): 5.
    Under jurisdiction 7. Settled 4: concluded C1 (late: due 1 Jul 2024), C2 (20 Dec), C4;
    withdrawn C10; on time 3, late 1. Still open 3 (C3, C5, the part). C2's re-examination on 15 Feb
    is the province's (re-opened 1 there); A keeps C2 settled. Outcomes: accepted 1,
    false 1, partly_right 1; contested decision amended 1 (C4, first instance);
    remedies recorded once: 5,000,000 VND returned, 2 persons restored.
    Province (whole tree): carried 2, new 5, re-opened 1 -> under 8, settled 4, open 4.
    """
    story, _, views = world
    form = build_form(views.forms, "settlement", Q1, story.tree.district_a)
    total = column(form, "by_kind", "total")
    expected = {"1": 2, "2": 5, "3": 0, "4": 0, "5": 0, "6": 0, "7": 7, "8": 4, "8a": 3}
    expected |= {"8b": 1, "8c": 0, "9": 3, "10": 1, "11": 3, "14": 0, "15": 1}
    assert {k: total[k] for k in expected} == expected
    assert column(form, "by_kind", "recommendation")["7"] == 3  # C1, C3, C10
    assert column(form, "by_kind", "denunciation")["7"] == 2  # C2, C5
    assert column(form, "by_kind", "complaint, first instance")["8a"] == 1
    assert column(form, "by_kind", "denunciation")["11"] == 1
    assert (
        column(form, "by_kind", "reflection")["2"],
        column(form, "by_kind", "reflection")["11"],
    ) == (1, 1)
    outcomes = {r.label: r.values[0] for r in form.table("by_kind").rows if r.values[0]}
    assert outcomes["Outcome: accepted"] == 1
    assert outcomes["Outcome: false"] == 1
    assert outcomes["Outcome: partly_right"] == 1
    assert outcomes["Contested decision amended"] == 1
    assert outcomes["money returned vnd"] == 5_000_000
    assert outcomes["persons restored"] == 2
    assert "money to state vnd" not in outcomes
    province = column(
        build_form(views.forms, "settlement", Q1, story.tree.province), "by_kind", "total"
    )
    assert (province["1"], province["2"], province["3"], province["7"]) == (2, 5, 1, 8)
    assert (province["8"], province["11"]) == (4, 4)


def test_reception_form_for_district_a_in_q1(world: World) -> None:
    """District A, Q1: one regular session (8 Jan) and a dialogue (12 Feb); 20 Mar is later.

    Regular: visits 3 (1 person, a delegation of 6 on a repeated matter, and the visit the
    petition C12 made: 1 person), persons 8, new matters 2, repeated 1, delegations 1 of 6
    persons, 1 refusal of 2 persons, 1 petition taken. Dialogue (apart, not in the total):
    1 session, 1 visit, 10 persons, 1 new matter, 1 delegation of 10.
    Visits by field: land 2, no field 2 (C12's visit and the dialogue's).
    """
    story, _, views = world
    form = build_form(views.forms, "reception", Q1, story.tree.district_a)
    t = form.table("by_kind")
    assert t.columns == ("reception total", "regular", "head_periodic", "ad_hoc", "dialogue")
    rows = {r.code: r.values for r in t.rows}
    assert rows == {
        "1": (1, 1, 0, 0, 1), "2": (3, 3, 0, 0, 1), "3": (8, 8, 0, 0, 10),
        "4": (2, 2, 0, 0, 1), "5": (1, 1, 0, 0, 0), "6": (1, 1, 0, 0, 1),
        "7": (6, 6, 0, 0, 10), "8": (1, 1, 0, 0, 0), "9": (2, 2, 0, 0, 0),
        "10": (1, 1, 0, 0, 0),
    }  # fmt: skip
    fields = {r.label: r.values[0] for r in form.table("visits_by_field").rows}
    assert fields == {"land": 2, "(no field)": 2}


def test_a_late_conclusion_changes_the_form_only_from_when_it_was_recorded(
    store_settings: Settings, world: World
) -> None:
    """C5 concluded "true" on 20 Feb (due 8 Feb: late), recorded after position `cut`.

    Known at `cut`: settled 4, late 1, open 3 (as before). Now: settled 5, late 2, open 2.
    As of 31 January (legal cut-off): C10 was not yet accepted (3 Feb): new 4 (C3, C4, C5,
    the part); settled 3 (C2 on 20 Dec, C1 on 15 Jan, C4 on 20 Jan); open 2 + 4 - 3 = 3.
    """
    story, golden, views = world
    cut = story.position
    conclude_late(story, golden)
    assert views.forms.wait_for(story.position, timeout=30)
    a = story.tree.district_a
    then = column(build_form(views.forms, "settlement", Q1, a, known_at=cut), "by_kind", "total")
    now = column(build_form(views.forms, "settlement", Q1, a), "by_kind", "total")
    assert (then["8"], then["10"], then["11"]) == (4, 1, 3)
    assert (now["8"], now["10"], now["11"]) == (5, 2, 2)
    january = build_form(views.forms, "settlement", Q1, a, as_of=date(2025, 1, 31))
    assert january.as_of == date(2025, 1, 31)
    jan = column(january, "by_kind", "total")
    assert (jan["2"], jan["8"], jan["11"]) == (4, 3, 3)
    assert verify(store_settings, FormsProjection) == []
