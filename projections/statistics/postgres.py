from __future__ import annotations

from projections.statistics.persistence import StatisticsView
from projections.store import PostgresRowStore


class PostgresStatisticsView(StatisticsView, PostgresRowStore):
    pass
