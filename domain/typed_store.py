"""What both applications share: typed loads and saves that answer `Written`."""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Recording

from domain.errors import DuplicateError, NotFoundError
from domain.views import Written

TAggregate = TypeVar("TAggregate", bound=Aggregate)


class TypedStore(Application[UUID]):
    """An Application whose loads check the aggregate's type and whose saves map conflicts."""

    def _get(self, aggregate_id: UUID, cls: type[TAggregate], what: str) -> TAggregate:
        try:
            aggregate: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFoundError(f"no {what} {aggregate_id}") from None
        if not isinstance(aggregate, cls):
            raise NotFoundError(f"no {what} {aggregate_id}")
        return aggregate

    def _save(self, *aggregates: Aggregate) -> Written:
        """Save atomically; the first aggregate's id and version, and the last position."""
        try:
            recordings: list[Recording[UUID]] = self.save(*aggregates)
        except IntegrityError:
            raise DuplicateError("a conflicting change was saved first") from None
        first = aggregates[0]
        position = max((r.notification.id for r in recordings), default=0)
        return Written(first.id, first.version, position)
