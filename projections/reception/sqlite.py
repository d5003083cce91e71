from __future__ import annotations

from projections.reception.persistence import ReceptionView
from projections.store import SQLiteRowStore


class SQLiteReceptionView(ReceptionView, SQLiteRowStore):
    pass
