"""Every read model by name, in the order runners start them."""

from __future__ import annotations

from typing import Any

from projections.agencies.projection import AgenciesProjection
from projections.batching import BatchProjection
from projections.case_index.projection import CaseIndexProjection
from projections.deadlines.projection import DeadlinesProjection
from projections.escalations.projection import EscalationsProjection
from projections.open311.projection import Open311Projection
from projections.reception.projection import ReceptionProjection
from projections.statistics.projection import StatisticsProjection

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
    )
}


def projection_named(name: str) -> type[BatchProjection[Any]]:
    try:
        return PROJECTIONS[name]
    except KeyError:
        known = ", ".join(PROJECTIONS)
        raise UnknownProjectionError(f"no read model {name!r}; known: {known}") from None


class UnknownProjectionError(LookupError):
    """No read model has that name."""
