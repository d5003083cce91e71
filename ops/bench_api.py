"""`ops bench-api`: p50/p99 latency of a command and of a statistics query, over loopback.

Against a running server (`make run`) on 127.0.0.1 only. It signs in as an
administrator, registers a bench agency and officer, then times COUNT
`POST /cases` and COUNT report queries on one keep-alive connection each,
stopping early after SECONDS. Not a test: run it by hand and quote its output.
"""

from __future__ import annotations

import argparse
import http.client
import json
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

LOOPBACK = "127.0.0.1"
MAX_COUNT = 5000


class Client:
    """One keep-alive HTTP/1.1 connection to the API."""

    def __init__(self, port: int, token: str = "") -> None:
        self.conn = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
        self.token = token

    def call(self, method: str, path: str, body: Any = None, form: bool = False) -> Any:  # noqa: ANN401
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data = None
        if body is not None:
            data = urlencode(body) if form else json.dumps(body)
            headers["Content-Type"] = (
                "application/x-www-form-urlencoded" if form else "application/json"
            )
        self.conn.request(method, path, data, headers)
        response = self.conn.getresponse()
        payload = response.read()
        if response.status >= 400:  # noqa: PLR2004
            raise RuntimeError(f"{method} {path}: {response.status} {payload[:200]!r}")
        return json.loads(payload) if payload else None


def sign_in(port: int, username: str, password: str) -> Client:
    token = Client(port).call(
        "POST", "/auth/token", {"username": username, "password": password}, form=True
    )
    return Client(port, token["access_token"])


def prepare(admin: Client, port: int) -> Client:
    """A fresh agency and an officer of it, signed in."""
    suffix = secrets.token_hex(3)
    act = {"legal_date": "2025-08-01"}
    agency = admin.call(
        "POST", "/agencies", {"name": f"Bench {suffix}", "code": suffix, "level": "province", **act}
    )
    password = secrets.token_urlsafe(16)
    name = f"bench-{suffix}"
    admin.call(
        "POST",
        "/users",
        {"username": name, "password": password, "role": "officer", "agency_id": agency["id"]},
    )
    return sign_in(port, name, password)


def timed(call: Callable[[], object], count: int, deadline: float) -> list[float]:
    samples: list[float] = []
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def summary(name: str, samples: list[float]) -> dict[str, object]:
    ordered = sorted(samples)
    return {
        "what": name,
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print one JSON line per operation; 2 on bad arguments."""
    parser = argparse.ArgumentParser(prog="ops bench-api", description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password-stdin", action="store_true", required=True)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--report", default="/reports/statistics")
    args = parser.parse_args(argv)
    if not 1 <= args.count <= MAX_COUNT or not 0 < args.seconds <= 600:  # noqa: PLR2004
        sys.stderr.write(f"--count must be 1..{MAX_COUNT} and --seconds 0..600\n")
        return 2
    password = sys.stdin.readline().rstrip("\n")
    officer = prepare(sign_in(args.port, args.username, password), args.port)
    reader = sign_in(args.port, args.username, password)
    deadline = time.monotonic() + args.seconds
    received = (date.today() - timedelta(days=1)).isoformat()  # noqa: DTZ011
    petition = {"channel": "post", "summary": "bench petition", "legal_date": received}
    commands = timed(lambda: officer.call("POST", "/cases", petition), args.count, deadline)
    year = date.today().year  # noqa: DTZ011
    query = f"{args.report}?{urlencode({'year': year})}"
    reader = officer if args.report == "/cases" else _auditor(reader, args.port)
    queries = timed(lambda: reader.call("GET", query), args.count, deadline)
    for name, samples in (("POST /cases", commands), (f"GET {args.report}", queries)):
        if samples:
            sys.stdout.write(json.dumps(summary(name, samples)) + "\n")
    return 0


def _auditor(admin: Client, port: int) -> Client:
    """An auditor (reads every agency's figures), signed in."""
    name, password = f"bench-auditor-{secrets.token_hex(3)}", secrets.token_urlsafe(16)
    admin.call("POST", "/users", {"username": name, "password": password, "role": "auditor"})
    return sign_in(port, name, password)


if __name__ == "__main__":
    raise SystemExit(main())
