"""Several read models following one subscription, through the shared `Pipeline`.

`GroupRunner` extends the library's `BaseProjectionRunner`: it subscribes from the
lowest position of its views and feeds each pull to a `projections.pipeline.Pipeline`,
which decodes every notification once for all the views and gives each view its own
lane (row cache, bounded queue, handling overlapped with writing). Each view still
commits its own rows and tracking in one transaction (compare-and-set from its own
position). An error in any lane stops the runner; `run_forever()` re-raises it.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Mapping, Sequence
from threading import Event, Timer
from time import monotonic
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import InfrastructureFactory, Tracking, TrackingRecorder
from eventsourcing.projection import ApplicationSubscription, BaseProjectionRunner, Projection

from projections.batching import BatchProjection, Progress, keep_thread_error
from projections.pipeline import Pipeline
from projections.recorders import batches_of
from projections.resources import hand_back, known_rows_limit
from projections.store import RowStore

LARGE_PULL = 1000  # a pull this long means catching up: the cyclic GC is paused meanwhile
LIVE_QUEUE_DEPTH = 1  # batches waiting for a lane (a rebuild's: `pipeline.QUEUE_DEPTH`)
HAND_BACK_AFTER = 0.5  # seconds after catching up: the lanes have dropped their caches


class GroupPosition(TrackingRecorder):
    """The group's position: the lowest of its views' (None while any view is empty)."""

    def __init__(self, views: Sequence[RowStore]) -> None:
        self.views = list(views)

    def insert_tracking(self, tracking: Tracking) -> None:
        raise NotImplementedError("each view records its own tracking")

    def max_tracking_id(self, application_name: str) -> int | None:
        positions = [v.max_tracking_id(application_name) for v in self.views]
        return None if any(p is None for p in positions) else min(p or 0 for p in positions)


class ProjectionGroup(Projection[GroupPosition]):
    """The views of one runner; `pipeline()` makes the lanes that process them."""

    name = "projection_group"

    def __init__(self, members: Sequence[BatchProjection[Any]], application_name: str) -> None:
        super().__init__(GroupPosition([m.view for m in members]))
        self.members = list(members)
        self.application_name = application_name

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:  # noqa: ANN401
        raise NotImplementedError("a group processes notifications in batches")

    def pipeline(self, on_error: Any) -> Pipeline:  # noqa: ANN401  # Callable[[BaseException], None]
        """Lanes for the members, each from its view's committed position."""
        name = self.application_name
        positions = {m.name: m.view.max_tracking_id(name) for m in self.members}
        return Pipeline(
            self.members,
            name,
            positions,
            on_error,
            queue_depth=LIVE_QUEUE_DEPTH,
            known_rows=known_rows_limit(),
        )

    def close(self) -> None:
        """Nothing to release: the lanes end with the runner's processing thread."""


class GroupRunner(BaseProjectionRunner[Application[Any]]):
    """Runs `projection_classes` on one subscription to the application."""

    def __init__(
        self,
        *,
        application_class: type[Application[Any]],
        projection_classes: Sequence[type[BatchProjection[Any]]],
        view_classes: Sequence[type[RowStore]],
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.views: list[RowStore] = [
            InfrastructureFactory[RowStore]
            .construct(self._construct_env(name=p.name, env=env))
            .tracking_recorder(v)
            for p, v in zip(projection_classes, view_classes, strict=True)
        ]
        members = [p(view=v) for p, v in zip(projection_classes, self.views, strict=True)]
        self._progress = Progress(started=monotonic())
        self._pipeline: Pipeline | None = None
        self.group = ProjectionGroup(members, application_class.name)
        super().__init__(
            projection=self.group,
            application_class=application_class,
            tracking_recorder=self.group.view,
            topics=(),
            env=env,
        )

    @property
    def progress(self) -> Progress:
        """Notifications pulled and events decoded; the position: the slowest view's commit."""
        if self._pipeline is not None:
            self._progress.position = self._pipeline.position()
        return self._progress

    def close_views(self) -> None:
        self.group.close()
        for view in self.views:
            view.close()

    @staticmethod
    def _process_events_loop(  # type: ignore[override]
        subscription: ApplicationSubscription[Any],
        projection: ProjectionGroup,
        is_stopping: Event,
        runner: weakref.ReferenceType[GroupRunner],
    ) -> None:
        def failed(error: BaseException) -> None:
            alive = runner()
            if alive is not None and alive._thread_error is None:  # noqa: SLF001  # the first
                keep_thread_error(alive, error)
            is_stopping.set()

        pipeline: Pipeline | None = None
        pause = _CatchUpPause()
        try:
            pipeline = projection.pipeline(failed)
            pause.pipeline = pipeline
            alive = runner()
            if alive is not None:
                alive._pipeline = pipeline  # noqa: SLF001  # its progress reads the lanes
            del alive
            pipeline.start()
            batches = batches_of(subscription)
            while True:
                try:
                    notifications = batches.next_batch()
                except StopIteration:
                    break
                if not notifications:
                    continue
                pause.follow(len(notifications))
                events = pipeline.feed(notifications, subscription.mapper)
                _record(runner(), len(notifications), events)
        except BaseException as error:  # noqa: BLE001  # re-raised by run_forever()
            failed(pipeline.error if pipeline and pipeline.error else error)
        finally:
            pause.end()
            if pipeline is not None:
                pipeline.stop()
            is_stopping.set()


def _record(runner: GroupRunner | None, notes: int, events: int) -> None:
    """Count one pull on a runner still alive."""
    if runner is None:
        return
    progress = runner.progress
    progress.notifications += notes
    progress.events += events
    progress.batches += 1


class _CatchUpPause:
    """Pauses the cyclic GC while pulls are long (catching up), resumes it when they are short.

    The lanes' row caches hold many objects and make no cycles: collections during a
    catch-up would re-scan them for nothing. Following live events, the GC runs, and
    the lanes drop their caches: the memory of the catch-up is handed back.
    """

    def __init__(self) -> None:
        self._paused = False
        self.pipeline: Pipeline | None = None

    def follow(self, pulled: int) -> None:
        if pulled >= LARGE_PULL and not self._paused and gc.isenabled():
            gc.disable()
            self._paused = True
        elif pulled < LARGE_PULL:
            self.end()

    def end(self) -> None:
        if self._paused:
            self._paused = False
            gc.enable()
            if self.pipeline is not None:
                self.pipeline.release()
                hand = Timer(HAND_BACK_AFTER, hand_back)
                hand.daemon = True
                hand.start()
