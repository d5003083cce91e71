from __future__ import annotations

from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod

from domain.reception import ReceptionMeeting
from projections.batching import BatchProjection
from projections.reception.persistence import MEETINGS, Meeting, ReceptionView
from projections.reception.postgres import PostgresReceptionView
from projections.reception.sqlite import SQLiteReceptionView
from projections.rows import path_text
from projections.store import Session

# Classes the library made from `@event("Held")` and `@event("PetitionTaken")`.
HELD: type[Any] = ReceptionMeeting.Held  # type: ignore[attr-defined]
PETITION_TAKEN: type[Any] = ReceptionMeeting.PetitionTaken  # type: ignore[attr-defined]


class ReceptionProjection(BatchProjection[ReceptionView]):
    name = "reception"
    interests: ClassVar[tuple[type, ...]] = (HELD, PETITION_TAKEN)

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
                citizens_received=e.citizens_received,
                petitions=0,
            ),
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
