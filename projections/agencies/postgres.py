from __future__ import annotations

from projections.agencies.persistence import AgenciesView
from projections.store import PostgresRowStore


class PostgresAgenciesView(AgenciesView, PostgresRowStore):
    pass
