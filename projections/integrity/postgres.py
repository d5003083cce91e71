from __future__ import annotations

from projections.integrity.persistence import IntegrityView
from projections.sql_stores import PostgresRowStore


class PostgresIntegrityView(IntegrityView, PostgresRowStore):
    pass
