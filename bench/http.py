"""The command path over HTTP: one connection against in process, and open-loop load.

A real server (`python -m ops.serve --projections external`) runs on a fresh store as
its own process, with an officer of a province; the read models' runners do not run in
it (on SQLite they would by default, doing the views' work in the same interpreter).
Measured, alternating with the in-process ceiling:

- `POST /cases` sent one after another on one keep-alive connection, against the same
  command (`Petitions.record_petition`) called in this process, in a loop;
- open-loop load: requests sent at fixed offered rates whatever the answers, each
  latency taken from its scheduled send time (so a queue shows), with the requests
  shed (503) counted; and the capacity: the rate served by 16 closed-loop clients;
- the server's peak RSS and its PostgreSQL connections, at the end.
"""

from __future__ import annotations

import secrets
import signal
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from time import monotonic, perf_counter, sleep
from uuid import UUID

import httpx
from pydantic import SecretStr

from api.bootstrap import create_administrator
from api.security import hash_password
from bench.common import (
    Figure,
    client_without_gc,
    free_port,
    load_average,
    median,
    peak_rss_mib,
    pg_connections,
    say,
    spawn,
)
from bench.openloop import capacity, open_loop_figure
from bench.rawhttp import Connection, request_bytes
from domain.accounts import Accounts
from domain.act import Act
from domain.application import Petitions
from domain.application_identity import PersonalData
from domain.case import Petition
from domain.kinds import Channel
from domain.users import Role
from ops.settings import Settings
from ops.wiring import accounts_env

ON = date(2025, 8, 1)
BODY = {
    "channel": "post",
    "summary": "bench petition",
    "legal_date": ON.isoformat(),
    "petitioner": {"full_name": "Trần Thị B"},
}
RATIO_TARGET = 0.7


@dataclass
class Server:
    url: str
    token: str
    province: UUID
    process: subprocess.Popen[bytes]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def prepare(settings: Settings) -> tuple[UUID, str]:
    """A province and an officer of it; the officer's password."""
    app = Petitions(settings.eventsourcing_env())
    accounts = Accounts(accounts_env(settings))
    try:
        act = Act("bench", UUID(int=0), ON)
        province = app.register_agency("UBND tỉnh", "TN", "province", None, act).id
        create_administrator(accounts, "admin", secrets.token_urlsafe(16))
        password = secrets.token_urlsafe(16)
        accounts.register_user("officer", hash_password(password), Role.OFFICER, province, "x")
        return province, password
    finally:
        accounts.close()
        app.close()


