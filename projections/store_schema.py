"""A view's tables: their DDL, the layout they were built with, dropping and swapping.

`ViewSchema` is the part of `projections.store.RowStore` that makes and replaces a
view's tables: created if missing, dropped and made again (with the view's tracking
position, so its runner rebuilds it) when they were built with another
`VIEW_LAYOUT`, and swapped in for the live ones after a replay.
"""

# Table and column names in this module's SQL come from class constants, never from input.
# ruff: noqa: S608
from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, ClassVar

from projections.dialects import Cursor, Dialect
from projections.rows import Table

if TYPE_CHECKING:
    from projections.store import RowStore

VIEW_LAYOUT = 8
"""How the views' stored rows are to be read; raised whenever that changes.

1: counters by legal day and month; 2: by day, month and year (a range reads whole
years as year rows, `projections.counter_rows.buckets`); 3: successions with the log
position they were recorded at (`projections.succession`); 4: counters also by half
month (the 1st-14th, the 15th-end), and the reception counters once per grouping of its
report; 5: counters also by calendar quarter, statistical quarter and statistical year
(a report of any period `projections.periods` makes reads one row a key), the
statistics' conclusions by timeliness and outcome (`concluded`) and quality detail
(`concluded_quality`) instead of six-part details, and closures also by the month of
their acceptance within its statistical and calendar year (`closed_sy`, `closed_cy`,
and by the month of the acceptance, `closed_sy_month`, `closed_cy_month`),
and the officers' due-soon deltas by lead (`projections.case_index.load.LEADS`); 6: the
case index holds each summary sealed, with its data key's id (`summary_key_id`,
docs/summary-sealing.md); 7: the counters' sums stored as one B-tree keyed by
(agency, metric, bucket, breakdown) (`Table.primary`), without the text key and its two
indexes; 8: the running-clock spans' indexes hold the days and log positions checked
in them (`projections.statistics.spans.SPANS`: an index of the same name with other
columns would be kept by `CREATE INDEX IF NOT EXISTS`). Recorded per view in
`LAYOUTS`; a view built with another
layout is rebuilt (`RowStore.create_view_tables`).
"""
LAYOUTS = "view_layouts"


