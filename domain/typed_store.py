"""What both applications share: typed loads, and saves that record the command exactly once.

A save made while a command is being served (see `domain.idempotency`) carries the
command's `IdempotencyRecord`, last, in the same atomic save. When a save is refused
by a unique constraint, what is stored decides what happened: the record with this
command's fingerprint means the write already went through (an acknowledgement lost
and the insert retried, or a concurrent request with the same key), and its result
is answered; no record means a real conflict.
"""

from __future__ import annotations

from itertools import chain
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProjectorFunction,
    Repository,
)
from eventsourcing.domain import Aggregate, OriginatorVersionError
from eventsourcing.persistence import EventStore, IntegrityError, Recording
from eventsourcing.utils import get_topic, resolve_topic

from domain.errors import BrokenHistoryError, DuplicateError, NotFoundError
from domain.idempotency import Command, IdempotencyRecord, KeyReusedError, current_command
from domain.snapshots import unsealable
from domain.views import Written

TAggregate = TypeVar("TAggregate", bound=Aggregate)
LEGACY_LOOKBACK = 8  # notifications a v1 record's save can hold before the record
RECORD_TOPIC = get_topic(IdempotencyRecord.Recorded)
# A load that replays more events than this past the last snapshot takes one, so any
# history loads from a snapshot and at most this many events (plus one command's).
SNAPSHOT_TAIL = 8
# The snapshot store, which seals snapshots and trusts only those whose MAC checks
# (`domain.snapshots`); named by topic so the domain does not import the key handling.
SNAPSHOT_STORE_TOPIC = "vault.snapshots:open_snapshot_store"


