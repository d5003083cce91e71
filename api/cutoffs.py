"""The two cut-offs every report, list and case view answers for, and strict query strings.

`as_of` is the **legal** cut-off: what had legally happened by that day (legal
dates). `known_at` is the **knowledge** cut-off: what the service had recorded by
then, a log position (an integer: a command's `position`, an issued report's
`position`) or a recorded time (ISO 8601; UTC when it names no offset).

`reject_unknown_query` answers 422 for a query parameter the endpoint does not
declare, instead of silently ignoring it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from api.deps import StoresDep, field_error
from api.problems import ApiProblemError, shutting_down
from api.schemas import EARLIEST, IsoDate
from api.stores import Stores
from api.view_waits import WAIT_SECONDS
from ops.wiring import Views

POSITION = re.compile(r"^[0-9]{1,19}$")
KNOWN_AT = r"^[0-9T:.+\-Z ]{1,40}$"


@dataclass(frozen=True)
class Cutoff:
    """A legal cut-off (None: the period's end or today) and a knowledge cut-off."""

    as_of: date | None = None
    known_at: int | datetime | None = None

    @property
    def position(self) -> int | None:
        return self.known_at if isinstance(self.known_at, int) else None


def parse_known_at(text: str) -> int | datetime:
    """A log position or a recorded time; 422 otherwise."""
    if POSITION.match(text):
        return int(text)
    try:
        moment = datetime.fromisoformat(text.replace(" ", "+"))  # "+" arrives as a space
        if moment.tzinfo is not None:
            moment.astimezone(UTC)  # read in UTC: 9999-12-31T23:00-05:00 is past year 9999
    except (ValueError, OverflowError):
        raise field_error("known_at", "a log position or an ISO 8601 time", "query") from None
    return moment


def cutoff_of(
    stores: StoresDep,
    as_of: Annotated[
        IsoDate | None,
        Query(
            ge=EARLIEST,
            description="Legal cut-off YYYY-MM-DD (from 2000-01-01, the earliest legal date): "
            "facts legally dated after it are left out",
        ),
    ] = None,
    known_at: Annotated[
        str | None,
        Query(
            max_length=40,
            pattern=KNOWN_AT,
            description="Knowledge cut-off: a log position, or a recorded time (ISO 8601)",
        ),
    ] = None,
) -> Cutoff:
    """The cut-offs the query names (422 for a legal cut-off after today).

    A recorded time is turned into the log position it names (`position_by`), so
    every read model, whatever it counts, answers for the same events.
    """
    if as_of is not None and as_of > stores.petitions.today():
        raise field_error("as_of", "a legal cut-off cannot be after today", "query")
    known = None if known_at is None else parse_known_at(known_at)
    if isinstance(known, datetime):
        known = position_by(stores, known)
    return Cutoff(as_of, known)


def position_by(stores: Stores, moment: datetime) -> int:
    """The last log position recorded at or before `moment` (UTC when naive; 0: none).

    A binary search over the log's notifications by their recorded time (a log is
    written in time order), decoding one event a step.
    """
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    low, high = 0, stores.petitions.recorder.max_notification_id() or 0
    while low < high:
        middle = (low + high + 1) // 2
        found = _first_from(stores, middle)
        if found is None or found[1] > moment:
            high = middle - 1
        else:
            low = found[0]
    return low


def _first_from(stores: Stores, position: int) -> tuple[int, datetime] | None:
    """The first notification at or after `position`: its position and recorded time."""
    app = stores.petitions
    notifications = app.recorder.select_notifications(start=position, limit=1)
    if not notifications:
        return None
    stamp = getattr(app.mapper.to_domain_event(notifications[0]), "timestamp", None)
    if not isinstance(stamp, datetime):
        raise TypeError(f"the event at position {notifications[0].id} has no recorded time")
    return notifications[0].id, stamp


CutoffDep = Annotated[Cutoff, Depends(cutoff_of)]


def caught_up(stores: Stores, views: Views, cutoff: Cutoff, wait: float = WAIT_SECONDS) -> None:
    """Wait until the views include the knowledge cut-off's position.

    422 for a position past the log's end; 503 with Retry-After if the views do
    not get there soon.
    """
    position = cutoff.position
    if position is None:
        return
    if position > (stores.petitions.recorder.max_notification_id() or 0):
        raise field_error("known_at", "a position the log has not reached", "query")
    if not views.wait_for(position, wait, stores.stopping):
        if stores.stopping.is_set():
            raise shutting_down()
        raise ApiProblemError(
            503,
            "views-behind",
            f"the read models have not reached position {position} yet",
            {"Retry-After": "1"},
        )


def known_position(views: Views, cutoff: Cutoff) -> int | None:
    """The knowledge cut-off as a log position (a recorded time: the last position by then)."""
    known = cutoff.known_at
    if isinstance(known, datetime):
        return views.statistics.knowledge(known).position
    return known


DECLARED = "petitions_declared_query"  # the attribute a route keeps its answer in


def declared_query(route: APIRoute) -> frozenset[str]:
    """The query parameters an endpoint (with its dependencies) declares.

    Kept on the route object itself: a cache keyed by `id(route)` gave a route built
    where a freed one had been (several apps in one process) the old route's answer.
    """
    cached: frozenset[str] | None = getattr(route, DECLARED, None)
    if cached is None:
        names: set[str] = set()
        pending = [route.dependant]
        while pending:
            dependant = pending.pop()
            names.update(p.alias for p in dependant.query_params)
            pending.extend(dependant.dependencies)
        cached = frozenset(names)
        setattr(route, DECLARED, cached)
    return cached


def reject_unknown_query(request: Request) -> None:
    """422 naming each query parameter the endpoint does not take."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = declared_query(route)
    unknown = sorted({k for k in request.query_params if k not in known})
    if unknown:
        raise RequestValidationError(
            [
                {"loc": ("query", name), "msg": "unknown query parameter", "type": "value_error"}
                for name in unknown
            ]
        )


StrictQuery = Depends(reject_unknown_query)
