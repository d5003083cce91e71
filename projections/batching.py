"""Batched projections: a batch of events handled against a `Session` of rows.

`BatchProjection` handles a batch of events against a `Session` of rows, returning
the rows changed; `projections.pipeline` is the one path that feeds it (live
catch-up through `projections.group.GroupRunner`, rebuild and replay through
`rebuild_all`, or `rebuild` for one view). The recorders and subscriptions that hand
out the batches are in `projections.recorders`.
"""

from __future__ import annotations

import inspect
from abc import abstractmethod
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from time import monotonic
from traceback import format_exc
from typing import Any, ClassVar, Protocol, TypeVar
from warnings import warn

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    Mapper,
    Notification,
    Tracking,
)
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic

from projections.counters import Counters, Key
from projections.rows import Table
from projections.session import Changes, Session
from projections.store import RowStore

TView = TypeVar("TView", bound=RowStore)


def decode_at(mapper: Mapper[Any], notification: Notification) -> Any:  # noqa: ANN401
    """The notification's domain event, remembering its log position (see `log_position`)."""
    event = mapper.to_domain_event(notification)
    object.__setattr__(event, "_log_position", notification.id)
    return event


def log_position(event: object) -> int:
    """The notification id an event was decoded from (0 when it was not decoded from the log)."""
    position: int = getattr(event, "_log_position", 0)
    return position


class BatchProjection(Projection[TView]):
    """A projection whose events are applied a batch at a time to a `RowStore` view.

    Subclasses register one `handle` method per event class they need; the
    catch-all ignores the event, so the batch's tracking still records it.
    `interests` names the event classes to decode; other notifications are
    skipped undecoded but still advance the position, so read-your-writes waits
    on any notification id complete.
    """

    interests: ClassVar[tuple[type, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._interest_topics = frozenset(get_topic(c) for c in cls.interests)

    _interest_topics: ClassVar[frozenset[str]] = frozenset()

    def process_event(self, domain_event: DomainEventProtocol[Any], tracking: Tracking) -> None:
        """The library's per-event entry point: a batch of one, through `handle_events`."""
        object.__setattr__(domain_event, "_log_position", tracking.notification_id)
        after = self.view.max_tracking_id(tracking.application_name)
        self.view.write(self.handle_events([domain_event]), tracking, after)

    def decode(self, notifications: Sequence[Notification], mapper: Mapper[Any]) -> list[Any]:
        """The domain events of the notifications this projection is interested in."""
        wanted = self._interest_topics
        return [decode_at(mapper, n) for n in notifications if n.topic in wanted]

    def handle_events(
        self, events: Sequence[Any], base: Changes | None = None, complete: bool = False
    ) -> Changes:
        """Handle decoded events, returning the rows they change (not yet written)."""
        session = Session(self.view, base, complete)
        session.prefetch(e.originator_id for e in events)
        handler = self._handler
        counted = self.counted
        for event in events:
            session.position = log_position(event)
            session.recorded_at = getattr(event, "timestamp", None)
            if counted is None:
                handler(type(event))(self, event, session)
            else:
                self._counting(counted, event, session)
        return session.changes()

    def _counting(self, counted: Table[Any], event: Any, session: Session) -> None:  # noqa: ANN401
        """Handle `event`, adding the change of its row's contributions to the counters."""
        old = session.get(counted, event.originator_id)
        before = self.contributions(old) if old is not None else Counter()
        self._handler(type(event))(self, event, session)
        new = session.get(counted, event.originator_id)
        after = self.contributions(new) if new is not None else Counter()
        if before != after:
            self.counters().change(session, before, after)

    # Views whose figures are pre-aggregated name the table whose rows contribute to the
    # counters (one row per originator), and say what each row contributes.
    counted: ClassVar[Table[Any] | None] = None

    def contributions(self, row: Any) -> Counter[Key]:  # noqa: ANN401
        """What one row of `counted` adds to the counters."""
        raise NotImplementedError

    def counters(self) -> Counters:
        raise NotImplementedError

    @classmethod
    def interest_topics(cls) -> frozenset[str]:
        return cls._interest_topics

    def _handler(self, cls: type) -> Callable[[Any, Any, Session], None]:
        handlers: dict[type, Any] | None = self.__dict__.get("_handlers")
        if handlers is None:
            handlers = self.__dict__["_handlers"] = {}
        handler = handlers.get(cls)
        if handler is None:
            descriptor: Any = inspect.getattr_static(type(self), "handle")
            descriptor.__get__(self, type(self))  # completes deferred registrations
            handler = handlers[cls] = descriptor.dispatcher.dispatch(cls)
        return handler  # type: ignore[no-any-return]

    @abstractmethod
    def handle(self, event: object, session: Session) -> None:
        """Apply one event to the session's rows (a `singledispatchmethod` in subclasses)."""

    @classmethod
    @abstractmethod
    def view_classes(cls) -> dict[str, type[TView]]:
        """The view class for each persistence module."""


@dataclass
class Progress:
    notifications: int = 0
    events: int = 0
    batches: int = 0
    position: int | None = None
    started: float = 0.0

    def rate(self) -> float:
        elapsed = monotonic() - self.started
        return self.notifications / elapsed if elapsed > 0 else 0.0


class HasProgress(Protocol):
    @property
    def progress(self) -> Progress: ...

    _thread_error: BaseException | None


def keep_thread_error(runner: HasProgress | None, error: BaseException) -> None:
    """Hand a processing thread's error to its runner, whose `run_forever()` re-raises it."""
    if runner is not None:
        runner._thread_error = error  # noqa: SLF001
    else:
        warn(f"runner deleted before its error was kept:\n{format_exc()}", stacklevel=2)


def rebuild(
    app: Application[Any],
    projection: BatchProjection[Any],
    *,
    stop: int | None = None,
    batch_size: int = 1000,
    on_batch: Callable[[int], object] | None = None,
) -> Progress:
    """Catch `projection`'s view up from its position to `stop` (or the end), in batches.

    The one-view use of the shared path (`projections.rebuilding.rebuild_all`): each
    batch is one transaction holding the rows it changed and the tracking of its last
    notification.
    """
    from projections.rebuilding import rebuild_all  # noqa: PLC0415  # it builds on this module

    return rebuild_all(app, [projection], stop=stop, batch_size=batch_size, on_batch=on_batch)
