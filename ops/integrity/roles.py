"""PostgreSQL roles that make the events tables append-only for the running service.

Two roles: an owner, which owns the events tables and runs migrations, and the service,
which may read and append events but not UPDATE or DELETE them (privileges revoked, and
a trigger refusing UPDATE, DELETE and TRUNCATE for everyone, the owner included).

The service keeps TRUNCATE: the library serialises appends with `LOCK TABLE ... IN
EXCLUSIVE MODE`, which PostgreSQL allows only to holders of UPDATE, DELETE or TRUNCATE;
the statement trigger refuses any TRUNCATE itself, and only the owner could disable it.
"""

from __future__ import annotations

from psycopg.sql import SQL, Composed, Identifier, Literal

EVENT_TABLES = ("petitions_events", "accounts_events", "audit_events")
FUNCTION = "refuse_event_change"


def role_statements(schema: str, owner: str, service: str) -> list[Composed]:
    """The SQL making `owner` own the events tables and `service` append-only on them."""
    s, o, v = Identifier(schema), Identifier(owner), Identifier(service)
    function = Identifier(schema, FUNCTION)
    statements: list[Composed] = [_create_role(owner), _create_role(service)]
    statements += [
        SQL("GRANT USAGE, CREATE ON SCHEMA {} TO {}").format(s, o),
        SQL("GRANT USAGE, CREATE ON SCHEMA {} TO {}").format(s, v),
        SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(s, v),
        SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(s, v),
        SQL(
            "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'events are append-only: % on %.% refused', "
            "TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; "
            "END $$"
        ).format(function),
    ]
    for name in EVENT_TABLES:
        table = Identifier(schema, name)
        row_trigger = Identifier(f"{name}_append_only")
        statement_trigger = Identifier(f"{name}_no_truncate")
        statements += [
            SQL("ALTER TABLE {} OWNER TO {}").format(table, o),
            SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(table, v),
            SQL("GRANT SELECT, INSERT, TRUNCATE ON {} TO {}").format(table, v),
            SQL("DROP TRIGGER IF EXISTS {} ON {}").format(row_trigger, table),
            SQL(
                "CREATE TRIGGER {} BEFORE UPDATE OR DELETE ON {} FOR EACH ROW EXECUTE FUNCTION {}()"
            ).format(row_trigger, table, function),
            SQL("DROP TRIGGER IF EXISTS {} ON {}").format(statement_trigger, table),
            SQL(
                "CREATE TRIGGER {} BEFORE TRUNCATE ON {} FOR EACH STATEMENT EXECUTE FUNCTION {}()"
            ).format(statement_trigger, table, function),
        ]
    statements.append(SQL("ALTER FUNCTION {}() OWNER TO {}").format(function, o))
    return statements


def _create_role(name: str) -> Composed:
    return SQL(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {}) THEN "
        "CREATE ROLE {} LOGIN; END IF; END $$"
    ).format(Literal(name), Identifier(name))
