from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod

from domain.agency import Agency
from domain.case import Case
from domain.case_step_events import INTAKE_CLOCK, SETTLEMENT_CLOCK
from projections.batching import BatchProjection
from projections.counters import Counters, Key
from projections.deadlines.persistence import (
    ITEMS,
    LOAD,
    DeadlinesView,
    OpenItem,
    item_contributions,
)
from projections.deadlines.postgres import PostgresDeadlinesView
from projections.deadlines.sqlite import SQLiteDeadlinesView
from projections.rows import path_text
from projections.session import Session
from projections.succession import SUCCESSION_EVENTS, record_succession


class DeadlinesProjection(BatchProjection[DeadlinesView]):
    name = "deadlines"
    interests: ClassVar[tuple[type, ...]] = (
        Case.Received,
        Case.Classified,
        Case.Archived,
        Case.Guided,
        Case.Referred,
        Case.Accepted,
        Case.OfficerAssigned,
        Case.DeadlineExtended,
        Case.Concluded,
        Case.Withdrawn,
        Case.Terminated,
        Case.Suspended,
        Case.Resumed,
        Case.Reopened,
        Case.Transferred,
        *SUCCESSION_EVENTS,
        # Issue 8: the steps that move a due date or the agency holding a case.
        Case.DueDateCorrected,
        Case.CheckExtended,
        Case.KindCorrected,
        Case.ReferralReceived,
    )

    counted = ITEMS

    def contributions(self, row: OpenItem) -> Counter[Key]:
        return item_contributions(row)

    def counters(self) -> Counters:
        return LOAD

    @classmethod
    def view_classes(cls) -> dict[str, type[DeadlinesView]]:
        return {"sqlite": SQLiteDeadlinesView, "postgres": PostgresDeadlinesView}

    @singledispatchmethod
    def handle(self, event: object, session: Session) -> None:
        """Other events change no deadline."""

    @handle.register
    def _(self, e: Case.Received, session: Session) -> None:
        session.put(
            ITEMS,
            OpenItem(
                case_id=e.originator_id,
                reference_code=e.reference_code,
                kind=None,
                status="received",
                stage="intake",
                open=True,
                agency_id=e.receiving_agency_id,
                agency_path=path_text(e.receiving_agency_path),
                officer_id="",
                due_date=e.handling_due_date,
                suspended=False,
                extensions=0,
            ),
        )

    @handle.register
    def _(self, e: Case.Classified, session: Session) -> None:
        _set(session, e, kind=e.kind, status="classified", due_date=e.handling_due_date)

    @handle.register
    def _(self, e: Case.Referred, session: Session) -> None:
        path = path_text(e.to_agency_path)
        _set(session, e, status="referred", agency_id=e.to_agency_id, agency_path=path)
        if e.clock_from_receipt:  # the receiver's clock stands until it records its receipt
            _set(session, e, suspended=True)
        elif e.handling_due_date is not None:  # the receiver's own clock (v2 referrals)
            _set(session, e, due_date=e.handling_due_date)

    @handle.register
    def _(self, e: Case.ReferralReceived, session: Session) -> None:
        _set(session, e, suspended=False, due_date=e.handling_due_date)

    @handle.register
    def _(self, e: Case.Accepted, session: Session) -> None:
        _set(
            session,
            e,
            status="in_progress",
            stage="settlement",
            agency_id=e.agency_id,
            agency_path=path_text(e.agency_path),
            due_date=e.due_date,
            suspended=False,
        )

    @handle.register
    def _(self, e: Case.Transferred, session: Session) -> None:
        path = path_text(e.to_agency_path)
        _set(session, e, agency_id=e.to_agency_id, agency_path=path, officer_id="")

    @handle.register
    def _(self, e: Agency.MergedInto, session: Session) -> None:
        record_succession(e, session)

    @handle.register
    def _(self, e: Agency.Dissolved, session: Session) -> None:
        record_succession(e, session)

    @handle.register
    def _(self, e: Case.OfficerAssigned, session: Session) -> None:
        _set(session, e, officer_id=e.officer_id)

    @handle.register
    def _(self, e: Case.DeadlineExtended, session: Session) -> None:
        _set(session, e, due_date=e.due_date, extensions=e.extension_number)

    @handle.register
    def _(self, e: Case.Suspended, session: Session) -> None:
        _set(session, e, status="suspended", suspended=True)

    @handle.register
    def _(self, e: Case.Resumed, session: Session) -> None:
        _set(session, e, status="in_progress", suspended=False, due_date=e.due_date)

    @handle.register
    def _(self, e: Case.Reopened, session: Session) -> None:
        _set(session, e, status="in_progress", open=True, suspended=False, due_date=e.due_date)
        if e.authority_agency_id is not None and e.authority_agency_path is not None:
            path = path_text(e.authority_agency_path)
            _set(session, e, agency_id=e.authority_agency_id, agency_path=path)

    @handle.register
    def _(self, e: Case.Archived, session: Session) -> None:
        _set(session, e, status="archived", open=False)

    @handle.register
    def _(self, e: Case.Guided, session: Session) -> None:
        _set(session, e, status="guided", open=False)

    @handle.register
    def _(self, e: Case.Concluded, session: Session) -> None:
        _set(session, e, status="concluded", open=False)

    @handle.register
    def _(self, e: Case.Terminated, session: Session) -> None:
        _set(session, e, status="terminated", open=False, suspended=False)

    @handle.register
    def _(self, e: Case.Withdrawn, session: Session) -> None:
        if not (e.partial or e.proceeds):
            _set(session, e, status="withdrawn", open=False, suspended=False)

    @handle.register
    def _(self, e: Case.DueDateCorrected, session: Session) -> None:
        if e.clock in {INTAKE_CLOCK, SETTLEMENT_CLOCK}:  # not publication, notice, enforcement
            _set(session, e, due_date=e.due_date)

    @handle.register
    def _(self, e: Case.CheckExtended, session: Session) -> None:
        _set(session, e, due_date=e.handling_due_date)

    @handle.register
    def _(self, e: Case.KindCorrected, session: Session) -> None:
        _set(session, e, kind=e.kind, due_date=e.due_date, extensions=0)


def _set(session: Session, e: Any, **changes: Any) -> None:  # noqa: ANN401
    session.update(ITEMS, e.originator_id, **changes)
