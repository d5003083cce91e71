"""Several read models following one subscription: notifications are read and decoded once.

`GroupRunner` extends the library's `BaseProjectionRunner`: it subscribes from the
lowest position of its views, and for each pull hands every view the part it has
not yet processed, decoded once for all of them. Each view still commits its own
rows and tracking in its own transaction (compare-and-set from its own position).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from threading import Event
from time import monotonic
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import (
    InfrastructureFactory,
    Mapper,
    Notification,
    Tracking,
    TrackingRecorder,
)
from eventsourcing.projection import ApplicationSubscription, BaseProjectionRunner, Projection

from projections.batching import (
    BatchProjection,
    Progress,
    batches_of,
    decode_at,
    keep_thread_error,
    record_progress,
)
from projections.store import RowStore


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
    name = "projection_group"

    def __init__(self, members: Sequence[BatchProjection[Any]], application_name: str) -> None:
        super().__init__(GroupPosition([m.view for m in members]))
        self.members = list(members)
        self.positions = {m.name: m.view.max_tracking_id(application_name) for m in members}
        self._executor: ThreadPoolExecutor | None = None

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:  # noqa: ANN401
        raise NotImplementedError("a group processes notifications in batches")

    def process_notifications(
        self, notifications: Sequence[Notification], mapper: Mapper[Any], application_name: str
    ) -> int:
        """Give each view the notifications after its position; returns events handled.

        Notifications are decoded once; the views then handle and commit in parallel
        (their transactions wait on the database, not on each other), and the next
        batch starts when every view has committed this one.
        """
        last = notifications[-1].id
        wanted = frozenset().union(*(m.interest_topics() for m in self.members))
        decoded = {n.id: decode_at(mapper, n) for n in notifications if n.topic in wanted}
        due = [m for m in self.members if _behind(self.positions[m.name], last)]
        tracking = Tracking(application_name, last)
        futures = [
            self._pool().submit(self._apply, m, notifications, decoded, tracking) for m in due
        ]
        handled = sum(f.result() for f in futures)
        for member in due:
            self.positions[member.name] = last
        return handled

    def _apply(
        self,
        member: BatchProjection[Any],
        notifications: Sequence[Notification],
        decoded: dict[int, Any],
        tracking: Tracking,
    ) -> int:
        position = self.positions[member.name]
        wanted = member.interest_topics()
        if getattr(member, "raw", False):  # the integrity log hashes notifications as stored
            events: list[Any] = [n for n in notifications if position is None or n.id > position]
        else:
            events = [
                decoded[n.id]
                for n in notifications
                if (position is None or n.id > position) and n.topic in wanted
            ]
        member.view.write(member.handle_events(events), tracking, position)
        return len(events)

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(len(self.members), "view-writer")
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()


def _behind(position: int | None, last: int) -> bool:
    return position is None or position < last


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
        self.progress = Progress(started=monotonic())
        self.group = ProjectionGroup(members, application_class.name)
        super().__init__(
            projection=self.group,
            application_class=application_class,
            tracking_recorder=self.group.view,
            topics=(),
            env=env,
        )

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
        try:
            batches = batches_of(subscription)
            while True:
                try:
                    notifications = batches.next_batch()
                except StopIteration:
                    break
                if not notifications:
                    continue
                events = projection.process_notifications(
                    notifications, subscription.mapper, subscription.name
                )
                record_progress(runner(), len(notifications), events, notifications[-1].id)
        except BaseException as error:  # noqa: BLE001  # re-raised by run_forever()
            keep_thread_error(runner(), error)
        finally:
            is_stopping.set()
