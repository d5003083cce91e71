"""The service as an operator runs it, a bounded concurrent load, and the exactly-once audit.

`Service` runs the API (`ops.serve`, one uvicorn process) and the projections
(`petitions-ops run-projections`) as subprocesses on a `Settings`. `Load` sends
commands from 4 client threads and records every attempt: its key, the answer (or
none), how long it waited. `audit` then retries every key that was not answered,
and counts, per command, how many times the store holds it.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import httpx

from domain.application import Petitions
from ops.settings import Settings
from ops.wiring import open_views
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


@dataclass
class Figures:
    """What the closing note reports for one fault test."""

    name: str
    tried: int = 0
    answered: int = 0
    stored_once: int = 0
    lost: int = 0
    doubled: int = 0
    unanswered_stored: int = 0
    unanswered_not_stored: int = 0
    keys_resolved: int = 0
    stored_after_retry: int = 0
    longest_wait: float = 0.0
    longest_wait_while_down: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        return json.dumps(self.__dict__, default=str)


def stored_counts(settings: Settings) -> Counter[str]:
    """How many times the store holds each load command (by its unique marker)."""
    app = Petitions(settings.eventsourcing_env())
    counts: Counter[str] = Counter()
    try:
        start = 1
        while True:
            page = app.recorder.select_notifications(
                start=start, limit=1000, topics=[RECEIVED, VERIFIED]
            )
            for notification in page:
                event: Any = app.mapper.to_domain_event(notification)
                text = event.summary if notification.topic == RECEIVED else event.step
                if text.startswith("load "):
                    counts[text] += 1
            if len(page) < 1000:
                return counts
            start = page[-1].id + 1
    finally:
        app.close()


def retry_keys(service: Service, office: Office, attempts: list[Attempt]) -> None:
    """After recovery, retry every unanswered command that has a key to retry with."""
    with httpx.Client(base_url=service.base_url, timeout=TIMEOUT) as client:
        for attempt in attempts:
            if attempt.answered or attempt.retry_key is None:
                continue
            headers = {**office.headers, "Idempotency-Key": attempt.retry_key}
            answer = client.post(attempt.path, json=attempt.body, headers=headers)
            attempt.retried_status = answer.status_code
            if 200 <= answer.status_code < 300:
                attempt.answer = answer.json()


def audit(
    name: str,
    settings: Settings,
    attempts: list[Attempt],
    before_retries: Counter[str],
    down: Callable[[float], bool] = lambda _: False,
) -> Figures:
    """Count the guarantees; the caller asserts them.

    `before_retries` is what the store held when the load ended, before the keys of
    unanswered commands were retried; the rest is counted after those retries.
    """
    counts = stored_counts(settings)
    figures = Figures(name, tried=len(attempts))
    statuses: Counter[str] = Counter(str(a.status) for a in attempts)
    figures.statuses = dict(statuses)
    for attempt in attempts:
        stored = counts[attempt.marker]
        figures.longest_wait = max(figures.longest_wait, attempt.elapsed)
        if down(attempt.started) or down(attempt.started + attempt.elapsed):
            figures.longest_wait_while_down = max(figures.longest_wait_while_down, attempt.elapsed)
        if attempt.answered:
            figures.answered += 1
            figures.stored_once += stored == 1
            figures.lost += stored == 0
        elif before_retries[attempt.marker]:
            figures.unanswered_stored += 1
        else:
            figures.unanswered_not_stored += 1
        figures.doubled += max(stored, before_retries[attempt.marker]) > 1
        figures.stored_after_retry += bool(attempt.retried_status) and stored == 1
        if attempt.retried_status is not None and 200 <= attempt.retried_status < 300:
            figures.keys_resolved += 1
    return figures


def answers_match_the_store(settings: Settings, attempts: list[Attempt]) -> list[str]:
    """Every answered new petition names the case the store holds for its marker."""
    app = Petitions(settings.eventsourcing_env())
    wrong = []
    try:
        for attempt in attempts:
            if attempt.answer is None or attempt.path != "/cases":
                continue
            case = app.get_case(UUID(attempt.answer["id"]))
            if case.summary != attempt.marker:
                wrong.append(attempt.marker)
            if attempt.answer.get("reference_code") != case.reference_code:
                wrong.append(f"{attempt.marker}: code")
    finally:
        app.close()
    return wrong


def views_caught_up(settings: Settings, timeout: float = 60) -> bool:
    app = Petitions(settings.eventsourcing_env())
    try:
        head = app.recorder.max_notification_id() or 0
    finally:
        app.close()
    views = open_views(settings)
    try:
        return views.wait_for(head, timeout)
    finally:
        views.close()


def jitter(low: float, high: float) -> float:
    return random.uniform(low, high)  # noqa: S311  # fault timing, not security


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