class ViewSchema:
    """Creating, dropping and swapping a view's tables (a base of `RowStore`)."""

    if TYPE_CHECKING:  # what it uses of `RowStore`
        name: ClassVar[str]
        tables: ClassVar[tuple[Table[Any], ...]]
        dialect: ClassVar[Dialect]
        with_indexes: ClassVar[bool]
        application: ClassVar[str]

        def table_name(self, table: Table[Any]) -> str: ...
        def qualified(self, name: str) -> str: ...
        def tracking_table(self) -> str: ...
        def tracking_key(self, application_name: str) -> str: ...
        def _transaction(self, *, commit: bool) -> AbstractContextManager[Cursor]: ...
        def _reading(self) -> AbstractContextManager[Cursor]: ...
        def _position(self, c: Cursor, application_name: str | None = None) -> int | None: ...

    # ----- tables -------------------------------------------------------------------------

    def table_ddl(self) -> list[str]:
        statements = []
        for table in self.tables:
            columns = ", ".join(
                f"{c.name} {self.dialect.types[c.kind]}{'' if c.nullable else ' NOT NULL'}"
                for c in table.columns
            )
            statements.append(
                f"CREATE TABLE IF NOT EXISTS {self.qualified(self.table_name(table))} "
                f"({columns}, {self.dialect.primary_key(table)}"
            )
        return statements

    def index_ddl(self) -> list[str]:
        statements = []
        for table in self.tables:
            name = self.table_name(table)
            for number, columns in enumerate(table.indexes):
                statements.append(
                    f"CREATE INDEX IF NOT EXISTS {name}_i{number} "
                    f"ON {self.qualified(name)} ({', '.join(columns)})"
                )
        return statements

    def create_view_tables(self) -> None:
        """Create the view's tables; first drop them if they were built with another layout.

        A view records the `VIEW_LAYOUT` it was built with. Opened by code that reads
        its rows another way (an upgrade), it is dropped with its tracking position in
        one transaction, so its runner rebuilds it from the log (and reads answer
        "views behind" meanwhile) instead of serving rows misread. Opening a view of
        this layout writes nothing (no write lock on SQLite).
        """
        layouts = (
            f"CREATE TABLE IF NOT EXISTS {self.qualified(LAYOUTS)} "
            "(view_name TEXT PRIMARY KEY, layout INTEGER NOT NULL)"
        )
        # The view's own tables first: on SQLite a transaction whose first statement only
        # reads (a table that exists) cannot then write if another connection wrote since.
        ddl = [*self.table_ddl(), *(self.index_ddl() if self.with_indexes else []), layouts]
        with self._transaction(commit=True) as c:
            for statement in ddl:
                c.execute(statement)
        with self._reading() as c:
            if self._layout(c) == VIEW_LAYOUT:
                return
        with self._transaction(commit=True) as c:
            # A write first: SQLite then holds the write lock from the start (a read first
            # would make the write fail at once if another connection wrote meanwhile).
            c.execute(
                self.dialect.sql(
                    f"UPDATE {self.qualified(LAYOUTS)} SET layout = layout WHERE view_name = ?"
                ),
                (self.name,),
            )
            recorded = self._layout(c)
            if recorded != VIEW_LAYOUT and (recorded is not None or self._position(c) is not None):
                self._drop_tables(c)  # built with another layout, or before they were recorded
                for statement in ddl:
                    c.execute(statement)
            self._record_layout(c, self.name)

    def _layout(self, c: Cursor) -> int | None:
        """The layout the stored view was built with (None: none recorded)."""
        c.execute(
            self.dialect.sql(f"SELECT layout FROM {self.qualified(LAYOUTS)} WHERE view_name = ?"),
            (self.name,),
        )
        row = c.fetchone()
        return None if row is None else int(row["layout"])

    def _record_layout(self, c: Cursor, name: str) -> None:
        c.execute(
            self.dialect.sql(
                f"INSERT INTO {self.qualified(LAYOUTS)} (view_name, layout) VALUES (?, ?) "
                "ON CONFLICT (view_name) DO UPDATE SET layout = excluded.layout"
            ),
            (name, VIEW_LAYOUT),
        )

    # ----- replay -------------------------------------------------------------------------

    def drop_view(self) -> None:
        """Drop this view's tables and tracking position."""
        with self._transaction(commit=True) as c:
            self._drop_tables(c)

    def _drop_tables(self, c: Cursor) -> None:
        for table in self.tables:
            c.execute(f"DROP TABLE IF EXISTS {self.qualified(self.table_name(table))}")
        self._drop_tracking(c)

    def _drop_tracking(self, c: Cursor) -> None:
        c.execute(
            self.dialect.sql(f"DELETE FROM {self.tracking_table()} WHERE application_name = ?"),
            (self.tracking_key(self.application),),
        )

    def swap_into(self, live: RowStore, application_name: str | None = None) -> None:
        """Replace `live`'s tables and position by this (rebuilt) view's, in one transaction."""
        application_name = application_name or self.application
        with self._transaction(commit=True) as c:
            position = self._position(c, application_name)
            for table in self.tables:
                target = live.table_name(table)
                c.execute(f"DROP TABLE IF EXISTS {self.qualified(target)}")
                c.execute(
                    f"ALTER TABLE {self.qualified(self.table_name(table))} RENAME TO {target}"
                )
            for statement in live.index_ddl():
                c.execute(statement)
            c.execute(
                self.dialect.sql(
                    f"INSERT INTO {live.tracking_table()} (application_name, notification_id) "
                    "VALUES (?, ?) ON CONFLICT (application_name) "
                    "DO UPDATE SET notification_id = excluded.notification_id"
                ),
                (live.tracking_key(application_name), position or 0),
            )
            self._record_layout(c, live.name)
            self._drop_tracking(c)
