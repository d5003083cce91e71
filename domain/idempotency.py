"""Commands recorded exactly once: a command's id and its result are saved with its events.

Every command the API serves carries a command id: the client's `Idempotency-Key`,
or one the service draws and returns. An `IdempotencyRecord`, whose id is derived
from the user and that key, is added to the command's own atomic save and carries
the request's fingerprint and the command's result (the aggregate, its new version,
its reference code, the answer's status). So the record exists exactly when the
command's events do, and the answer can be rebuilt from the store alone:

- a retry with the key finds the record and is answered from it, recording nothing;
- a save refused by a unique constraint is told apart from a real conflict by what
  is stored: when the record is there with this fingerprint, the write is this very
  command (the library's retry of an insert whose COMMIT succeeded but whose
  acknowledgement was lost, or a concurrent request with the same key that won the
  race), and its stored result is the answer.

The answered position is the notification id of the record's own event, the last
of the save.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import PetitionError

MAX_KEY = 200


class IdempotencyRecord(Aggregate):
    """A command a client (or the service for it) marked with a key, and its result."""

    class Recorded(Aggregate.Created):
        """v2 carries the result; a v1 record got its answer from a later `Answered`."""

        class_version = 2
        user_id: str
        key: str
        fingerprint: str
        status_code: int | None
        aggregate_id: UUID | None
        aggregate_version: int | None
        reference_code: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(
                status_code=None, aggregate_id=None, aggregate_version=None, reference_code=None
            )

    @staticmethod
    def create_id(user_id: str, key: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"/idempotency/{user_id}/{key}")

    @event(Recorded)
    def __init__(
        self,
        user_id: str,
        key: str,
        fingerprint: str,
        status_code: int | None = None,
        aggregate_id: UUID | None = None,
        aggregate_version: int | None = None,
        reference_code: str | None = None,
    ) -> None:
        self.fingerprint = fingerprint
        self.status_code = status_code
        self.aggregate_id = aggregate_id
        self.aggregate_version = aggregate_version
        self.reference_code = reference_code
        self.body = ""

    @property
    def has_result(self) -> bool:
        """True when the record carries the command's result (every v2 record)."""
        return self.aggregate_id is not None

    @event("Answered")
    def _answer(self, status_code: int, body: str) -> None:
        """Only in stores written before v2: the answer saved after the command."""
        self.status_code = status_code
        self.body = body


@dataclass
class Command:
    """The command being served: whose, under which key, and the request's fingerprint.

    `store` is the application that records it; `drawn` when the service drew the
    key for this request (nothing can be recorded under it yet); `replayed` turns
    true when the answer comes from an earlier write of the same command.
    """

    key: str
    fingerprint: str
    status_code: int = 200
    user_id: str = ""
    store: object | None = None
    drawn: bool = False
    replayed: bool = False

    @property
    def record_id(self) -> UUID:
        return IdempotencyRecord.create_id(self.user_id, self.key)

    def records_in(self, store: object) -> bool:
        return self.store is store and bool(self.user_id)

    def record(self, target: Aggregate) -> IdempotencyRecord:
        """The record to save with `target`'s new events, carrying the result."""
        code = getattr(target, "reference_code", None)
        return IdempotencyRecord(
            self.user_id,
            self.key,
            self.fingerprint,
            self.status_code,
            target.id,
            target.version,
            code if isinstance(code, str) else None,
        )


_current: ContextVar[Command | None] = ContextVar("current_command", default=None)


@contextmanager
def commanding(command: Command) -> Iterator[Command]:
    """Within this block, saves of `command.store` record the command with its events."""
    token = _current.set(command)
    try:
        yield command
    finally:
        _current.reset(token)


def current_command() -> Command | None:
    return _current.get()


class KeyReusedError(PetitionError):
    """The idempotency key was already used for a different request."""
