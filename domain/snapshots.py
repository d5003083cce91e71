"""Snapshots that carry a MAC, so a snapshot edited, forged or copied in the store is not trusted.

A snapshot is derived data kept outside the hash-chained log: anyone who can write to
the snapshots table could otherwise decide what a case loads as. The snapshot store
(`vault.snapshots`, named by `SNAPSHOT_STORE_TOPIC`) seals each snapshot it stores
with a keyed MAC over what it restores (`sealed_message`) and ignores, on load, any
whose MAC does not check: the aggregate is then rebuilt from its events alone.

Version 2 of a sealed snapshot class added `mac`; one stored before (version 1, or the
library's own `Snapshot`) has none and is never trusted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from eventsourcing.domain import Snapshot as LibrarySnapshot
from eventsourcing.utils import get_topic

DOMAIN = b"petitions/snapshot-mac/v1\n"  # separates this MAC from any other use of the key


@dataclass(frozen=True)  # (the library's metaclass makes it one; this says so to type checkers)
class SealedSnapshot(LibrarySnapshot):
    """A snapshot with the MAC its store sealed it with ("" until sealed)."""

    class_version = 2

    mac: str = ""

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot stored before snapshots were sealed: unsealed, so never trusted."""
        state["mac"] = ""


def sealed_message(snapshot: Any, encode: Callable[[Any], bytes]) -> bytes:  # noqa: ANN401
    """The bytes a snapshot's MAC covers: its class, aggregate id, version, topic and state.

    `encode` is the application's transcoder's: the state as it is stored, which a
    load decodes and encodes again to the same bytes.
    """
    return DOMAIN + encode(
        {
            "class": get_topic(type(snapshot)),
            "id": str(snapshot.originator_id),
            "version": snapshot.originator_version,
            "topic": snapshot.topic,
            "state": snapshot.state,
        }
    )


def unsealable(aggregate_types: Iterable[type]) -> list[str]:
    """The snapshotted aggregate types whose snapshots cannot carry a MAC (should be none)."""
    return [
        cls.__name__
        for cls in aggregate_types
        if not issubclass(getattr(cls, "Snapshot", object), SealedSnapshot)
    ]
