"""Rebuilding a read model beside the live one: for `replay` (then swapped in) and `verify`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ops.settings import Settings
from ops.wiring import APPLICATIONS, application_env, open_view, source_of
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
    """Process events of the log `projection` follows into `view`, from its position to `stop`."""
    application_class, env = source_of(settings, projection)
    app = application_class(env)
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


def head(settings: Settings, application: str = "petitions") -> int:
    """The last notification id of the application's log (0 when empty)."""
    app = APPLICATIONS[application](application_env(settings, application))
    try:
        return app.recorder.max_notification_id() or 0
    finally:
        app.close()
