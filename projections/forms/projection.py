"""The forms' counters, from the case and reception events (docs/forms.md, "What is counted").

Letters (đơn) are counted at the agency handling them: received (by how they
came), then one disposal each (accepted, guided, transferred, archived, withdrawn
or terminated). A transferred letter is received again by the agency it went to.
Parts split off a mixed petition are cases, never letters. Cases (vụ việc) are
counted at the agency holding jurisdiction: in when accepted, re-opened or
transferred in, out when settled or transferred away; a change of kind while open
moves the case between kinds. Reception counts sessions, visits, persons, matters,
delegations, refusals and petitions taken, by kind of reception.
"""

from __future__ import annotations

from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod

from domain.agency import Agency
from domain.case import Case
from domain.case_step_events import SETTLEMENT_CLOCK
from domain.kinds import ArchiveGrounds
from projections.batching import BatchProjection
from projections.counters import path_ids
from projections.forms.counting import close, count_conclusion, dispose, origin, receive_again
from projections.forms.lines import CASE_IN, CASE_OUT, LETTER_RECEIVED, Line
from projections.forms.meetings import (
    HELD,
    PETITION_TAKEN,
    REFUSED,
    VISIT,
    held,
    petition_taken,
    refused,
    visit,
)
from projections.forms.persistence import (
    CASES,
    LETTERS,
    CaseState,
    FormsView,
    LetterState,
    count,
)
from projections.forms.postgres import PostgresFormsView
from projections.forms.sqlite import SQLiteFormsView
from projections.rows import path_text
from projections.session import Session
from projections.succession import SUCCESSION_EVENTS, record_succession


