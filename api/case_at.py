"""One case as it stood at a legal and a knowledge cut-off (`GET /cases/{id}?as_of=&known_at=`).

The case is rebuilt from its own events up to the last one inside both cut-offs (a
case's acts are in legal order: each is refused if dated before the previous one),
and judged on the legal cut-off day: its holder, officer, links and every dated
duty (done or not, overdue or not) are those of that day. Its status, due dates,
settlement and overdue flag come from the case's timeline in the statistics read
model, which the figures count from, so the case view and the figures agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol
from uuid import UUID

from api.cutoffs import Cutoff
from api.schemas import CasePublic
from api.stores import Stores
from domain.errors import NotFoundError
from ops.wiring import Views


class Dated(Protocol):
    """An event of a case as its history lists it."""

    @property
    def version(self) -> int: ...
    @property
    def legal_date(self) -> date: ...
    @property
    def recorded_at(self) -> datetime: ...


def known(stores: Stores, case_id: UUID, entry: Dated, cutoff: Cutoff) -> bool:
    """Whether the event `entry` is inside both cut-offs."""
    if cutoff.as_of is not None and entry.legal_date > cutoff.as_of:
        return False
    moment = cutoff.known_at
    if isinstance(moment, datetime):
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return entry.recorded_at <= moment
    if moment is not None:
        lookup = getattr(stores.petitions.recorder, "position_of", None)
        position = lookup(case_id, entry.version) if lookup is not None else None
        return isinstance(position, int) and position <= moment
    return True


def version_at(stores: Stores, case_id: UUID, cutoff: Cutoff) -> int:
    """The case's last version inside both cut-offs (0: not received by then)."""
    version = 0
    for entry in stores.petitions.case_history(case_id):
        if not known(stores, case_id, entry, cutoff):
            break
        version = entry.version
    return version


def case_at(stores: Stores, views: Views, case_id: UUID, cutoff: Cutoff) -> CasePublic:
    """The case view at the cut-offs, judged on the legal cut-off day (default: today)."""
    on = cutoff.as_of or stores.petitions.today()
    version = version_at(stores, case_id, cutoff)
    state = views.statistics.case_at(case_id, on, cutoff.known_at)
    if version == 0 or state is None or state.received_on is None:
        raise NotFoundError(f"no case {case_id} as of {on}")
    then = stores.petitions.case_details(case_id, on, version)
    return CasePublic.model_validate(then, from_attributes=True).model_copy(
        update={
            "status": state.status,
            "kind": state.kind or None,
            "handling_due_date": state.handling_due,
            "accepted_on": state.accepted_on,
            "due_date": state.due,
            "overdue": state.overdue(on),
            "outcome": state.outcome,
            "concluded_on": state.concluded_on,
        }
    )
