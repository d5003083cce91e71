"""Rebuilding a read model beside the live one: for `replay` (then swapped in) and `verify`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ops.settings import Settings
from ops.wiring import APPLICATIONS, application_env, open_view, source_of
from projections.batching import BatchProjection, Progress
from projections.catalogue import application_of
from projections.rebuilding import rebuild_all
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
    return catch_up_all(settings, [projection], [view], stop=stop, on_batch=on_batch)


def catch_up_all(
    settings: Settings,
    projections: Sequence[type[BatchProjection[Any]]],
    views: Sequence[RowStore],
    stop: int | None = None,
    on_batch: Callable[[int], object] | None = None,
) -> Progress:
    """Catch each view up on the log the projections follow (one log), in one pass over it.

    The log is read and decoded once for all the views (`projections.pipeline`).
    """
    if len({application_of(p) for p in projections}) != 1:
        raise ValueError("catch_up_all takes projections of one log")
    application_class, env = source_of(settings, projections[0])
    app = application_class(env)
    try:
        return rebuild_all(
            app,
            [p(v) for p, v in zip(projections, views, strict=True)],
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
