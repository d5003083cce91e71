"""Where the time of a missed target goes: sampled profiles of the commands and the rebuild.

    .venv/bin/python -m bench.profile http --store postgres --count 3000
    .venv/bin/python -m bench.profile bulk --store sqlite --cases 2000
    .venv/bin/python -m bench.profile rebuild --store postgres --events 20000

`http`: the API served by `ops.serve` under `py-spy record` (the server is py-spy's
child, so no ptrace privilege is needed), `POST /cases` sent one after another on one
keep-alive connection as `make bench` sends them. `bulk`: the history generator under
`py-spy record`, as `make bench` runs it. `rebuild`: `run-projections` under
`py-spy record` on a generated log, from empty views until every view reaches its
head. Each prints, per part of the work, its share of the process's busy samples
and, for `http`, the milliseconds a request: CPU time, since py-spy leaves out the
threads waiting in the kernel (on the database, the network, a lock), and the idle
event loop or worker threads are left out here. The process is sampled without
being paused (`--nonblocking`: pausing it at 200 samples a second slowed the server
3.5 times), so a few stacks are cut short. The parts are recognised from the sampled
stacks (`HTTP_PARTS`, `BULK_PARTS`, `REBUILD_PARTS`: the first part whose marker is in
a stack takes it); startup's imports and the sign-in are left out.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from time import perf_counter

from bench.common import ROOT, fresh_store, say, spawn
from bench.http import one_connection, server
from bench.rebuild import read_and_decode, wait_for_views, write_log
from bench.writes import generator_write
from ops.wiring import open_views

RATE = 200  # samples a second
# Threads py-spy still samples while they wait: workers on their queue, the idle loop.
IDLE_LEAVES = ("Condition.wait", "Queue.get", "Event.wait", "Runner.run (asyncio/runners.py")
# Not a command's: startup's imports, the officer's sign-in, the schema built once.
ONCE = ("<frozen importlib._bootstrap", "argon2", "FastAPI.openapi")

HTTP_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("the command (Petitions.record_petition)", ("Petitions.record_petition",)),
    ("the caller's session (its log watch: a query)", ("principal_of_token",)),
    ("the body: JSON and its model", ("model_validate", "_json (api/fastpath")),
    ("the answer: CaseCreated and its JSON", ("created (api/routes", "json_response")),
    ("the command record's fingerprint", ("fingerprint",)),
    ("the log line", ("structlog/", "api/logs.py")),
    ("the worker-thread hop (anyio)", ("anyio/",)),
    ("routing and middleware (FastAPI, Starlette)", ("fastapi/", "starlette/")),
    ("the edge: admission, request id", ("api/edge", "api/admission")),
    ("uvicorn: reading and writing HTTP", ("uvicorn/",)),
    ("the database driver (a stack cut short by sampling)", ("psycopg", "sqlite")),
)
REBUILD_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("reading the log: select and decode", ("select_notifications", "to_domain_event")),
    ("writing the rows: upserts, COPY, commits", ("sql_stores", "psycopg", "sqlite3")),
    ("counters: a delta's bucket rows", ("projections/counter", "projections/periods")),
    ("statistics: spans, figures, contributions", ("projections/statistics",)),
    ("deadlines", ("projections/deadlines",)),
    ("case index", ("projections/case_index",)),
    ("escalations", ("projections/escalations",)),
    ("reception", ("projections/reception",)),
    ("forms", ("projections/forms",)),
    ("agencies and users", ("projections/agencies", "projections/users")),
    ("the row caches and sessions", ("projections/store", "projections/session")),
    ("the pipeline: batches, groups, tracking", ("projections/",)),
    ("the library's event classes and decoding", ("eventsourcing/",)),
)
BULK_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("saving: events to stored events (JSON, ciphers)", ("Mapper.to_stored_event",)),
    ("saving: the driver and the database", ("psycopg", "sqlite")),
    ("saving: the library's save, the rest", ("Application.save",)),
    ("building: the domain's commands and events", ("domain/",)),
    ("building: the generator's own choices", ("ops/history",)),
)


def busy_parts(
    raw_lines: Iterable[str], parts: Sequence[tuple[str, tuple[str, ...]]]
) -> Counter[str]:
    """Busy samples per part, from py-spy's raw output (`frame;frame;... count` a line)."""
    shares: Counter[str] = Counter()
    for line in raw_lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack or not count.isdigit():
            continue
        leaf = stack.rsplit(";", 1)[-1]
        if leaf.startswith(IDLE_LEAVES) or any(marker in stack for marker in ONCE):
            continue
        name = next((n for n, markers in parts if any(m in stack for m in markers)), "other")
        shares[name] += int(count)
    return shares