class FormsProjection(BatchProjection[FormsView]):
    name = "forms"
    interests: ClassVar[tuple[type, ...]] = (
        Case.Received,
        Case.Classified,
        Case.Archived,
        Case.Guided,
        Case.Referred,
        Case.Accepted,
        Case.DeadlineExtended,
        Case.Concluded,
        Case.Withdrawn,
        Case.Terminated,
        Case.Resumed,
        Case.Reopened,
        Case.Transferred,
        Case.DueDateCorrected,
        Case.KindCorrected,
        Case.ChasedUp,
        HELD,
        VISIT,
        REFUSED,
        PETITION_TAKEN,
        *SUCCESSION_EVENTS,
    )

    @classmethod
    def view_classes(cls) -> dict[str, type[FormsView]]:
        return {"sqlite": SQLiteFormsView, "postgres": PostgresFormsView}

    @singledispatchmethod
    def handle(self, event: object, session: Session) -> None:
        """Other events change no figure of the forms."""

    # ----- letters ------------------------------------------------------------------------

    @handle.register
    def _(self, e: Case.Received, session: Session) -> None:
        letter = e.split_from_case_id is None
        path = list(e.receiving_agency_path)
        session.put(
            LETTERS,
            LetterState(
                e.originator_id,
                e.receiving_agency_id,
                path_text(path),
                "",
                "",
                e.instance,
                letter=letter,
                pending=letter,
            ),
        )
        if letter:
            day = e.legal_date
            count(session, LETTER_RECEIVED, day, path, detail=origin(e))
            signatories = "several" if e.petitioner_count > 1 else "one"
            count(session, Line.LETTER_SIGNATORIES, day, path, detail=signatories)
            if e.origin:
                forwarded_by = str(e.origin.get("kind", ""))
                count(session, Line.LETTER_FORWARDED_BY, day, path, detail=forwarded_by)

    @handle.register
    def _(self, e: Case.Classified, session: Session) -> None:
        session.update(LETTERS, e.originator_id, kind=e.kind, field=e.field)

    @handle.register
    def _(self, e: Case.Archived, session: Session) -> None:
        letter = dispose(session, e, "archived")
        if letter is not None:
            grounds = ArchiveGrounds.DUPLICATE.value if e.duplicate_of else e.grounds
            count(
                session,
                Line.LETTER_ARCHIVED,
                e.legal_date,
                path_ids(letter.agency_path),
                kind=letter.kind,
                field=letter.field,
                detail=grounds,
            )

    @handle.register
    def _(self, e: Case.Guided, session: Session) -> None:
        dispose(session, e, "guided")

    @handle.register
    def _(self, e: Case.Referred, session: Session) -> None:
        if dispose(session, e, "transferred") is not None:
            receive_again(session, e.originator_id, e.legal_date, e.to_agency_id, e.to_agency_path)

    @handle.register
    def _(self, e: Case.ChasedUp, session: Session) -> None:
        letter = session.get(LETTERS, e.originator_id)
        if letter is None or not letter.letter:
            return
        path, day = list(e.urging_agency_path), e.legal_date
        kind, field = letter.kind, letter.field
        count(session, Line.LETTER_CHASE_DOCUMENTS, day, path, kind=kind, field=field)
        if not letter.chased:
            count(session, Line.LETTER_CHASED, day, path, kind=kind, field=field)
            session.update(LETTERS, e.originator_id, chased=True)

    # ----- cases --------------------------------------------------------------------------

    @handle.register
    def _(self, e: Case.Accepted, session: Session) -> None:
        letter = dispose(session, e, "accepted") or session.get(LETTERS, e.originator_id)
        kind = letter.kind if letter else ""
        instance = letter.instance if letter else 1
        path = list(e.agency_path)
        session.put(
            CASES,
            CaseState(
                e.originator_id, e.agency_id, path_text(path), kind, instance, e.due_date, open=True
            ),
        )
        count(session, CASE_IN, e.legal_date, path, kind=kind, instance=instance, detail="accepted")

    @handle.register
    def _(self, e: Case.DeadlineExtended, session: Session) -> None:
        session.update(CASES, e.originator_id, due_date=e.due_date)

    @handle.register
    def _(self, e: Case.Resumed, session: Session) -> None:
        session.update(CASES, e.originator_id, due_date=e.due_date)

    @handle.register
    def _(self, e: Case.DueDateCorrected, session: Session) -> None:
        if e.clock == SETTLEMENT_CLOCK:
            session.update(CASES, e.originator_id, due_date=e.due_date)

    @handle.register
    def _(self, e: Case.Concluded, session: Session) -> None:
        case = close(session, e, "concluded")
        if case is not None:
            count_conclusion(session, e, case)

    @handle.register
    def _(self, e: Case.Withdrawn, session: Session) -> None:
        if e.partial or e.proceeds:
            return
        if close(session, e, "withdrawn") is None:
            dispose(session, e, "withdrawn")

    @handle.register
    def _(self, e: Case.Terminated, session: Session) -> None:
        if close(session, e, "terminated") is None:
            dispose(session, e, "terminated")

    @handle.register
    def _(self, e: Case.Reopened, session: Session) -> None:
        case = session.get(CASES, e.originator_id)
        if case is None or case.open:
            return
        path = path_ids(case.agency_path)
        agency_id = case.agency_id
        if e.authority_agency_id is not None and e.authority_agency_path is not None:
            path, agency_id = list(e.authority_agency_path), e.authority_agency_id
        count(
            session,
            CASE_IN,
            e.legal_date,
            path,
            kind=case.kind,
            instance=case.instance,
            detail="reopened",
        )
        session.update(
            CASES,
            e.originator_id,
            agency_id=agency_id,
            agency_path=path_text(path),
            due_date=e.due_date,
            open=True,
        )

    @handle.register
    def _(self, e: Case.Transferred, session: Session) -> None:
        case = session.get(CASES, e.originator_id)
        to_path = list(e.to_agency_path)
        if case is not None and case.open:
            old = path_ids(case.agency_path)
            count(
                session,
                CASE_OUT,
                e.legal_date,
                old,
                kind=case.kind,
                instance=case.instance,
                detail="transferred_out",
            )
            count(
                session,
                CASE_IN,
                e.legal_date,
                to_path,
                kind=case.kind,
                instance=case.instance,
                detail="transferred_in",
            )
            session.update(
                CASES, e.originator_id, agency_id=e.to_agency_id, agency_path=path_text(to_path)
            )
        elif dispose(session, e, "transferred") is not None:
            receive_again(session, e.originator_id, e.legal_date, e.to_agency_id, to_path)

    @handle.register
    def _(self, e: Case.KindCorrected, session: Session) -> None:
        session.update(LETTERS, e.originator_id, kind=e.kind)
        case = session.get(CASES, e.originator_id)
        if case is None:
            return
        if case.open and case.kind != e.kind:
            path, day, instance = path_ids(case.agency_path), e.legal_date, case.instance
            count(session, CASE_OUT, day, path, kind=case.kind, instance=instance, detail="kind")
            count(session, CASE_IN, day, path, kind=e.kind, instance=instance, detail="kind")
        session.update(CASES, e.originator_id, kind=e.kind, due_date=e.due_date)

    # ----- reception ----------------------------------------------------------------------

    @handle.register(HELD)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        held(e, session)

    @handle.register(VISIT)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        visit(e, session)

    @handle.register(REFUSED)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        refused(e, session)

    @handle.register(PETITION_TAKEN)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        petition_taken(e, session)

    @handle.register
    def _(self, e: Agency.MergedInto, session: Session) -> None:
        record_succession(e, session)

    @handle.register
    def _(self, e: Agency.Dissolved, session: Session) -> None:
        record_succession(e, session)
