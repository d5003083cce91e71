"""Rebuilding a read model beside the live one: for `replay` (then swapped in) and `verify`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain.application import Petitions
from ops.settings import Settings
from ops.wiring import open_view
from projections.batching import BatchProjection, Progress, rebuild
from projections.store import RowStore


@dataclass
class Copy:
    """A view rebuilt under another name, and how the rebuild went."""

    view: RowStore
    progress: Progress


def fresh_copy(settings: Settings, projection: type[BatchProjection[Any]], name: str) -> RowStore:
    """An empty copy of `projection`'s view named `name` (left-overs of a crash dropped)."""
    stale = open_view(settings, projection, name)
    stale.drop_view()
    stale.close()
    return open_view(settings, projection, name)


def catch_up(
    settings: Settings,
    projection: type[BatchProjection[Any]],
    view: RowStore,
    stop: int | None = None,
    on_batch: Callable[[int], object] | None = None,
) -> Progress:
    """Process events into `view` from its position up to `stop`, in batches."""
    app = Petitions(settings.eventsourcing_env())
    try:
        return rebuild(
            app,
            projection(view),
            stop=stop,
            batch_size=settings.projection_batch_size,
            on_batch=on_batch,
        )
    finally:
        app.close()


def head(settings: Settings) -> int:
    """The last notification id in the event store (0 when empty)."""
    app = Petitions(settings.eventsourcing_env())
    try:
        return app.recorder.max_notification_id() or 0
    finally:
        app.close()
