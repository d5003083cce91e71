from __future__ import annotations

from projections.deadlines.persistence import DeadlinesView
from projections.store import SQLiteRowStore


class SQLiteDeadlinesView(DeadlinesView, SQLiteRowStore):
    pass
