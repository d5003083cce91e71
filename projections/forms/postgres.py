from __future__ import annotations

from projections.forms.persistence import FormsView
from projections.sql_stores import PostgresRowStore


class PostgresFormsView(FormsView, PostgresRowStore):
    pass
