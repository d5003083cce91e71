from __future__ import annotations

from projections.case_index.persistence import CaseIndexView
from projections.sql_stores import PostgresRowStore


class PostgresCaseIndexView(CaseIndexView, PostgresRowStore):
    pass
