from __future__ import annotations

from projections.open311.persistence import Open311View
from projections.sql_stores import PostgresRowStore


class PostgresOpen311View(Open311View, PostgresRowStore):
    pass
