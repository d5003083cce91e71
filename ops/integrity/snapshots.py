"""Snapshots are derived data outside the log: each must equal its aggregate replayed from events.

A snapshot row edited by hand would change what a case shows without touching its
events; `verify-log` therefore rebuilds each snapshotted aggregate from its events (up
to the snapshot's version) and compares it with the snapshot's aggregate.
"""

# The table names in this module's SQL are the applications' own, never input.
# ruff: noqa: S608
from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresDatastore

from ops.integrity.rawlog import RawLog

IGNORED = frozenset({"_pending_events"})


def snapshot_problems(raw: RawLog) -> list[tuple[UUID, int, str]]:
    """(aggregate id, version, what differs) for every snapshot that is not its events'."""
    app: Any = raw.app
    if app.snapshots is None:
        return []
    table = app.snapshots.recorder.events_table_name
    store = raw.datastore
    qualified = f'"{store.schema}"."{table}"' if isinstance(store, PostgresDatastore) else table
    with store.transaction(commit=False) as c:
        c.execute(f"SELECT originator_id, originator_version, topic, state FROM {qualified}")
        rows = c.fetchall()
    problems = []
    for row in rows:
        originator = row["originator_id"]
        aggregate_id = originator if isinstance(originator, UUID) else UUID(str(originator))
        version = int(row["originator_version"])
        stored = StoredEvent(aggregate_id, version, str(row["topic"]), bytes(row["state"]))
        differs = _differs(app, stored)
        if differs:
            problems.append((aggregate_id, version, differs))
    return problems


def _differs(app: Any, stored: StoredEvent) -> str:  # noqa: ANN401
    try:
        from_snapshot = app.mapper.to_domain_event(stored).mutate(None)
    except Exception as error:  # noqa: BLE001  # an unreadable snapshot is the finding
        return f"the snapshot cannot be read ({type(error).__name__})"
    aggregate = None
    try:
        for event in app.events.get(stored.originator_id, lte=stored.originator_version):
            aggregate = event.mutate(aggregate)
    except Exception as error:  # noqa: BLE001  # a history that cannot be replayed
        return f"its events up to this version cannot be replayed ({type(error).__name__})"
    if aggregate is None:
        return "the snapshot has no events"
    mine, theirs = _state(from_snapshot), _state(aggregate)
    fields = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
    if fields:
        return f"the snapshot differs from its events in {', '.join(fields)}"
    return ""


def _state(aggregate: object) -> dict[str, Any]:
    return {k: v for k, v in vars(aggregate).items() if k not in IGNORED}
