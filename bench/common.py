"""What the benchmarks share: fresh stores, figures, medians, and probes of processes."""

from __future__ import annotations

import gc
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql
from pydantic import SecretStr

from ops.settings import Settings, get_settings

ROOT = Path(__file__).resolve().parents[1]
PG_PORT = 5432


@dataclass
class Figure:
    """One measured figure beside the ceiling measured in the same run."""

    store: str
    name: str
    value: float
    unit: str
    ceiling: float | None = None  # same unit; None for a figure judged by its target alone
    target: str = ""
    met: bool | None = None
    load: float = 0.0  # the 1-minute load average when it was measured
    note: str = ""
    runs: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        return self.value / self.ceiling if self.ceiling else None


def median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else 0.0


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * percent / 100) - 1))]


def load_average() -> float:
    return os.getloadavg()[0]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# ----- stores -------------------------------------------------------------------------------


def postgres_reachable() -> bool:
    try:
        with connect(get_settings().model_copy(update={"persistence_module": POSTGRES})):
            return True
    except psycopg.OperationalError:
        return False


POSTGRES = "eventsourcing.postgres"


@contextmanager
def fresh_store(store: str) -> Iterator[Settings]:
    """Settings of a new, empty store: a SQLite file in a temporary folder or a PG schema."""
    if store == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-") as folder:
            yield Settings(sqlite_dbname=str(Path(folder) / "petitions.sqlite"))
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    settings = get_settings().model_copy(
        update={"persistence_module": POSTGRES, "postgres_schema": schema}
    )
    with connect(settings) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')  # a name we generated
    try:
        yield settings
    finally:
        with connect(settings) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def execute(settings: Settings, sql: str) -> None:
    """Run one statement of ours (a generated schema's DDL) on the settings' database."""
    with connect(settings) as conn:
        conn.execute(sql.encode())


def analyze_schema(settings: Settings, schema: str) -> None:
    """Vacuum every table of `schema` and refresh its planner statistics, as autovacuum would.

    VACUUM too, not only ANALYZE: it sets the visibility map, without which PostgreSQL's
    index-only scans of the covering counter indexes fetch heap pages row by row, a cost
    that grows with the rows read (measured: 99 heap fetches and twice the time for the
    statistics' counter read on a 10 k event history, none after a vacuum).
    """
    with connect(settings) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,)
        ).fetchall()
        for (table,) in tables:
            name = sql.Identifier(schema, str(table))
            conn.execute(sql.SQL("VACUUM (ANALYZE) {}").format(name))


def connect(settings: Settings) -> psycopg.Connection[tuple[object, ...]]:
    """A plain autocommit connection to the PostgreSQL database of `settings`."""
    return psycopg.connect(
        host=settings.postgres_host,
        port=settings.postgres_port,
        user=settings.postgres_user,
        password=settings.postgres_password,
        dbname=settings.postgres_dbname,
        autocommit=True,
        connect_timeout=3,
    )


def environ(settings: Settings) -> dict[str, str]:
    """The process environment that makes a child's `get_settings()` equal `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POSTGRES_", "SQLITE_"))}
    for name, value in settings.model_dump().items():
        if isinstance(value, SecretStr):  # str() would give the mask, not the secret
            env[name.upper()] = value.get_secret_value()
        elif value is not None:
            env[name.upper()] = str(value)
    if not settings.has_identity_key:  # the key this process generated (or found) for the store
        env.update(settings.identity_key_env())
    return env


def spawn(settings: Settings, *args: str, prefix: Sequence[str] = ()) -> subprocess.Popen[bytes]:
    """`python -m <args>` on `settings` (run by `prefix`, e.g. a profiler), its log discarded."""
    return subprocess.Popen(  # noqa: S603  # our own interpreter and modules
        [*prefix, sys.executable, "-m", *args],
        cwd=ROOT,
        env=environ(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@contextmanager
def client_without_gc() -> Iterator[None]:
    """The measuring client's collector paused (after one collection) while it measures.

    A pass over the client's oldest generation took 12 to 54 ms here: counted as the
    server's latency by the open loop, which schedules its sends from this process.
    Reference cycles made meanwhile wait for the end of the measurement (seconds).
    """
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ----- probes of a process ------------------------------------------------------------------


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pg_connections(pid: int, port: int = PG_PORT) -> int:
    """TCP connections the process holds to the PostgreSQL port."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            remote_port = int(parts[2].rsplit(":", 1)[1], 16)
            if remote_port == port and parts[9] in inodes:
                count += 1
    return count
