from __future__ import annotations

from projections.open311.persistence import Open311View
from projections.sql_stores import SQLiteRowStore


class SQLiteOpen311View(Open311View, SQLiteRowStore):
    pass
