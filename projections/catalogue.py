"""Every read model by name, in the order runners start them, by the log each one follows.

`PROJECTIONS` follow the petitions log (and `Views.wait_for` waits on all of them);
`ACCOUNT_PROJECTIONS` follow the accounts log, whose positions are another sequence;
`INTEGRITY_PROJECTIONS` hash every store's log, one per store (`projections.integrity`).
"""

from __future__ import annotations

from typing import Any

from projections.agencies.projection import AgenciesProjection
from projections.batching import BatchProjection
from projections.case_index.projection import CaseIndexProjection
from projections.deadlines.projection import DeadlinesProjection
from projections.escalations.projection import EscalationsProjection
from projections.forms.projection import FormsProjection
from projections.integrity.projection import IntegrityProjection, integrity_projection
from projections.open311.projection import Open311Projection
from projections.reception.projection import ReceptionProjection
from projections.statistics.projection import StatisticsProjection
from projections.users.projection import UsersProjection

PROJECTIONS: dict[str, type[BatchProjection[Any]]] = {
    p.name: p
    for p in (
        StatisticsProjection,
        EscalationsProjection,
        DeadlinesProjection,
        ReceptionProjection,
        CaseIndexProjection,
        AgenciesProjection,
        Open311Projection,
        FormsProjection,
    )
}

ACCOUNT_PROJECTIONS: dict[str, type[BatchProjection[Any]]] = {UsersProjection.name: UsersProjection}
# Every store the service keeps; the integrity log follows each of them.
STORES = ("petitions", "accounts", "audit")
INTEGRITY_PROJECTIONS: dict[str, type[IntegrityProjection]] = {
    store: integrity_projection(store) for store in STORES
}
ALL_PROJECTIONS: dict[str, type[BatchProjection[Any]]] = {
    **PROJECTIONS,
    **ACCOUNT_PROJECTIONS,
    **{p.name: p for p in INTEGRITY_PROJECTIONS.values()},
}


def application_of(projection: type[BatchProjection[Any]]) -> str:
    """The name of the application whose log `projection` follows."""
    if issubclass(projection, IntegrityProjection):
        return projection.application
    return "accounts" if projection.name in ACCOUNT_PROJECTIONS else "petitions"


def projection_named(name: str) -> type[BatchProjection[Any]]:
    try:
        return ALL_PROJECTIONS[name]
    except KeyError:
        known = ", ".join(ALL_PROJECTIONS)
        raise UnknownProjectionError(f"no read model {name!r}; known: {known}") from None


class UnknownProjectionError(LookupError):
    """No read model has that name."""
