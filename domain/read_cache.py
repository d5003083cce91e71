"""Bounded read caches that a change in the log invalidates at once, across processes.

A `LogWatch` remembers how far it has looked in an application's notification log;
`changed()` reads only what was recorded since (filtered by topic where given; only
positions, originators and topics, from a recorder that can: `ChangeLog`) and
answers the originators that changed, or `None` when too much changed to tell (the
cache then forgets everything). Every process reads the same log, so a revocation
saved by one API process is seen by the next request of every other one: one small
indexed query per look instead of loading aggregates.

PostgreSQL commits events in notification order (the library locks the table while
it inserts), so no event can appear later below a position already looked past.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from threading import Lock
from typing import Generic, NamedTuple, Protocol, TypeVar, runtime_checkable
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

K = TypeVar("K")
V = TypeVar("V")
PAGE = 500
SHORT_GAP = 32  # notifications a topic watch reads whole and filters itself, in one query
RECENT_LOOKS = 256  # changes remembered for the loads under way


class Change(NamedTuple):
    """One event of the log as a watch sees it: its position, its originator, its topic."""

    id: int
    originator_id: UUID
    topic: str


@runtime_checkable
class ChangeLog(Protocol):
    """A recorder that answers a log's changes without their states (`projections.changes`)."""

    def select_changes(
        self, after: int, limit: int, stop: int | None = None, topics: Sequence[str] = ()
    ) -> Sequence[Change]:
        """The events after position `after` (up to `stop`, of `topics`), at most `limit`."""
        ...


class NotifiedChanges:
    """The changes of a recorder without `select_changes`: its notifications, states and all."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self._recorder = recorder

    def select_changes(
        self, after: int, limit: int, stop: int | None = None, topics: Sequence[str] = ()
    ) -> Sequence[Change]:
        notifications = self._recorder.select_notifications(
            start=after, limit=limit, stop=stop, topics=topics, inclusive_of_start=False
        )
        return [Change(n.id, as_uuid(n.originator_id), n.topic) for n in notifications]


def as_uuid(value: object) -> UUID:
    """An originator id as a UUID, however the store gave it (a UUID, or its text)."""
    return value if isinstance(value, UUID) else UUID(str(value))


class LogWatch:
    """The originators changed in a log since the last look."""

    def __init__(
        self, recorder: ApplicationRecorder, topics: Sequence[str] = (), page: int = PAGE
    ) -> None:
        self._recorder = recorder
        self._changes: ChangeLog = (
            recorder if isinstance(recorder, ChangeLog) else NotifiedChanges(recorder)
        )
        self._topics = list(topics)
        self._topic_set = frozenset(topics)
        self._page = page
        self._seen: int | None = None
        self._lock = Lock()

    def changed(self) -> set[UUID] | None:
        """Originators with events recorded since the last look; None: assume every one.

        No lock is held while the store answers (a store that is away fails each look
        at once, not one after another); concurrent looks may report a change twice,
        never miss one, since each reads on from where the last finished look stopped.
        """
        with self._lock:
            seen = self._seen
        if seen is None:
            self._advance(self._recorder.max_notification_id() or 0)
            return None
        if self._topics:
            return self._changed_by_topic(seen)
        page = self._changes.select_changes(seen, self._page)
        if len(page) >= self._page:
            self._advance(self._recorder.max_notification_id() or page[-1].id)
            return None
        if page:
            self._advance(page[-1].id)
        return {change.originator_id for change in page}

    def _changed_by_topic(self, seen: int) -> set[UUID] | None:
        """The originators of the watched topics since `seen`: one query for a short gap.

        A gap of fewer than `SHORT_GAP` notifications (a command's few events) is read
        whole and filtered here, and the look moves past it all; a longer one is looked
        at by topic, up to the top of the log (two queries).
        """
        short = self._changes.select_changes(seen, SHORT_GAP)
        if len(short) < SHORT_GAP:
            if short:
                self._advance(short[-1].id)
            return {c.originator_id for c in short if c.topic in self._topic_set}
        top = self._recorder.max_notification_id() or 0
        if top <= seen:
            return set()
        page = self._changes.select_changes(seen, self._page, stop=top, topics=self._topics)
        self._advance(top)
        if len(page) >= self._page:
            return None
        return {change.originator_id for change in page}

    def _advance(self, position: int) -> None:
        with self._lock:
            self._seen = max(self._seen or 0, position)


class WatchedCache(Generic[K, V]):
    """At most `size` values, each dropped when an originator it `depends` on changes.

    `get(key, load)` first looks at the log (one query), forgets what changed, then
    answers the cached value or loads, caches and answers it. A value whose
    originators were reported changed while it was loading (by another thread's
    look) may predate the change: it is answered once but not kept.
    """

    def __init__(
        self, watch: LogWatch, depends: Callable[[K, V], set[UUID]], size: int = 10_000
    ) -> None:
        self._watch = watch
        self._depends = depends
        self._size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = Lock()
        # The changes reported by the last looks, numbered, for the loads under way.
        self._looks = 0
        self._recent: deque[tuple[int, set[UUID] | None]] = deque(maxlen=RECENT_LOOKS)
        self.hits = 0
        self.loads = 0

    def refresh(self) -> None:
        """Forget the values whose originators changed since the last look."""
        changed = self._watch.changed()
        with self._lock:
            if changed is None or changed:
                self._looks += 1
                self._recent.append((self._looks, changed))
            if changed is None:
                self._values.clear()
            elif changed:
                stale = [k for k, v in self._values.items() if self._depends(k, v) & changed]
                for key in stale:
                    del self._values[key]

    def _changed_since(self, look: int, depends: set[UUID]) -> bool:
        """Whether a look after `look` reported one of `depends` changed (or could not tell)."""
        if look == self._looks:
            return False
        if not self._recent or self._recent[0][0] > look + 1:
            return True  # the looks in between are no longer remembered
        return any(changed is None or changed & depends for n, changed in self._recent if n > look)

    def get(self, key: K, load: Callable[[K], V], *, refresh: bool = True) -> V:
        """The value of `key`, from the cache when nothing it depends on changed."""
        if refresh:
            self.refresh()
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                return self._values[key]
        with self._lock:
            look = self._looks
        value = load(key)
        with self._lock:
            self.loads += 1
            if self._changed_since(look, self._depends(key, value)):
                return value
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def forget(self, key: K) -> None:
        """Drop one value (it is loaded again on its next use)."""
        with self._lock:
            self._values.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
