from __future__ import annotations

from projections.sql_stores import SQLiteRowStore
from projections.statistics.persistence import StatisticsView


class SQLiteStatisticsView(StatisticsView, SQLiteRowStore):
    pass
