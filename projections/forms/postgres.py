from __future__ import annotations

from projections.forms.persistence import FormsView
from projections.store import PostgresRowStore


class PostgresFormsView(FormsView, PostgresRowStore):
    pass
