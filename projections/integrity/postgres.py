from __future__ import annotations

from projections.integrity.persistence import IntegrityView
from projections.store import PostgresRowStore


class PostgresIntegrityView(IntegrityView, PostgresRowStore):
    pass
