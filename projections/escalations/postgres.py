from __future__ import annotations

from projections.escalations.persistence import EscalationsView
from projections.sql_stores import PostgresRowStore


class PostgresEscalationsView(EscalationsView, PostgresRowStore):
    pass
