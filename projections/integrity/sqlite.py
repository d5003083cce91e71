from __future__ import annotations

from projections.integrity.persistence import IntegrityView
from projections.sql_stores import SQLiteRowStore


class SQLiteIntegrityView(IntegrityView, SQLiteRowStore):
    pass
