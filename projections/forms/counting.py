"""The forms' counting steps for letters and cases: disposals, receipts, settlements.

Used by `projections.forms.projection`; see its docstring for what is counted where.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.case import Case
from domain.kinds import Channel
from domain.remedies import MEASURE_FIELDS, REMEDY_FIELDS
from projections.counters import path_ids
from projections.forms.lines import CASE_OUT, LETTER_DISPOSED, LETTER_RECEIVED, Line
from projections.forms.persistence import CASES, LETTERS, CaseState, LetterState, count
from projections.rows import path_text
from projections.session import Session

OPEN311 = "open311"


def origin(e: Case.Received) -> str:
    """How a letter arrived: its channel, or "open311" when filed through an online service."""
    if e.service_code:
        return OPEN311
    return Channel(e.channel).value


def dispose(session: Session, e: Any, how: str) -> LetterState | None:  # noqa: ANN401
    """Count the letter's one disposal at its handling agency; None when it was not pending."""
    letter = session.get(LETTERS, e.originator_id)
    if letter is None or not letter.pending:
        return None
    count(
        session,
        LETTER_DISPOSED,
        e.legal_date,
        path_ids(letter.agency_path),
        kind=letter.kind,
        field=letter.field,
        detail=how,
    )
    session.update(LETTERS, e.originator_id, pending=False)
    return letter


def receive_again(
    session: Session, case_id: UUID, day: date, agency_id: UUID, path: list[UUID]
) -> None:
    """A transferred letter is received by the agency it went to."""
    session.update(LETTERS, case_id, agency_id=agency_id, agency_path=path_text(path), pending=True)
    count(session, LETTER_RECEIVED, day, path, detail="transferred_in")


def close(session: Session, e: Any, how: str) -> CaseState | None:  # noqa: ANN401
    """Count an open case's settlement (and whether on time); None when no case was open."""
    case = session.get(CASES, e.originator_id)
    if case is None or not case.open:
        return None
    path = path_ids(case.agency_path)
    count(session, CASE_OUT, e.legal_date, path, kind=case.kind, instance=case.instance, detail=how)
    late = case.due_date is not None and e.legal_date > case.due_date
    count(
        session,
        Line.CASE_TIMING,
        e.legal_date,
        path,
        kind=case.kind,
        instance=case.instance,
        detail="late" if late else "on_time",
    )
    session.update(CASES, e.originator_id, open=False)
    return case


def count_conclusion(session: Session, e: Case.Concluded, case: CaseState) -> None:
    """Count a settled case's outcome, effects, remedies and measures."""
    path = path_ids(case.agency_path)
    count(
        session,
        Line.CASE_OUTCOME,
        e.legal_date,
        path,
        kind=case.kind,
        instance=case.instance,
        detail=e.outcome,
    )
    if e.effect_on_contested:
        detail = e.effect_on_contested
        count(
            session,
            Line.CASE_EFFECT,
            e.legal_date,
            path,
            kind=case.kind,
            instance=case.instance,
            detail=detail,
        )
    if e.effect_on_first:
        count(
            session,
            Line.CASE_EFFECT_ON_FIRST,
            e.legal_date,
            path,
            kind=case.kind,
            instance=case.instance,
            detail=e.effect_on_first,
        )
    _count_recorded(session, e, case, e.remedies, REMEDY_FIELDS, Line.CASE_REMEDIES_RECORDED)
    _count_recorded(session, e, case, e.measures, MEASURE_FIELDS, Line.CASE_MEASURES_RECORDED)


def _count_recorded(
    session: Session,
    e: Case.Concluded,
    case: CaseState,
    recorded: dict[str, int] | None,
    names: tuple[str, ...],
    conclusions: Line,
) -> None:
    """A conclusion that recorded `recorded` (None: nothing, which is not zero), and each sum.

    The sums go to the line `SUMS` names for `conclusions`, detailed by field name.
    """
    if recorded is None:
        return
    amounts = SUMS[conclusions]
    path = path_ids(case.agency_path)
    where: dict[str, Any] = {"kind": case.kind, "instance": case.instance}
    count(session, conclusions, e.legal_date, path, **where)
    for name in names:
        amount = int(recorded.get(name, 0))
        count(session, amounts, e.legal_date, path, **where, detail=name, n=amount)


SUMS = {
    Line.CASE_REMEDIES_RECORDED: Line.CASE_REMEDY,
    Line.CASE_MEASURES_RECORDED: Line.CASE_MEASURE,
}