class TailSnapshotRepository(Repository[UUID]):
    """The library's repository, snapshotting on load when the tail past a snapshot is long.

    Snapshots taken at save time every `snapshotting_intervals` events leave up to
    an interval of events to replay; here a load of the current version that replayed
    more than `tail` events saves a snapshot of what it built, so the next load
    replays at most `tail`. Only aggregate types the application snapshots are taken.
    A snapshot saved first by a concurrent load is fine (the same state).
    """

    def __init__(self, *args: Any, snapshotted: frozenset[type], tail: int, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        self.snapshotted = snapshotted
        self.tail = tail
        self.taken = 0

    def _reconstruct_aggregate(
        self,
        aggregate_id: UUID,
        version: int | None,
        projector_func: ProjectorFunction[Any, Any],
    ) -> Any:  # noqa: ANN401  # the library's signature
        if self.snapshot_store is None or version is not None:
            return super()._reconstruct_aggregate(aggregate_id, version, projector_func)
        snapshots = list(self.snapshot_store.get(originator_id=aggregate_id, desc=True, limit=1))
        after = snapshots[0].originator_version if snapshots else None
        events = list(self.event_store.get(originator_id=aggregate_id, gt=after))
        aggregate = projector_func(None, chain(snapshots, events))
        if aggregate is None:
            raise AggregateNotFoundError(f"Aggregate {aggregate_id!r} not found.")
        if len(events) > self.tail and type(aggregate) in self.snapshotted:
            self._snapshot(aggregate)
        return aggregate

    def _snapshot(self, aggregate: Aggregate) -> None:
        snapshot_class = getattr(type(aggregate), "Snapshot", None)
        if snapshot_class is None or self.snapshot_store is None:
            return
        try:
            self.snapshot_store.put([snapshot_class.take(aggregate)])
        except IntegrityError:
            return  # taken first by a concurrent load
        # (Any other failure is the store's: the command would fail too, so it fails now.)
        self.taken += 1


class CheckedRepository(TailSnapshotRepository):
    """The repository above; a stored history with a gap is a `BrokenHistoryError`.

    A history missing a middle event fails the library's version check, one missing
    its first event fails its creation check (an assertion, or under `python -O` an
    attribute or type error); when the stored versions do have a gap, it is answered
    naming the aggregate and the missing version instead of escaping as an internal
    error, and any other failure is raised as it was.
    """

    def get(self, aggregate_id: UUID, **kwargs: Any) -> Any:  # noqa: ANN401  # the library's
        try:
            return super().get(aggregate_id, **kwargs)
        except (OriginatorVersionError, AssertionError, AttributeError, TypeError) as error:
            versions = [
                e.originator_version for e in self.event_store.recorder.select_events(aggregate_id)
            ]
            expected = 1
            for version in versions:
                if version != expected:
                    break
                expected += 1
            else:
                raise
            after = f"version {expected - 1}" if expected > 1 else "nothing"
            raise BrokenHistoryError(
                f"the stored history of {aggregate_id} has a gap: version {expected} is "
                f"missing (version {version} follows {after})"
            ) from error


class TypedStore(Application[UUID]):
    """An Application whose loads check the aggregate's type and whose saves map conflicts."""

    # Topics of aggregates a save adds beside the command's target (a v1 record's save
    # is read back over them to find the target).
    companion_topics: ClassVar[frozenset[str]] = frozenset()

    def construct_snapshot_store(self) -> EventStore[UUID]:
        """The store of sealed snapshots the environment names (`SNAPSHOT_STORE_TOPIC`).

        Refuses to start when a snapshotted aggregate's snapshots could not be sealed.
        """
        cannot = unsealable(self.snapshotting_intervals or ())
        if cannot:
            raise TypeError(f"snapshots of {', '.join(cannot)} cannot be sealed")
        opener = resolve_topic(self.env.get("SNAPSHOT_STORE_TOPIC", SNAPSHOT_STORE_TOPIC))
        store: EventStore[UUID] = opener(
            self.mapper, self.factory.aggregate_recorder(purpose="snapshots"), self.env
        )
        return store

    def construct_repository(self) -> Repository[UUID]:
        """The library's repository with checked loads, snapshotting long tails on load."""
        return CheckedRepository(
            event_store=self.events,
            snapshot_store=self.snapshots,
            snapshotted=frozenset(self.snapshotting_intervals or ()),
            tail=int(self.env.get("SNAPSHOT_TAIL", str(SNAPSHOT_TAIL))),
        )

    def _get(
        self, aggregate_id: UUID, cls: type[TAggregate], what: str, version: int | None = None
    ) -> TAggregate:
        """The aggregate as of its event `version` (default: its last); 404 for another type."""
        try:
            aggregate: object = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise NotFoundError(f"no {what} {aggregate_id}") from None
        if not isinstance(aggregate, cls):
            raise NotFoundError(f"no {what} {aggregate_id}")
        return aggregate

    def _save(self, *aggregates: Aggregate) -> Written:
        """Save atomically; the first aggregate's id and version, and the last position."""
        command = current_command()
        recorded = command is not None and command.records_in(self)
        extra = (command.record(aggregates[0]),) if command is not None and recorded else ()
        try:
            recordings: list[Recording[UUID]] = self.save(*aggregates, *extra)
        except IntegrityError:
            done = self.written_by(command) if command is not None and recorded else None
            if done is None:
                raise DuplicateError("a conflicting change was saved first") from None
            command.replayed = True  # type: ignore[union-attr]
            return done
        first = aggregates[0]
        position = max((r.notification.id for r in recordings), default=0)
        code = getattr(first, "reference_code", None)
        return Written(first.id, first.version, position, code if isinstance(code, str) else None)

    # ----- recorded commands --------------------------------------------------------------

    def command_record(self, record_id: UUID) -> IdempotencyRecord | None:
        """The record of a command served under a key, if that command was saved."""
        try:
            record: object = self.repository.get(record_id)
        except AggregateNotFoundError:
            return None
        return record if isinstance(record, IdempotencyRecord) else None

    def written_by(self, command: Command) -> Written | None:
        """The stored result of `command` (None when it was never saved).

        Raises `KeyReusedError` when its key was saved with another request.
        """
        record = self.command_record(command.record_id)
        if record is None:
            return None
        if record.fingerprint != command.fingerprint:
            raise KeyReusedError("the Idempotency-Key was used for another request")
        return self.result_of(record)

    def result_of(self, record: IdempotencyRecord) -> Written | None:
        """The command's answer rebuilt from the store; None for a v1 record answered by body."""
        position = self._position_of(record.id, 1)
        if record.has_result:
            assert record.aggregate_version is not None  # noqa: S101  # set with aggregate_id
            return Written(
                record.aggregate_id,  # type: ignore[arg-type]  # has_result
                record.aggregate_version,
                position,
                record.reference_code,
            )
        if record.status_code is not None:
            return None
        return self._reconciled(position)

    def _reconciled(self, position: int) -> Written | None:
        """A v1 record saved without its answer (a crash between the two old saves).

        The command's events were saved with the record, just before it: the target
        is the nearest preceding event that is not a companion (reference index,
        identity, meeting link, appealed first instance).
        """
        before = self.recorder.select_notifications(
            start=max(position - LEGACY_LOOKBACK, 1), limit=LEGACY_LOOKBACK, stop=position - 1
        )
        for notification in reversed(before):
            if notification.topic not in self.companion_topics | {RECORD_TOPIC}:
                target = UUID(str(notification.originator_id))
                return Written(target, notification.originator_version, position)
        return None

    def _position_of(self, originator_id: UUID, version: int) -> int:
        """The notification id of one stored event (our recorders look it up directly)."""
        lookup = getattr(self.recorder, "position_of", None)
        found = lookup(originator_id, version) if lookup is not None else None
        if isinstance(found, int):
            return found
        return self.recorder.max_notification_id() or 0
