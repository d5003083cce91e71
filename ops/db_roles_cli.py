"""`petitions-ops db-roles`: the PostgreSQL owner and service roles; events append-only.

Prints the SQL; with `--apply`, first creates every store's tables (connected as the
configured, administrative user), then runs it. Run the service as the service role
(`POSTGRES_USER`), and migrations as the owner (README, "Deployment").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import psycopg

from ops.integrity.roles import role_statements
from ops.settings import Settings, get_settings
from ops.wiring import APPLICATIONS, application_env


def main(argv: Sequence[str] | None = None) -> int:
    """Print (and with --apply, run) the SQL of the two roles."""
    parser = argparse.ArgumentParser(
        prog="petitions-ops db-roles",
        description="PostgreSQL roles: an owner for migrations, and a service role that "
        "cannot UPDATE or DELETE event rows (grants revoked and a trigger).",
    )
    parser.add_argument("--owner", default="petitions_owner", help="the owner role's name")
    parser.add_argument("--service", default="petitions_service", help="the service role's name")
    parser.add_argument(
        "--apply", action="store_true", help="create the stores' tables, then run the SQL"
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    if not settings.uses_postgres:
        sys.stderr.write("db-roles: PERSISTENCE_MODULE is not eventsourcing.postgres\n")
        return 2
    statements = role_statements(settings.postgres_schema, args.owner, args.service)
    with connect(settings) as conn:
        for statement in statements:
            sys.stdout.write(statement.as_string(conn) + ";\n")
        if args.apply:
            create_tables(settings)
            with conn.transaction():
                for statement in statements:
                    conn.execute(statement)
            sys.stdout.write("-- applied\n")
    return 0


def create_tables(settings: Settings) -> None:
    """Open every store once, which creates its tables if they are not there."""
    for name, application in APPLICATIONS.items():
        application(application_env(settings, name)).close()


def connect(settings: Settings) -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection to the configured PostgreSQL database."""
    return psycopg.connect(
        host=settings.postgres_host,
        port=settings.postgres_port,
        user=settings.postgres_user,
        password=settings.postgres_password,
        dbname=settings.postgres_dbname,
        autocommit=True,
    )


if __name__ == "__main__":
    raise SystemExit(main())
