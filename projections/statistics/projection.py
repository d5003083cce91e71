from __future__ import annotations

from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod

from domain.agency import Agency
from domain.case import Case
from domain.case_step_events import SETTLEMENT_CLOCK
from projections.batching import BatchProjection
from projections.rows import path_text
from projections.statistics.persistence import (
    FACTS,
    ORIGINS,
    CaseFact,
    CaseOrigin,
    StatisticsView,
)
from projections.statistics.postgres import PostgresStatisticsView
from projections.statistics.sqlite import SQLiteStatisticsView
from projections.store import Session
from projections.succession import SUCCESSION_EVENTS, record_succession


class StatisticsProjection(BatchProjection[StatisticsView]):
    name = "statistics"
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
        Case.Suspended,
        Case.Resumed,
        Case.Reopened,
        Case.Transferred,
        *SUCCESSION_EVENTS,
        Agency.MergedInto,
        # Issue 8: a corrected due date or kind changes the figures of the case.
        Case.DueDateCorrected,
        Case.KindCorrected,
    )

    @classmethod
    def view_classes(cls) -> dict[str, type[StatisticsView]]:
        return {"sqlite": SQLiteStatisticsView, "postgres": PostgresStatisticsView}

    @singledispatchmethod
    def handle(self, event: object, session: Session) -> None:
        """Other events change no figure."""

    @handle.register
    def _(self, e: Case.Received, session: Session) -> None:
        session.put(
            FACTS,
            CaseFact(
                case_id=e.originator_id,
                received_on=e.legal_date,
                receiving_agency_path=path_text(e.receiving_agency_path),
                receiving_level=e.receiving_level,
                kind=None,
                instance=e.instance,
                field="",
                status="received",
                accepted_on=None,
                agency_id=None,
                agency_path="",
                level="",
                due_date=None,
                closed_on=None,
                concluded_on=None,
                on_time=None,
                outcome="",
                effect_on_contested=None,
                withdrawn_on=None,
                terminated_on=None,
                reopened=0,
            ),
        )
        if e.origin:
            session.put(ORIGINS, CaseOrigin(e.originator_id, str(e.origin["kind"])))

    @handle.register
    def _(self, e: Case.Classified, session: Session) -> None:
        _set(session, e, kind=e.kind, field=e.field, status="classified")

    @handle.register
    def _(self, e: Case.Archived, session: Session) -> None:
        _set(session, e, status="archived")

    @handle.register
    def _(self, e: Case.Guided, session: Session) -> None:
        _set(session, e, status="guided")

    @handle.register
    def _(self, e: Case.Referred, session: Session) -> None:
        _set(session, e, status="referred")

    @handle.register
    def _(self, e: Case.Accepted, session: Session) -> None:
        _set(
            session,
            e,
            status="in_progress",
            accepted_on=e.legal_date,
            agency_id=e.agency_id,
            agency_path=path_text(e.agency_path),
            level=e.level,
            due_date=e.due_date,
        )

    @handle.register
    def _(self, e: Case.DeadlineExtended, session: Session) -> None:
        _set(session, e, due_date=e.due_date)

    @handle.register
    def _(self, e: Case.Concluded, session: Session) -> None:
        fact = session.get(FACTS, e.originator_id)
        on_time = fact is not None and fact.due_date is not None and e.legal_date <= fact.due_date
        _set(
            session,
            e,
            status="concluded",
            closed_on=e.legal_date,
            concluded_on=e.legal_date,
            on_time=on_time,
            outcome=e.outcome,
            effect_on_contested=e.effect_on_contested,
        )

    @handle.register
    def _(self, e: Case.Withdrawn, session: Session) -> None:
        if e.partial or e.proceeds:
            return
        fact = session.get(FACTS, e.originator_id)
        if fact is not None and fact.accepted_on is not None:
            _set(session, e, status="withdrawn", closed_on=e.legal_date, withdrawn_on=e.legal_date)
        else:
            _set(session, e, status="withdrawn")

    @handle.register
    def _(self, e: Case.Terminated, session: Session) -> None:
        _set(session, e, status="terminated", closed_on=e.legal_date, terminated_on=e.legal_date)

    @handle.register
    def _(self, e: Case.Suspended, session: Session) -> None:
        _set(session, e, status="suspended")

    @handle.register
    def _(self, e: Case.Resumed, session: Session) -> None:
        _set(session, e, status="in_progress", due_date=e.due_date)

    @handle.register
    def _(self, e: Case.Reopened, session: Session) -> None:
        fact = session.get(FACTS, e.originator_id)
        _set(
            session,
            e,
            status="in_progress",
            due_date=e.due_date,
            closed_on=None,
            concluded_on=None,
            on_time=None,
            outcome="",
            effect_on_contested=None,
            terminated_on=None,
            reopened=(fact.reopened + 1) if fact else 1,
        )

    @handle.register
    def _(self, e: Case.Transferred, session: Session) -> None:
        fact = session.get(FACTS, e.originator_id)
        if fact is not None and fact.accepted_on is not None:
            # Jurisdiction follows the case: its settlement counts for the new agency.
            _set(session, e, agency_id=e.to_agency_id, agency_path=path_text(e.to_agency_path))
            _set(session, e, level=e.to_level)

    @handle.register
    def _(self, e: Agency.MergedInto, session: Session) -> None:
        record_succession(e, session)

    @handle.register
    def _(self, e: Agency.Dissolved, session: Session) -> None:
        record_succession(e, session)

    @handle.register
    def _(self, e: Case.DueDateCorrected, session: Session) -> None:
        if e.clock == SETTLEMENT_CLOCK:
            _set(session, e, due_date=e.due_date)

    @handle.register
    def _(self, e: Case.KindCorrected, session: Session) -> None:
        _set(session, e, kind=e.kind, due_date=e.due_date)


def _set(session: Session, e: Any, **changes: Any) -> None:  # noqa: ANN401
    session.update(FACTS, e.originator_id, **changes)
