"""Requests filed online, followed through the case's lifecycle: open until it is final."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod

from domain.case import Case
from domain.case_step_events import SETTLEMENT_CLOCK
from domain.kinds import FINAL_STATUSES
from projections.batching import BatchProjection
from projections.open311.persistence import REQUESTS, Open311View, RequestRow
from projections.open311.postgres import PostgresOpen311View
from projections.open311.sqlite import SQLiteOpen311View
from projections.session import Session

FINAL = frozenset(s.value for s in FINAL_STATUSES)


def utc_text(moment: datetime) -> str:
    """A moment as stored: UTC with microseconds, so that text order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Open311Projection(BatchProjection[Open311View]):
    name = "open311"
    interests: ClassVar[tuple[type, ...]] = (
        Case.Received,
        Case.Classified,
        Case.Referred,
        Case.Archived,
        Case.Guided,
        Case.Accepted,
        Case.DeadlineExtended,
        Case.Concluded,
        Case.Withdrawn,
        Case.Terminated,
        Case.Suspended,
        Case.Resumed,
        Case.Reopened,
        Case.Transferred,
        Case.DueDateCorrected,
        Case.KindCorrected,
    )

    @classmethod
    def view_classes(cls) -> dict[str, type[Open311View]]:
        return {"sqlite": SQLiteOpen311View, "postgres": PostgresOpen311View}

    @singledispatchmethod
    def handle(self, event: object, session: Session) -> None:
        """Other events change no request."""

    @handle.register
    def _(self, e: Case.Received, session: Session) -> None:
        if not e.service_code:
            return  # not filed through Open311
        place = e.location or {}
        session.put(
            REQUESTS,
            RequestRow(
                case_id=e.originator_id,
                service_request_id=e.reference_code,
                service_code=e.service_code,
                case_status="received",
                closed=False,
                requested_at=utc_text(e.timestamp),
                updated_at=utc_text(e.timestamp),
                expected_on=e.handling_due_date,
                handling_agency_id=e.receiving_agency_id,
                lat=_coordinate(place.get("lat")),
                long=_coordinate(place.get("long")),
                address=str(place.get("address") or ""),
                media_url=e.media_url,
            ),
        )

    @handle.register
    def _(self, e: Case.Classified, session: Session) -> None:
        _status(session, e, "classified", expected_on=e.handling_due_date)

    @handle.register
    def _(self, e: Case.Referred, session: Session) -> None:
        changes: dict[str, Any] = {"handling_agency_id": e.to_agency_id}
        if e.handling_due_date is not None:
            changes["expected_on"] = e.handling_due_date
        _status(session, e, "referred", **changes)

    @handle.register
    def _(self, e: Case.Archived, session: Session) -> None:
        _status(session, e, "archived")

    @handle.register
    def _(self, e: Case.Guided, session: Session) -> None:
        _status(session, e, "guided")

    @handle.register
    def _(self, e: Case.Accepted, session: Session) -> None:
        _status(session, e, "in_progress", handling_agency_id=e.agency_id, expected_on=e.due_date)

    @handle.register
    def _(self, e: Case.DeadlineExtended, session: Session) -> None:
        _status(session, e, None, expected_on=e.due_date)

    @handle.register
    def _(self, e: Case.Concluded, session: Session) -> None:
        _status(session, e, "concluded")

    @handle.register
    def _(self, e: Case.Withdrawn, session: Session) -> None:
        _status(session, e, None if e.partial or e.proceeds else "withdrawn")

    @handle.register
    def _(self, e: Case.Terminated, session: Session) -> None:
        _status(session, e, "terminated")

    @handle.register
    def _(self, e: Case.Suspended, session: Session) -> None:
        _status(session, e, "suspended")

    @handle.register
    def _(self, e: Case.Resumed, session: Session) -> None:
        _status(session, e, "in_progress", expected_on=e.due_date)

    @handle.register
    def _(self, e: Case.Reopened, session: Session) -> None:
        changes: dict[str, Any] = {"expected_on": e.due_date}
        if e.authority_agency_id is not None:
            changes["handling_agency_id"] = e.authority_agency_id
        _status(session, e, "in_progress", **changes)

    @handle.register
    def _(self, e: Case.Transferred, session: Session) -> None:
        _status(session, e, None, handling_agency_id=e.to_agency_id)

    @handle.register
    def _(self, e: Case.DueDateCorrected, session: Session) -> None:
        row = session.get(REQUESTS, e.originator_id)
        settling = row is not None and row.case_status in {"in_progress", "suspended"}
        if (e.clock == SETTLEMENT_CLOCK) == settling:
            _status(session, e, None, expected_on=e.due_date)

    @handle.register
    def _(self, e: Case.KindCorrected, session: Session) -> None:
        _status(session, e, None, expected_on=e.due_date)


def _status(session: Session, e: Any, status: str | None, **changes: Any) -> None:  # noqa: ANN401
    if status is not None:
        changes |= {"case_status": status, "closed": status in FINAL}
    session.update(REQUESTS, e.originator_id, updated_at=utc_text(e.timestamp), **changes)


def _coordinate(value: object) -> str:
    return "" if value is None else repr(float(str(value)))
