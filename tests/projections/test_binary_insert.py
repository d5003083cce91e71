"""A save's events sent in binary are stored exactly as the library's text insert stores them.

`BatchPostgresApplicationRecorder` sends the array of stored-event composites with a
binary parameter (`projections.recorders.binary_parameters`). The same events, inserted
by the library's own recorder (text) into a table of their own, must give the same
rows byte for byte: ids, versions, topics with quotes, backslashes, commas and
non-ASCII letters, states with every byte value, empty and large states.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder

from ops.settings import Settings
from projections.recorders import BatchPostgresApplicationRecorder, binary_parameters
from tests.projections.own_tables import application_recorder

TOPICS = (
    "domain.case:Case.Received",
    'a "quoted", (parenthesised) topic',
    "back\\slash and {braces} and 'single quotes'",
    "Đơn khiếu nại — tỉnh Hà Giang",
    "",
)
STATES = (
    b"",
    bytes(range(256)),
    b'{"name":"Nguy\\u1ec5n","note":"a \\"quote\\", (x)"}',
    b"\x00\\x00\\\\" * 50,
    bytes(range(256)) * 400,  # 100 KiB: the size of a large petition's body
)


def _stored_events() -> list[StoredEvent]:
    events = []
    for number, topic in enumerate(TOPICS):
        originator = uuid4()
        for version, state in enumerate(STATES, start=1):
            events.append(StoredEvent(originator, version + number * 1_000_000, topic, state))
    return events


@pytest.fixture
def recorders(postgres_settings: Settings) -> tuple[Any, Any]:
    binary = application_recorder(postgres_settings, "binary")
    text = application_recorder(
        postgres_settings,
        "text",
        APPLICATION_RECORDER_TOPIC="eventsourcing.postgres:PostgresApplicationRecorder",
    )
    assert binary.events_table_name != text.events_table_name
    return binary, text


def _rows(recorder: Any, schema: str) -> list[tuple[Any, ...]]:
    with recorder.datastore.get_connection() as conn:
        cursor: psycopg.Cursor[Any] = conn.cursor(row_factory=psycopg.rows.tuple_row)
        cursor.execute(
            psycopg.sql.SQL(
                "SELECT notification_id, originator_id, originator_version, topic, state"
                " FROM {}.{} ORDER BY notification_id"
            ).format(
                psycopg.sql.Identifier(schema), psycopg.sql.Identifier(recorder.events_table_name)
            )
        )
        return [(*row[:4], bytes(row[4])) for row in cursor.fetchall()]


def test_the_recorder_sends_the_events_in_binary(recorders: tuple[Any, Any]) -> None:
    binary, text = recorders
    assert isinstance(binary, BatchPostgresApplicationRecorder)
    assert type(text) is PostgresApplicationRecorder
    assert "%b" in binary.insert_events_statement.as_string()
    assert "%s" not in binary.insert_events_statement.as_string()
    assert "%s" in text.insert_events_statement.as_string()


def test_binary_and_text_inserts_store_the_same_rows(
    recorders: tuple[Any, Any], postgres_settings: Settings
) -> None:
    binary, text = recorders
    events = _stored_events()
    binary_ids = binary.insert_events(events)
    text_ids = text.insert_events(events)
    assert binary_ids == text_ids == list(range(1, len(events) + 1))
    schema = postgres_settings.postgres_schema
    stored = _rows(binary, schema)
    assert stored == _rows(text, schema)
    assert [(UUID(str(r[1])), r[2], r[3], r[4]) for r in stored] == [
        (e.originator_id, e.originator_version, e.topic, e.state) for e in events
    ]


def test_events_read_back_as_they_were_given(recorders: tuple[Any, Any]) -> None:
    binary, _ = recorders
    events = _stored_events()
    binary.insert_events(events)
    for originator in {e.originator_id for e in events}:
        given = [e for e in events if e.originator_id == originator]
        assert list(binary.select_events(originator)) == given


def test_a_version_already_stored_is_still_refused(recorders: tuple[Any, Any]) -> None:
    binary, _ = recorders
    event = _stored_events()[0]
    binary.insert_events([event])
    with pytest.raises(IntegrityError):
        binary.insert_events([event])


def test_only_the_parameters_change() -> None:
    statement = psycopg.sql.SQL("INSERT INTO {} SELECT * FROM unnest(%s::t[]) WHERE 'x' = %s")
    composed = statement.format(psycopg.sql.Identifier("events"))
    converted = binary_parameters(composed).as_string()
    assert converted == "INSERT INTO \"events\" SELECT * FROM unnest(%b::t[]) WHERE 'x' = %b"
    literal = psycopg.sql.SQL("SELECT '100%%s' || %s").format()
    assert binary_parameters(literal).as_string() == "SELECT '100%%s' || %b"


def test_a_text_originator_id_keeps_the_librarys_text_parameter(
    postgres_settings: Settings,
) -> None:
    """Binary fields are dumped by the column's type: a text id column keeps text."""
    recorder = application_recorder(postgres_settings, "texts", ORIGINATOR_ID_TYPE="text")
    assert isinstance(recorder, BatchPostgresApplicationRecorder)
    assert "%s" in recorder.insert_events_statement.as_string()
    event = StoredEvent("case-1", 1, "domain.case:Case.Received", b"{}")
    recorder.insert_events([event])
    assert list(recorder.select_events("case-1")) == [event]
