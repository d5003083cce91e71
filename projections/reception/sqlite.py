from __future__ import annotations

from projections.reception.persistence import ReceptionView
from projections.sql_stores import SQLiteRowStore


class SQLiteReceptionView(ReceptionView, SQLiteRowStore):
    pass
