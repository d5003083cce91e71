"""Benchmark (not a test): sealing, opening and re-wrapping petitioners' identities.

    .venv/bin/python -m bench.vault --identities 1000             # SQLite and PostgreSQL

For each store (a fresh SQLite file; a new PostgreSQL schema, dropped after, reached
with the POSTGRES_* variables), through the application's own vault: `seal` (a new
data key, wrapped and inserted in the key store, and the personal data encrypted),
`unseal` (the key read, unwrapped, the data decrypted), and `rewrap` of every key
under a new master key (`petitions-ops rewrap-keys`). `--stores sqlite` skips PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from time import perf_counter

import psycopg

from domain.application import Petitions
from ops.settings import Settings
from vault.crypto import new_key
from vault.factory import open_vault

BATCH = 200
PERSON = {"full_name": "Nguyễn Văn A", "address": "Thôn 3", "contact": "0912", "id_number": "001"}


@contextmanager
def store(kind: str) -> Iterator[Settings]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield Settings(environment="test", sqlite_dbname=f"{folder}/bench.sqlite")
        return
    params = {
        "host": os.environ.get("POSTGRES_HOST", "127.0.0.1"),
        "port": os.environ.get("POSTGRES_PORT", "5432"),
        "user": os.environ.get("POSTGRES_USER", "postgres"),
        "password": os.environ.get("POSTGRES_PASSWORD", ""),
        "dbname": os.environ.get("POSTGRES_DBNAME", "test"),
    }
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**params, autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield Settings(
            environment="test",
            persistence_module="eventsourcing.postgres",
            postgres_host=params["host"],
            postgres_port=int(params["port"]),
            postgres_user=params["user"],
            postgres_password=params["password"],
            postgres_dbname=params["dbname"],
            postgres_schema=schema,
        )
    finally:
        with psycopg.connect(**params, autocommit=True) as conn:  # type: ignore[arg-type]
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def run(kind: str, count: int) -> str:
    with store(kind) as settings:
        app = Petitions(settings.eventsourcing_env())
        try:
            vault = open_vault(app.recorder, app.env)
            started = perf_counter()
            sealed = []
            for start in range(0, count, BATCH):  # as a batched save (the import) stores them
                sealed += [vault.seal(PERSON) for _ in range(start, min(count, start + BATCH))]
                vault.flush()
            seal = perf_counter() - started
            started = perf_counter()
            for _ in range(min(count, 200)):  # one petition per save (the API)
                vault.seal(PERSON)
                vault.flush()
            single = (perf_counter() - started) / min(count, 200)
            started = perf_counter()
            for key_id, text in sealed:
                vault.unseal(key_id, text)
            unseal = perf_counter() - started
            started = perf_counter()
            vault.rewrap(new_key())
            rewrap = perf_counter() - started
        finally:
            app.close()
    return (
        f"{kind}: seal {count / seal:,.0f}/s in batches of {BATCH}, "
        f"{single * 1000:.2f} ms alone, "
        f"unseal {count / unseal:,.0f}/s ({unseal / count * 1000:.2f} ms), "
        f"rewrap {count / rewrap:,.0f} keys/s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.vault", description=__doc__)
    parser.add_argument("--identities", type=int, default=1000)
    parser.add_argument("--stores", default="sqlite,postgres")
    args = parser.parse_args(argv)
    for kind in args.stores.split(","):
        sys.stdout.write(run(kind, args.identities) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
