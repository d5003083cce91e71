from __future__ import annotations

from projections.statistics.persistence import StatisticsView
from projections.store import SQLiteRowStore


class SQLiteStatisticsView(StatisticsView, SQLiteRowStore):
    pass
