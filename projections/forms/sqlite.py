from __future__ import annotations

from projections.forms.persistence import FormsView
from projections.sql_stores import SQLiteRowStore


class SQLiteFormsView(FormsView, SQLiteRowStore):
    pass
