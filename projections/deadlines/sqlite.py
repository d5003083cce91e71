from __future__ import annotations

from projections.deadlines.persistence import DeadlinesView
from projections.sql_stores import SQLiteRowStore


class SQLiteDeadlinesView(DeadlinesView, SQLiteRowStore):
    pass
