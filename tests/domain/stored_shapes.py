"""Old stored shapes of events, written as an earlier build of the service wrote them."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import StoredEvent

from domain.application import Petitions


def as_stored_before(
    app: Petitions, event: DomainEventProtocol[Any], drop: tuple[str, ...], **old: Any
) -> StoredEvent:
    """`event` stored without the fields `drop` and its class_version (version 1), plus `old`."""
    stored = app.mapper.to_stored_event(event)
    state = app.mapper.transcoder.decode(stored.state)
    for name in (*drop, "class_version"):
        state.pop(name, None)
    state.update(old)
    return StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=app.mapper.transcoder.encode(state),
    )


def reloaded(app: Petitions, stored: StoredEvent) -> Any:
    """Decode a stored event as the current build reads it."""
    return app.mapper.to_domain_event(stored)


def snapshot_stored_before(
    app: Petitions, snapshot: DomainEventProtocol[Any], drop: tuple[str, ...]
) -> StoredEvent:
    """A snapshot whose aggregate state lacks `drop` and the aggregate's class_version."""
    stored = app.mapper.to_stored_event(snapshot)
    outer = app.mapper.transcoder.decode(stored.state)
    for name in (*drop, "class_version"):
        outer["state"].pop(name, None)
    return StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=app.mapper.transcoder.encode(outer),
    )
