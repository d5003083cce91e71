from __future__ import annotations

from projections.sql_stores import PostgresRowStore
from projections.users.persistence import UsersView


class PostgresUsersView(UsersView, PostgresRowStore):
    pass