@contextmanager
def server(settings: Settings, prefix: Sequence[str] = ()) -> Iterator[Server]:
    """The API served by its own process on a free port, the officer signed in.

    `prefix` runs the server under another command (`bench.profile`: py-spy).
    """
    settings = with_identity_key(settings)
    province, password = prepare(settings)
    port = free_port()
    # The read models' runners run apart, as on PostgreSQL (SQLite's default runs them in
    # the API process): the figures are the command path's, the views' are `rebuild`'s.
    process = spawn(
        settings, "ops.serve", "--port", str(port), "--projections", "external", prefix=prefix
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = monotonic() + 60
        while True:
            try:
                answer = httpx.post(
                    f"{url}/auth/token", data={"username": "officer", "password": password}
                )
                break
            except httpx.TransportError:
                if monotonic() > deadline or process.poll() is not None:
                    raise
                sleep(0.2)
        answer.raise_for_status()
        yield Server(url, answer.json()["access_token"], province, process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def with_identity_key(settings: Settings) -> Settings:
    """`settings` naming its master key, so a server on PostgreSQL starts with this one."""
    if settings.has_identity_key:
        return settings
    key = settings.identity_key_env()["IDENTITY_MASTER_KEY"]
    return settings.model_copy(update={"identity_master_key": SecretStr(key)})


def in_process(settings: Settings, province: UUID, count: int) -> float:
    """Commands per second of `record_petition` called in this process."""
    app = Petitions(settings.eventsourcing_env())
    try:
        act = Act("bench", province, ON)
        petition = Petition("", Channel.POST, "bench petition")
        person = PersonalData("Trần Thị B")
        app.record_petition(petition, act, person)  # warm
        started = perf_counter()
        for _ in range(count):
            app.record_petition(petition, act, person)
        return count / (perf_counter() - started)
    finally:
        app.close()


def one_connection(s: Server, count: int, method: str = "POST", expected: int = 201) -> float:
    """`method /cases` per second, one after another on one keep-alive connection.

    Sent by the lean client (`bench.rawhttp`): a general one (httpx) spends about a
    millisecond of this machine's CPU per request, which would be counted as the
    server's. Each request draws its own Idempotency-Key, as a client sending none.
    """
    payload = request_bytes(s.url, "/cases", BODY, s.headers, method)
    connection = Connection(s.url)
    try:
        _answered(connection.send(payload), expected)  # warm
        with client_without_gc():
            started = perf_counter()
            for _ in range(count):
                _answered(connection.send(payload), expected)
            return count / (perf_counter() - started)
    finally:
        connection.close()


def _answered(answer: tuple[int, bytes], expected: int) -> None:
    status, body = answer
    if status != expected:
        raise RuntimeError(f"answered {status}, not {expected}: {body[:200]!r}")


def _http_floor(store: str, in_process_rate: float, probe_rate: float, load: float) -> Figure:
    """The most `POST /cases` over HTTP could do: the command, plus an `OPTIONS` through HTTP.

    `OPTIONS /cases` goes through uvicorn and the edge (admission, request id, the log
    line), which answers it (204, `Allow`) before any routing; a command goes through
    all that and more (routing, its body read and checked, the caller, a worker
    thread). So no `POST /cases` over HTTP is faster than 1 / (1 / in process + 1 /
    the `OPTIONS` rate): that rate's ratio to the in-process one is the most the HTTP
    figure's ratio can be.
    """
    most = 1 / (1 / in_process_rate + 1 / probe_rate) if in_process_rate and probe_rate else 0.0
    return Figure(
        store,
        "HTTP floor: the command in process plus an OPTIONS /cases through HTTP",
        most,
        "req/s",
        in_process_rate,
        load=load,
        note=f"OPTIONS: {probe_rate:,.0f}/s; no HTTP POST /cases is faster, so its ratio is "
        "the most the HTTP figure's can be",
    )


def http_figures(
    store: str,
    settings: Settings,
    count: int,
    runs: int,
    rates: list[float],
    seconds: float,
) -> list[Figure]:
    """Every HTTP figure of one store, on one server process."""
    figures: list[Figure] = []
    settings = with_identity_key(settings)
    with server(settings) as s:
        ceilings, rates_one, loads, probes = [], [], [], []
        for _ in range(runs):
            ceilings.append(in_process(settings, s.province, count))
            rates_one.append(one_connection(s, count))
            probes.append(one_connection(s, count, "OPTIONS", 204))
            loads.append(load_average())
            say(
                f"  {store} POST /cases: {ceilings[-1]:.0f}/s here, {rates_one[-1]:.0f}/s HTTP; "
                f"OPTIONS /cases: {probes[-1]:.0f}/s"
            )
        value, ceiling = median(rates_one), median(ceilings)
        figures.append(
            Figure(
                store,
                "HTTP POST /cases, one connection, vs the same command in process",
                value,
                "req/s",
                ceiling,
                f">= {RATIO_TARGET:.0%}",
                value / ceiling >= RATIO_TARGET,
                median(loads),
                runs=rates_one,
            )
        )
        figures.append(_http_floor(store, ceiling, median(probes), median(loads)))
        figures.extend(open_loop_figure(store, s, BODY, rate, seconds, runs) for rate in rates)
        served = [capacity(s, BODY, min(seconds, 5.0)) for _ in range(runs)]
        figures.append(
            Figure(store, "capacity, 16 closed-loop clients", median(served), "req/s",
                   load=load_average(), runs=served)
        )  # fmt: skip
        figures.append(
            Figure(store, "API process peak RSS", peak_rss_mib(s.process.pid), "MiB",
                   load=load_average())
        )  # fmt: skip
        if settings.uses_postgres:
            held = pg_connections(s.process.pid)
            figures.append(
                Figure(store, "API process PostgreSQL connections", held, "conns",
                       target="<= 20", met=held <= 20, load=load_average())  # noqa: PLR2004
            )  # fmt: skip
    return figures
