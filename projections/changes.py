"""A log's changes without their states: what the read caches' watches look at.

A `domain.read_cache.LogWatch` needs, of each event recorded since its last look,
only the position, the originator and the topic. The library's `select_notifications`
reads whole rows, states included (a petition's event can weigh kilobytes), and
builds each statement anew; these read three columns (on PostgreSQL by statements
built once and prepared). The application recorders of `projections.recorders`
answer `select_changes` through them, so every request's look at the accounts' and
the agencies' logs is one small query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg.rows import tuple_row
from psycopg.sql import SQL, Composed, Identifier

from domain.read_cache import Change, as_uuid


class PostgresChanges:
    """The changes of one PostgreSQL events table, by four prepared statements."""

    def __init__(self, datastore: Any, table: str) -> None:  # noqa: ANN401 (the library's)
        self._datastore = datastore
        self._statements = {
            (bounded, by_topic): _postgres_statement(datastore.schema, table, bounded, by_topic)
            for bounded in (False, True)
            for by_topic in (False, True)
        }

    def select(
        self, after: int, limit: int, stop: int | None, topics: Sequence[str]
    ) -> list[Change]:
        """The events after `after` (up to `stop`, of `topics`), at most `limit`, in order."""
        params: list[Any] = [after]
        if stop is not None:
            params.append(stop)
        if topics:
            params.append(list(topics))
        params.append(limit)
        statement = self._statements[(stop is not None, bool(topics))]
        with self._datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(statement, params, prepare=True)
            return [Change(row[0], as_uuid(row[1]), row[2]) for row in curs.fetchall()]


def _postgres_statement(schema: str, table: str, bounded: bool, by_topic: bool) -> Composed:
    statement = SQL(
        "SELECT notification_id, originator_id, topic FROM {schema}.{table}"
        " WHERE notification_id > %s"
    ).format(schema=Identifier(schema), table=Identifier(table))
    if bounded:
        statement += SQL(" AND notification_id <= %s")
    if by_topic:
        statement += SQL(" AND topic = ANY(%s)")
    return statement + SQL(" ORDER BY notification_id LIMIT %s")


def sqlite_changes(
    recorder: Any,  # noqa: ANN401 (the library's SQLite application recorder)
    after: int,
    limit: int,
    stop: int | None,
    topics: Sequence[str],
) -> list[Change]:
    """The same read on SQLite, whose notification ids are the table's row ids."""
    conditions = "rowid > ?"
    params: list[Any] = [after]
    if stop is not None:
        conditions += " AND rowid <= ?"
        params.append(stop)
    if topics:
        conditions += f" AND topic IN ({','.join('?' * len(topics))})"
        params += list(topics)
    params.append(limit)
    statement = (
        f"SELECT rowid, originator_id, topic FROM {recorder.events_table_name} "  # noqa: S608
        f"WHERE {conditions} ORDER BY rowid LIMIT ?"  # our table name, and placeholders
    )
    convert = recorder.convert_originator_id
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, params)
        return [Change(row[0], as_uuid(convert(row[1])), row[2]) for row in cursor.fetchall()]
