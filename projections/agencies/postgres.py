from __future__ import annotations

from projections.agencies.persistence import AgenciesView
from projections.sql_stores import PostgresRowStore


class PostgresAgenciesView(AgenciesView, PostgresRowStore):
    pass
