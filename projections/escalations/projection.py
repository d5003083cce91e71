from __future__ import annotations

from collections import Counter
from typing import ClassVar

from eventsourcing.dispatch import singledispatchmethod

from domain.agency import Agency
from domain.case import Case
from projections.batching import BatchProjection
from projections.counters import Counters, Key
from projections.escalations.persistence import (
    COUNTERS,
    ROUTES,
    EscalationsView,
    Route,
    route_contributions,
)
from projections.escalations.postgres import PostgresEscalationsView
from projections.escalations.sqlite import SQLiteEscalationsView
from projections.rows import path_text
from projections.session import Session
from projections.succession import SUCCESSION_EVENTS, record_succession

RECEIVED = "received"
REFERRED = "referred"


class EscalationsProjection(BatchProjection[EscalationsView]):
    name = "escalations"
    interests: ClassVar[tuple[type, ...]] = (
        Case.Received,
        Case.Classified,
        Case.Referred,
        Case.Accepted,
        Case.Transferred,
        *SUCCESSION_EVENTS,
    )

    counted = ROUTES

    def contributions(self, row: Route) -> Counter[Key]:
        return route_contributions(row)

    def counters(self) -> Counters:
        return COUNTERS

    @classmethod
    def view_classes(cls) -> dict[str, type[EscalationsView]]:
        return {"sqlite": SQLiteEscalationsView, "postgres": PostgresEscalationsView}

    @singledispatchmethod
    def handle(self, event: object, session: Session) -> None:
        """Other events do not route a petition."""

    @handle.register
    def _(self, e: Case.Received, session: Session) -> None:
        path = path_text(e.receiving_agency_path)
        session.put(
            ROUTES,
            Route(
                case_id=e.originator_id,
                reference_code=e.reference_code,
                received_on=e.legal_date,
                receiving_agency_id=e.receiving_agency_id,
                receiving_agency_path=path,
                holder_agency_id=e.receiving_agency_id,
                holder_agency_path=path,
                kind=None,
                competent_agency_id=None,
                competent_level="",
                escalated=False,
                via="",
                escalated_on=None,
                above_agency_id=None,
                above_agency_path="",
            ),
        )

    @handle.register
    def _(self, e: Case.Classified, session: Session) -> None:
        route = session.get(ROUTES, e.originator_id)
        if route is None:
            return
        changes: dict[str, object] = {
            "kind": e.kind,
            "competent_agency_id": e.competent_agency_id,
            "competent_level": e.competent_level,
        }
        if e.beyond_competence and not route.escalated:
            # Received beyond the level: fixed at receipt, by the receiver, even when a later
            # classification by the competent agency is what shows it.
            changes |= _escalation(RECEIVED, e.legal_date, route.receiving_agency_id, route)
        elif not e.beyond_competence and route.via == RECEIVED and _with_receiver(route):
            # The receiver corrected its own classification before letting the petition go.
            changes |= {"escalated": False, "via": "", "escalated_on": None}
            changes |= {"above_agency_id": None, "above_agency_path": ""}
        session.update(ROUTES, e.originator_id, **changes)

    @handle.register
    def _(self, e: Case.Referred, session: Session) -> None:
        route = session.get(ROUTES, e.originator_id)
        if route is None:
            return
        path = path_text(e.to_agency_path)
        changes: dict[str, object] = {"holder_agency_id": e.to_agency_id}
        changes["holder_agency_path"] = path
        if e.beyond_competence and not route.escalated:
            changes |= {"escalated": True, "via": REFERRED, "escalated_on": e.legal_date}
            changes |= {"above_agency_id": e.to_agency_id, "above_agency_path": path}
        session.update(ROUTES, e.originator_id, **changes)

    @handle.register
    def _(self, e: Case.Accepted, session: Session) -> None:
        path = path_text(e.agency_path)
        session.update(
            ROUTES, e.originator_id, holder_agency_id=e.agency_id, holder_agency_path=path
        )

    @handle.register
    def _(self, e: Case.Transferred, session: Session) -> None:
        # The escalation stays as it was at receipt; only the holder changes.
        path = path_text(e.to_agency_path)
        session.update(
            ROUTES, e.originator_id, holder_agency_id=e.to_agency_id, holder_agency_path=path
        )

    @handle.register
    def _(self, e: Agency.MergedInto, session: Session) -> None:
        record_succession(e, session)

    @handle.register
    def _(self, e: Agency.Dissolved, session: Session) -> None:
        record_succession(e, session)


def _with_receiver(route: Route) -> bool:
    return route.holder_agency_id == route.receiving_agency_id


def _escalation(via: str, on: object, agency_id: object, route: Route) -> dict[str, object]:
    return {
        "escalated": True,
        "via": via,
        "escalated_on": on,
        "above_agency_id": agency_id,
        "above_agency_path": route.receiving_agency_path,
    }
