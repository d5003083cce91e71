from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod

from domain.agency import Agency
from domain.reception import ReceptionMeeting
from projections.batching import BatchProjection
from projections.counters import Counters, Key
from projections.reception.persistence import (
    COUNTERS,
    MEETINGS,
    Meeting,
    ReceptionView,
    meeting_contributions,
)
from projections.reception.postgres import PostgresReceptionView
from projections.reception.sqlite import SQLiteReceptionView
from projections.rows import path_text
from projections.session import Session
from projections.succession import SUCCESSION_EVENTS, record_succession

HELD: type[Any] = ReceptionMeeting.Held
VISIT: type[Any] = ReceptionMeeting.VisitRecorded
REFUSED: type[Any] = ReceptionMeeting.ReceptionRefused
PETITION_TAKEN: type[Any] = ReceptionMeeting.PetitionTaken


class ReceptionProjection(BatchProjection[ReceptionView]):
    name = "reception"
    interests: ClassVar[tuple[type, ...]] = (
        HELD,
        VISIT,
        REFUSED,
        PETITION_TAKEN,
        *SUCCESSION_EVENTS,
    )

    counted = MEETINGS

    def contributions(self, row: Meeting) -> Counter[Key]:
        return meeting_contributions(row)

    def counters(self) -> Counters:
        return COUNTERS

    @classmethod
    def view_classes(cls) -> dict[str, type[ReceptionView]]:
        return {"sqlite": SQLiteReceptionView, "postgres": PostgresReceptionView}

    @singledispatchmethod
    def handle(self, event: object, session: Session) -> None:
        """Other events change no reception figure."""

    @handle.register(HELD)
    def _(
        self,
        e: Any,  # noqa: ANN401
        session: Session,
    ) -> None:
        session.put(
            MEETINGS,
            Meeting(
                meeting_id=e.originator_id,
                held_on=e.legal_date,
                agency_id=e.agency_id,
                agency_path=path_text(e.agency_path),
                host_id=e.host_id,
                kind=e.kind,
                dialogue_group=e.dialogue_group,
                legacy_persons=e.legacy_citizens_received,
                visits=0,
                persons=0,
                new_matters=0,
                repeated_matters=0,
                delegations=0,
                delegation_persons=0,
                refusals=0,
                refused_persons=0,
                petitions=0,
            ),
        )

    @handle.register(VISIT)
    def _(
        self,
        e: Any,  # noqa: ANN401
        session: Session,
    ) -> None:
        m = session.get(MEETINGS, e.originator_id)
        if m is None:
            return
        repeated = e.matter == "repeated"
        session.update(
            MEETINGS,
            e.originator_id,
            visits=m.visits + 1,
            persons=m.persons + e.persons,
            new_matters=m.new_matters + (not repeated),
            repeated_matters=m.repeated_matters + repeated,
            delegations=m.delegations + e.delegation,
            delegation_persons=m.delegation_persons + (e.persons if e.delegation else 0),
        )

    @handle.register(REFUSED)
    def _(
        self,
        e: Any,  # noqa: ANN401
        session: Session,
    ) -> None:
        m = session.get(MEETINGS, e.originator_id)
        if m is not None:
            session.update(
                MEETINGS,
                e.originator_id,
                refusals=m.refusals + 1,
                refused_persons=m.refused_persons + e.persons,
            )

    @handle.register(PETITION_TAKEN)
    def _(
        self,
        e: Any,  # noqa: ANN401
        session: Session,
    ) -> None:
        meeting = session.get(MEETINGS, e.originator_id)
        if meeting is not None:
            session.update(MEETINGS, e.originator_id, petitions=meeting.petitions + 1)

    @handle.register
    def _(self, e: Agency.MergedInto, session: Session) -> None:
        record_succession(e, session)

    @handle.register
    def _(self, e: Agency.Dissolved, session: Session) -> None:
        record_succession(e, session)
