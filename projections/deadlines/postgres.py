from __future__ import annotations

from projections.deadlines.persistence import DeadlinesView
from projections.store import PostgresRowStore


class PostgresDeadlinesView(DeadlinesView, PostgresRowStore):
    pass
