"""The forms' counting of reception events: sessions, visits, refusals, petitions taken.

Counted at the agency that held the session, by kind of reception (docs/forms.md).
"""

from __future__ import annotations

from typing import Any

from domain.reception import ReceptionMeeting
from projections.counters import path_ids
from projections.forms.lines import Line
from projections.forms.persistence import SESSIONS, SessionState, count
from projections.rows import path_text
from projections.session import Session

HELD: type[Any] = ReceptionMeeting.Held
VISIT: type[Any] = ReceptionMeeting.VisitRecorded
REFUSED: type[Any] = ReceptionMeeting.ReceptionRefused
PETITION_TAKEN: type[Any] = ReceptionMeeting.PetitionTaken


def held(e: Any, session: Session) -> None:  # noqa: ANN401
    """A reception session held: counted, with the persons a legacy record gives."""
    path = list(e.agency_path)
    session.put(
        SESSIONS,
        SessionState(e.originator_id, e.agency_id, path_text(path), e.kind, e.legal_date),
    )
    count(session, Line.REC_SESSIONS, e.legal_date, path, kind=e.kind)
    legacy = e.legacy_citizens_received
    count(session, Line.REC_PERSONS, e.legal_date, path, kind=e.kind, n=legacy)


def visit(e: Any, session: Session) -> None:  # noqa: ANN401
    """A visit during a session: persons, matters, and delegations."""
    s = session.get(SESSIONS, e.originator_id)
    if s is None:
        return
    path, day, kind = path_ids(s.agency_path), e.legal_date, s.kind
    count(session, Line.REC_VISITS, day, path, kind=kind, field=e.field)
    count(session, Line.REC_PERSONS, day, path, kind=kind, n=e.persons)
    count(session, Line.REC_MATTERS, day, path, kind=kind, detail=e.matter)
    if e.delegation:
        count(session, Line.REC_DELEGATIONS, day, path, kind=kind)
        count(session, Line.REC_DELEGATION_PERSONS, day, path, kind=kind, n=e.persons)


def refused(e: Any, session: Session) -> None:  # noqa: ANN401
    """A refusal to receive: counted with its persons."""
    s = session.get(SESSIONS, e.originator_id)
    if s is not None:
        path, day = path_ids(s.agency_path), e.legal_date
        count(session, Line.REC_REFUSALS, day, path, kind=s.kind)
        count(session, Line.REC_REFUSED_PERSONS, day, path, kind=s.kind, n=e.persons)


def petition_taken(e: Any, session: Session) -> None:  # noqa: ANN401
    """A petition taken at a session: counted on the session's day."""
    s = session.get(SESSIONS, e.originator_id)
    if s is not None:
        count(session, Line.REC_PETITIONS, s.held_on, path_ids(s.agency_path), kind=s.kind)
