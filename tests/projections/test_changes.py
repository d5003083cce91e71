"""A watch's reads of the log (`select_changes`) answer what the library's own read answers.

`LogWatch` reads only positions, originators and topics through our recorders'
`select_changes` (`projections.changes`); a recorder without it is read through the
library's `select_notifications` (`NotifiedChanges`). On both stores, for every start,
stop, topic filter and limit, the two must give the same changes.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from domain.read_cache import Change, ChangeLog, LogWatch, NotifiedChanges
from ops.settings import Settings
from tests.projections.own_tables import application_recorder

TOPICS = ("a:Opened", "a:Closed", "b:Renamed")
LIBRARY = {
    "sqlite": "eventsourcing.sqlite:SQLiteApplicationRecorder",
    "postgres": "eventsourcing.postgres:PostgresApplicationRecorder",
}


def _fill(recorder: Any) -> list[StoredEvent]:
    originators = [uuid4() for _ in range(4)]
    events = [StoredEvent(originators[n % 4], n // 4 + 1, TOPICS[n % 3], b"{}") for n in range(30)]
    for start in range(0, len(events), 7):  # several saves
        recorder.insert_events(events[start : start + 7])
    return events


@pytest.fixture
def ours(store_settings: Settings) -> Any:
    recorder = application_recorder(store_settings, "ours")
    assert isinstance(recorder, ChangeLog)
    _fill(recorder)
    return recorder


@pytest.mark.parametrize("after", [0, 1, 13, 29, 30, 40])
@pytest.mark.parametrize("stop", [None, 5, 20, 30])
@pytest.mark.parametrize("topics", [(), ("a:Closed",), ("a:Opened", "b:Renamed"), ("none",)])
def test_select_changes_is_the_librarys_read_without_states(
    ours: Any,
    after: int,
    stop: int | None,
    topics: tuple[str, ...],
) -> None:
    for limit in (1, 3, 32, 500):
        changes = ours.select_changes(after, limit, stop=stop, topics=topics)
        library = NotifiedChanges(ours).select_changes(after, limit, stop=stop, topics=topics)
        assert list(changes) == list(library)
        assert all(isinstance(c, Change) for c in changes)
        assert len(changes) <= limit
        assert all(c.id > after and (stop is None or c.id <= stop) for c in changes)


def test_a_watch_over_a_library_recorder_reads_its_notifications(
    store_settings: Settings,
) -> None:
    store = "postgres" if store_settings.uses_postgres else "sqlite"
    plain = application_recorder(store_settings, "plain", APPLICATION_RECORDER_TOPIC=LIBRARY[store])
    assert not isinstance(plain, ChangeLog)
    watch = LogWatch(plain, topics=["a:Closed"])
    assert watch.changed() is None  # the first look: where the log stands (empty)
    events = _fill(plain)
    closed = {e.originator_id for e in events if e.topic == "a:Closed"}
    assert watch.changed() == closed  # 30 events: fewer than a short gap's 32
    assert watch.changed() == set()
