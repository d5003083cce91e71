"""The snapshot store: each snapshot sealed with a MAC when stored, and ignored unless it checks.

`open_snapshot_store` is named by topic in the application's environment
(`SNAPSHOT_STORE_TOPIC`), as the identity vault is. The MAC key is derived from the
identity master key (`IDENTITY_MASTER_KEY`, kept outside the database), so whoever can
only write to the database cannot seal a snapshot: an edited, forged or copied-in
snapshot (another aggregate's, or an older one of the same) is skipped on load, the
aggregate rebuilt from its events, and a warning logged naming only the aggregate id,
the version and why. Without a master key (an in-memory store), a key of this process.

Rotating the master key makes every stored snapshot untrusted: aggregates load from
their events until their next snapshot is taken (at an interval, or on a load replaying
a long tail), as after the upgrade that introduced sealing.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, EventStore, Mapper, Recording

from domain.snapshots import SealedSnapshot, sealed_message
from vault.crypto import derived_key, new_key
from vault.factory import MASTER_KEY
from vault.master import decode_key

log = logging.getLogger(__name__)
KEY_PURPOSE = "snapshot MACs"
WARNED_LIMIT = 10_000  # (aggregate, version) pairs already warned about, per process


def snapshot_key(master: bytes) -> bytes:
    """The snapshot MAC key, derived from the master key for this purpose alone."""
    return derived_key(master, KEY_PURPOSE)


def open_snapshot_store(
    mapper: Mapper[UUID], recorder: AggregateRecorder, env: Mapping[str, str]
) -> SealedSnapshotStore:
    """The snapshot store of an application, sealing with a key from its master key."""
    text = env.get(MASTER_KEY, "")
    master = decode_key(text, MASTER_KEY) if text else new_key()
    return SealedSnapshotStore(mapper, recorder, snapshot_key(master))


class SealedSnapshotStore(EventStore[UUID]):
    """The library's event store for snapshots, sealing what it puts and checking what it gets."""

    def __init__(self, mapper: Mapper[UUID], recorder: AggregateRecorder, key: bytes) -> None:
        super().__init__(mapper, recorder)
        self._key = key
        self._warned: set[tuple[UUID, int]] = set()

    def put(self, domain_events: Sequence[Any], **kwargs: Any) -> list[Recording[UUID]]:  # noqa: ANN401
        """Store the snapshots, each sealed (a snapshot class without a MAC is refused)."""
        return super().put([self.seal(snapshot) for snapshot in domain_events], **kwargs)

    def get(
        self,
        originator_id: UUID,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Iterator[Any]:
        """The stored snapshots whose MAC checks; the others are skipped with a warning."""
        found = super().get(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)
        for snapshot in found:
            problem = self.distrust(snapshot)
            if problem:
                self._warn(snapshot, problem)
                continue
            yield snapshot

    def seal(self, snapshot: Any) -> SealedSnapshot:  # noqa: ANN401
        """The snapshot with its MAC."""
        if not isinstance(snapshot, SealedSnapshot):
            raise TypeError(f"{type(snapshot).__name__} cannot carry a MAC: not a SealedSnapshot")
        return replace(snapshot, mac=self._mac(snapshot))

    def distrust(self, snapshot: Any) -> str:  # noqa: ANN401
        """Why the snapshot is not trusted ("" when its MAC checks)."""
        mac = getattr(snapshot, "mac", "")
        if not isinstance(snapshot, SealedSnapshot) or not mac:
            return "it carries no MAC (stored before snapshots were sealed, or forged)"
        valid = isinstance(mac, str) and mac.isascii()
        if not valid or not hmac.compare_digest(mac, self._mac(snapshot)):
            return "its MAC does not check (edited, forged or copied into place)"
        return ""

    def _mac(self, snapshot: SealedSnapshot) -> str:
        message = sealed_message(snapshot, self.mapper.transcoder.encode)
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def _warn(self, snapshot: Any, problem: str) -> None:  # noqa: ANN401
        """One warning per snapshot and process: the id, version and why, never the state."""
        seen = (snapshot.originator_id, snapshot.originator_version)
        if seen in self._warned:
            return
        if len(self._warned) >= WARNED_LIMIT:
            self._warned.clear()
        self._warned.add(seen)
        log.warning(
            "snapshot of %s at version %s ignored, the aggregate rebuilt from its events: %s",
            snapshot.originator_id,
            snapshot.originator_version,
            problem,
        )