def print_parts(shares: Counter[str], per: int = 0, what: str = "") -> None:
    """The parts, largest first: share of busy samples (and ms per `what`, given `per`)."""
    total = sum(shares.values())
    say(f"  {total:,} busy samples at {RATE}/s")
    for name, samples in shares.most_common():
        line = f"  {samples / total:6.1%}  {name}"
        if per:
            line += f"  ({samples / RATE / per * 1000:.2f} ms a {what})"
        say(line)


def pyspy() -> str:
    """The py-spy executable (the `bench` extra installs it)."""
    found = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(found).exists():
        raise SystemExit("py-spy is not installed: pip install -e '.[bench]'")
    return found


def record(out: Path) -> list[str]:
    return [pyspy(), "record", "-r", str(RATE), "-f", "raw", "-o", str(out), "--nonblocking", "--"]


def profile_http(store: str, count: int, raw: Path | None = None) -> Counter[str]:
    """The server's busy samples while it answers `count` `POST /cases` (raw ones to `raw`)."""
    with tempfile.TemporaryDirectory() as folder, fresh_store(store) as settings:
        out = raw or Path(folder) / "http.txt"
        with server(settings, prefix=record(out)) as s:
            one_connection(s, 200)  # warm
            say(f"  {store}: {one_connection(s, count):,.0f} POST /cases a second, sampled")
            _stop_child_of(s.process)
        return busy_parts(out.read_text().splitlines(), HTTP_PARTS)


def _stop_child_of(spy: subprocess.Popen[bytes], sig: int = signal.SIGINT) -> None:
    """Stop the process py-spy runs (`sig`); py-spy writes its samples once it has exited."""
    children = [pid for pid in _pids() if _parent_of(pid) == spy.pid]
    if not children:
        raise RuntimeError(f"py-spy (pid {spy.pid}) runs no process: nothing was sampled")
    for child in children:
        os.kill(child, sig)
    spy.wait(timeout=60)


def _pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _parent_of(pid: int) -> int | None:
    """The parent's pid, from /proc/<pid>/stat (the field after the command's parenthesis)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # gone meanwhile
        return None
    return int(stat.rpartition(")")[2].split()[1])


def profile_bulk(store: str, cases: int, raw: Path | None = None) -> Counter[str]:
    """The generator's busy samples while it builds and saves `cases` cases (raw ones to `raw`)."""
    with tempfile.TemporaryDirectory() as folder:
        out = raw or Path(folder) / "bulk.txt"
        run = ["-m", "bench.profile", "generate", "--store", store, "--cases", str(cases)]
        subprocess.run(  # noqa: S603  # our own interpreter, py-spy and modules
            [*record(out), sys.executable, *run],
            cwd=ROOT,  # (the generator makes its own fresh store, as in `make bench`)
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return busy_parts(out.read_text().splitlines(), BULK_PARTS)


def profile_rebuild(store: str, events: int, raw: Path | None = None) -> Counter[str]:
    """`run-projections`' busy samples while it rebuilds every view of about `events` events."""
    with tempfile.TemporaryDirectory() as folder, fresh_store(store) as settings:
        out = raw or Path(folder) / "rebuild.txt"
        write_log(settings, events)
        head, _ = read_and_decode(settings)
        views = open_views(settings)
        try:
            spy = spawn(settings, "ops.cli", "run-projections", prefix=record(out))
            started = perf_counter()
            try:
                wait_for_views(views, head)
                seconds = perf_counter() - started
                say(f"  {store}: {head:,} events rebuilt in {seconds:.1f} s, sampled")
            finally:
                _stop_child_of(spy, signal.SIGTERM)
        finally:
            views.close()
        return busy_parts(out.read_text().splitlines(), REBUILD_PARTS)


def main(argv: Sequence[str] | None = None) -> int:
    """Profile one missed target on one store and print where its time goes."""
    parser = argparse.ArgumentParser(prog="bench.profile", description=__doc__)
    parser.add_argument("target", choices=("http", "bulk", "rebuild", "generate"))
    parser.add_argument("--store", default="postgres", choices=("postgres", "sqlite"))
    parser.add_argument("--count", type=int, default=3000, help="requests (http)")
    parser.add_argument("--cases", type=int, default=2000, help="cases generated (bulk)")
    parser.add_argument("--events", type=int, default=20_000, help="events rebuilt (rebuild)")
    parser.add_argument("--raw", type=Path, help="keep py-spy's raw samples in this file")
    args = parser.parse_args(argv)
    if args.target == "http":
        print_parts(profile_http(args.store, args.count, args.raw), args.count, "request")
    elif args.target == "bulk":
        print_parts(profile_bulk(args.store, args.cases, args.raw))
    elif args.target == "rebuild":
        print_parts(profile_rebuild(args.store, args.events, args.raw))
    else:  # generate: what `bulk` runs under py-spy
        generator_write(args.store, args.cases)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
