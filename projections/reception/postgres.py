from __future__ import annotations

from projections.reception.persistence import ReceptionView
from projections.sql_stores import PostgresRowStore


class PostgresReceptionView(ReceptionView, PostgresRowStore):
    pass
