"""One aggregate's stored events against the integrity log, for the history endpoints."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import Application

from domain.errors import BrokenHistoryError
from projections.integrity.merkle import event_leaf
from projections.integrity.persistence import IntegrityView


def check_aggregate(app: Application[UUID], log: IntegrityView, aggregate_id: UUID) -> None:
    """Raise `BrokenHistoryError` naming the first logged event now missing or different."""
    stored = {e.originator_version: e for e in app.recorder.select_events(aggregate_id)}
    for leaf in log.leaves_of(aggregate_id):
        event = stored.get(leaf.originator_version)
        where = f"version {leaf.originator_version} (notification {leaf.notification_id})"
        if event is None:
            raise BrokenHistoryError(
                f"the stored history of {aggregate_id} is broken: {where} is no longer stored"
            )
        leaf_now = event_leaf(aggregate_id, event.originator_version, event.topic, event.state)
        if leaf_now.hex() != leaf.leaf:
            raise BrokenHistoryError(
                f"the stored history of {aggregate_id} is broken: {where} differs "
                "from the integrity log"
            )
