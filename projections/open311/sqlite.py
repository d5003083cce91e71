from __future__ import annotations

from projections.open311.persistence import Open311View
from projections.store import SQLiteRowStore


class SQLiteOpen311View(Open311View, SQLiteRowStore):
    pass
