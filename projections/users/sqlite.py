from __future__ import annotations

from projections.sql_stores import SQLiteRowStore
from projections.users.persistence import UsersView


class SQLiteUsersView(UsersView, SQLiteRowStore):
    pass
