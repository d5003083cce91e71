"""Composition of the read models: their views, opened on the store the Settings name."""

from __future__ import annotations

from dataclasses import dataclass
from time import monotonic
from typing import Any

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from ops.settings import Settings
from projections.agencies.persistence import AgenciesView
from projections.batching import BatchProjection
from projections.case_index.persistence import CaseIndexView
from projections.catalogue import PROJECTIONS
from projections.deadlines.persistence import DeadlinesView
from projections.escalations.persistence import EscalationsView
from projections.open311.persistence import Open311View
from projections.reception.persistence import ReceptionView
from projections.statistics.persistence import StatisticsView
from projections.store import BOARD, RowStore

APPLICATION = "petitions"


def store_name(settings: Settings) -> str:
    return "postgres" if settings.uses_postgres else "sqlite"


def view_class(settings: Settings, projection: type[BatchProjection[Any]]) -> type[RowStore]:
    return projection.view_classes()[store_name(settings)]


def open_view(
    settings: Settings, projection: type[BatchProjection[Any]], name: str | None = None
) -> RowStore:
    """Open (creating its tables if needed) the view of `projection`.

    With `name`, a separate copy of the view under that name (for replay and verify),
    built without secondary indexes until it is swapped in.
    """
    cls = view_class(settings, projection)
    if name is not None:
        cls = type(cls.__name__, (cls,), {"name": name, "with_indexes": False})
    env = Environment(name or projection.name, settings.eventsourcing_env())
    factory = InfrastructureFactory[RowStore].construct(env)
    return factory.tracking_recorder(cls)


@dataclass(frozen=True)
class Views:
    """The read models the API queries; each attribute is a view contract."""

    statistics: StatisticsView
    escalations: EscalationsView
    deadlines: DeadlinesView
    reception: ReceptionView
    case_index: CaseIndexView
    agencies: AgenciesView
    open311: Open311View

    def all(self) -> tuple[RowStore, ...]:
        return (
            self.statistics,
            self.escalations,
            self.deadlines,
            self.reception,
            self.case_index,
            self.agencies,
            self.open311,
        )

    def close(self) -> None:
        """Release every view's connections."""
        for view in self.all():
            view.close()

    def wait_for(self, position: int, timeout: float) -> bool:
        """True once every view has processed up to `position` (a `Written.position`).

        Wakes as soon as an in-process runner commits; otherwise polls the views'
        tracking rows every 5 ms. False if `timeout` seconds pass first.
        """
        deadline = monotonic() + timeout
        pending = list(self.all())
        while pending:
            pending = [v for v in pending if not v.has_reached(APPLICATION, position)]
            remaining = deadline - monotonic()
            if not pending:
                break
            if remaining <= 0:
                return False
            BOARD.wait(min(remaining, 0.005))
        return True


def open_views(settings: Settings) -> Views:
    """Open every read model's view on the configured store."""
    views: dict[str, Any] = {name: open_view(settings, p) for name, p in PROJECTIONS.items()}
    return Views(**views)
