"""Idempotent commands: a client's `Idempotency-Key` is recorded in the same save as the command.

The marker aggregate's id is derived from the user and the key, so a retried or
concurrent duplicate request cannot record its change twice: the second save
conflicts on the marker. The answer is added to the marker once it is known, and
a retry returns it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Recording

MAX_KEY = 200


class IdempotencyRecord(Aggregate):
    """A command request a client marked with an idempotency key, and its answer."""

    @staticmethod
    def create_id(user_id: str, key: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"/idempotency/{user_id}/{key}")

    @event("Recorded")
    def __init__(self, user_id: str, key: str, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self.status_code: int | None = None
        self.body = ""

    def answer(self, status_code: int, body: str) -> None:
        if self.status_code is None:
            self._answer(status_code, body)

    @event("Answered")
    def _answer(self, status_code: int, body: str) -> None:
        self.status_code = status_code
        self.body = body


@dataclass
class PendingRequest:
    """The idempotency key of the request being served, and the store it writes to."""

    key: str
    fingerprint: str
    user_id: str = ""
    store: object | None = None
    markers: list[UUID] = field(default_factory=list)

    def new_marker(self) -> IdempotencyRecord:
        marker = IdempotencyRecord(self.user_id, self.key, self.fingerprint)
        self.markers.append(marker.id)
        return marker


_pending: ContextVar[PendingRequest | None] = ContextVar("pending_request", default=None)


@contextmanager
def pending_request(request: PendingRequest) -> Iterator[PendingRequest]:
    """Within this block, the first save of `request.store` also records the marker."""
    token = _pending.set(request)
    try:
        yield request
    finally:
        _pending.reset(token)


def current_request() -> PendingRequest | None:
    return _pending.get()


class IdempotentSaves(Application[UUID]):
    """Mixin: adds the pending request's marker to every save made for that request."""

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:  # noqa: ANN401
        pending = current_request()
        if pending is not None and pending.store is self and pending.user_id:
            objs = (*objs, pending.new_marker())
        return super().save(*objs, **kwargs)
