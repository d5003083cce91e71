"""The service as an operator runs it, and a bounded concurrent load of commands.

`Service` runs the API (`ops.serve`, one uvicorn process) and the projections
(`petitions-ops run-projections`) as subprocesses on a `Settings`. `Load` sends
commands from 4 client threads and records every attempt: its key, the answer (or
none), how long it waited. `tests.faults.audit` then checks them against the store.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import httpx

from ops.settings import Settings
from tests.faults.cluster import free_port
from tests.ops.conftest import ROOT, settings_environ

PASSWORD = "correct horse battery staple"
THREADS = 4
TIMEOUT = 10.0  # a client gives up after this; the tests require answers within 5 s
RECEIVED = "domain.case:Case.Received"
VERIFIED = "domain.case:Case.VerificationRecorded"


def days_ago(n: int) -> str:
    return (datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() - timedelta(days=n)).isoformat()


class Service:
    """The API process and the projections process on one store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.api: subprocess.Popen[bytes] | None = None
        self.runner: subprocess.Popen[bytes] | None = None

    def _spawn(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # noqa: S603  # our own interpreter and modules
            [sys.executable, "-m", *args],
            cwd=ROOT,
            env=settings_environ(self.settings),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def start_api(self) -> None:
        self.api = self._spawn("ops.serve", "--port", str(self.port), "--projections", "external")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base_url}/openapi.json", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError("the API did not start")

    def kill_api(self) -> None:
        assert self.api is not None
        self.api.kill()  # SIGKILL
        self.api.wait()

    def start_runner(self) -> None:
        self.runner = self._spawn("ops.cli", "run-projections")

    def kill_runner(self) -> None:
        assert self.runner is not None
        self.runner.kill()
        self.runner.wait()

    def stop(self) -> None:
        for process in (self.api, self.runner):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def create_admin(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "ops.cli", "create-admin", "--password-stdin"],
            cwd=ROOT,
            env=settings_environ(self.settings),
            input=f"{PASSWORD}\n".encode(),
            check=True,
            capture_output=True,
        )

    def verify(self) -> subprocess.CompletedProcess[str]:
        """`petitions-ops verify`, as an operator runs it."""
        return subprocess.run(
            [sys.executable, "-m", "ops.cli", "verify"],
            cwd=ROOT,
            env=settings_environ(self.settings),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )


@contextmanager
def running(settings: Settings) -> Iterator[Service]:
    service = Service(settings)
    try:
        service.create_admin()
        service.start_runner()
        service.start_api()
        yield service
    finally:
        service.stop()


@dataclass
class Office:
    """An agency, its officer's bearer header, and one accepted case per client thread."""

    headers: dict[str, str]
    agency: str
    cases: list[str] = field(default_factory=list)


def login(client: httpx.Client, username: str) -> dict[str, str]:
    answer = client.post("/auth/token", data={"username": username, "password": PASSWORD})
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def ok(client: httpx.Client, headers: dict[str, str], path: str, body: Any) -> dict[str, Any]:
    answer = client.post(path, json=body, headers=headers)
    assert answer.status_code in {200, 201}, answer.text
    return dict(answer.json())


def set_up_office(service: Service, cases: int = THREADS) -> Office:
    with httpx.Client(base_url=service.base_url, timeout=TIMEOUT) as client:
        admin = login(client, "admin")
        agency = ok(
            client,
            admin,
            "/agencies",
            {"name": "UBND xã Thử", "code": "T1", "level": "commune", "legal_date": "2025-08-01"},
        )["id"]
        ok(
            client,
            admin,
            "/users",
            {"username": "officer", "password": PASSWORD, "role": "officer", "agency_id": agency},
        )
        office = Office(login(client, "officer"), agency)
        for _ in range(cases):
            office.cases.append(accepted_case(client, office))
        return office


def accepted_case(client: httpx.Client, office: Office) -> str:
    body = {
        "channel": "post",
        "summary": "Đơn nền",
        "legal_date": days_ago(30),
        "petitioner": {"full_name": "Trần Thị B"},
    }
    case = ok(client, office.headers, "/cases", body)["id"]
    ok(
        client,
        office.headers,
        f"/cases/{case}/classification",
        {
            "kind": "recommendation",
            "field": "roads",
            "competent_agency_id": office.agency,
            "legal_date": days_ago(29),
        },
    )
    ok(client, office.headers, f"/cases/{case}/acceptance", {"legal_date": days_ago(20)})
    return case


@dataclass
class Attempt:
    """One command as a client sent it, and what came back."""

    marker: str
    path: str
    body: dict[str, Any]
    key: str | None
    started: float = 0.0
    elapsed: float = 0.0
    status: int | None = None
    answer: dict[str, Any] | None = None
    returned_key: str | None = None
    retry_after: str | None = None
    retried_status: int | None = None

    @property
    def answered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def retry_key(self) -> str | None:
        return self.key or self.returned_key


@dataclass
class Load:
    """`commands` commands from `THREADS` threads, paced over about `seconds` seconds.

    Threads with an even number send an Idempotency-Key, the others none. Each
    thread alternates new petitions and verification steps on its own case, and
    reads the case index between commands.
    """

    service: Service
    office: Office
    commands: int
    seconds: float
    attempts: list[Attempt] = field(default_factory=list)
    reads: list[tuple[float, float, int | None]] = field(default_factory=list)
    run: str = field(default_factory=lambda: uuid4().hex[:8])

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_all)
        thread.start()
        return thread

    def run_all(self) -> None:
        threads = [threading.Thread(target=self._client, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _client(self, number: int) -> None:
        share = self.commands // THREADS
        pause = self.seconds / share
        with httpx.Client(base_url=self.service.base_url, timeout=TIMEOUT) as client:
            for i in range(share):
                attempt = self._attempt(number, i)
                self.attempts.append(attempt)
                self._send(client, attempt)
                self._read(client)
                time.sleep(max(pause - attempt.elapsed, 0))

    def _attempt(self, number: int, i: int) -> Attempt:
        marker = f"load {self.run} t{number} #{i}"
        key = f"{self.run}-{number}-{i}" if number % 2 == 0 else None
        if i % 2 == 0:
            body = {"channel": "online", "summary": marker, "legal_date": days_ago(1)}
            return Attempt(marker, "/cases", body, key)
        case = self.office.cases[number]
        body = {"step": marker, "legal_date": days_ago(0)}
        return Attempt(marker, f"/cases/{case}/verifications", body, key)

    def _send(self, client: httpx.Client, attempt: Attempt) -> None:
        headers = dict(self.office.headers)
        if attempt.key:
            headers["Idempotency-Key"] = attempt.key
        attempt.started = time.monotonic()
        try:
            answer = client.post(attempt.path, json=attempt.body, headers=headers)
        except httpx.HTTPError:
            attempt.elapsed = time.monotonic() - attempt.started
            return
        attempt.elapsed = time.monotonic() - attempt.started
        attempt.status = answer.status_code
        attempt.returned_key = answer.headers.get("idempotency-key")
        attempt.retry_after = answer.headers.get("retry-after")
        if attempt.answered:
            attempt.answer = answer.json()

    def _read(self, client: httpx.Client) -> None:
        started = time.monotonic()
        try:
            status: int | None = client.get(
                "/cases", params={"limit": 5}, headers=self.office.headers
            ).status_code
        except httpx.HTTPError:
            status = None
        self.reads.append((started, time.monotonic() - started, status))


def jitter(low: float, high: float) -> float:
    return random.uniform(low, high)  # noqa: S311  # fault timing, not security


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
