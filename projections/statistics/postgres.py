from __future__ import annotations

from projections.sql_stores import PostgresRowStore
from projections.statistics.persistence import StatisticsView


class PostgresStatisticsView(StatisticsView, PostgresRowStore):
    pass
