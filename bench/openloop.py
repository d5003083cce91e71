"""Open-loop load on the command path, and the capacity (`bench.http` runs them).

Requests are sent at a fixed offered rate whatever the answers, each latency taken
from its scheduled send time (so a queue shows), the requests shed (503) counted;
the capacity is the rate 16 closed-loop clients are served.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from time import monotonic
from typing import TYPE_CHECKING

import httpx

from bench.common import Figure, client_without_gc, load_average, median, percentile, say
from bench.rawhttp import Streams, request_bytes

if TYPE_CHECKING:
    from bench.http import Server

P99_TARGET_MS = 25.0
CLOSED_LOOP_CLIENTS = 16


@dataclass
class Load:
    rate: float
    sent: int
    served: int
    shed: int
    failed: int
    p50_ms: float
    p99_ms: float
    achieved: float


async def _open_loop(s: Server, body: object, rate: float, seconds: float) -> Load:
    total = int(rate * seconds)
    latencies: list[float] = []
    codes: list[int] = []
    streams = Streams(s.url)
    payload = request_bytes(s.url, "/cases", body, s.headers)
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2

    async def one(i: int) -> None:
        scheduled = start + i / rate
        await asyncio.sleep(max(0.0, scheduled - loop.time()))
        code = await streams.send(payload)
        codes.append(code)
        if code == 201:  # noqa: PLR2004
            latencies.append((loop.time() - scheduled) * 1000)

    try:
        await asyncio.gather(*(one(i) for i in range(total)))
    finally:
        streams.close()
    elapsed = loop.time() - start
    served = codes.count(201)
    return Load(
        rate,
        total,
        served,
        codes.count(503),
        total - served - codes.count(503),
        percentile(latencies, 50),
        percentile(latencies, 99),
        served / elapsed,
    )


def open_loop(s: Server, body: object, rate: float, seconds: float) -> Load:
    """`POST /cases` sent at `rate` for `seconds`, each latency from its scheduled send."""
    with client_without_gc():
        return asyncio.run(_open_loop(s, body, rate, seconds))


async def _capacity(s: Server, body: object, seconds: float) -> float:
    served = 0
    async with httpx.AsyncClient(base_url=s.url, headers=s.headers, timeout=60) as client:
        deadline = monotonic() + seconds

        async def worker() -> None:
            nonlocal served
            while monotonic() < deadline:
                if (await client.post("/cases", json=body)).status_code == 201:  # noqa: PLR2004
                    served += 1

        started = monotonic()
        await asyncio.gather(*(worker() for _ in range(CLOSED_LOOP_CLIENTS)))
        return served / (monotonic() - started)


def capacity(s: Server, body: object, seconds: float) -> float:
    """Commands served per second by 16 clients sending as fast as answered."""
    with client_without_gc():
        return asyncio.run(_capacity(s, body, seconds))


def open_loop_figure(
    store: str, s: Server, body: object, rate: float, seconds: float, runs: int
) -> Figure:
    """The p99 of `runs` open loops at `rate`: met if under the target, or if requests were shed."""
    results, loads = [], []
    for _ in range(runs):
        results.append(open_loop(s, body, rate, seconds))
        loads.append(load_average())
        r = results[-1]
        say(
            f"  {store} open loop {rate:.0f}/s: p50 {r.p50_ms:.1f} ms, p99 {r.p99_ms:.1f} ms, "
            f"served {r.served}, shed {r.shed}, failed {r.failed}"
        )
    p99 = median([r.p99_ms for r in results])
    shed = sum(r.shed for r in results)
    failed = sum(r.failed for r in results)
    return Figure(
        store,
        f"open loop {rate:.0f} req/s for {seconds:.0f} s: p99 latency from scheduled send",
        p99,
        "ms",
        target=f"<= {P99_TARGET_MS:.0f} ms, or shed (503)",
        met=(p99 <= P99_TARGET_MS or shed > 0) and failed == 0,
        load=median(loads),
        note=(
            f"p50 {median([r.p50_ms for r in results]):.1f} ms; served "
            f"{median([r.achieved for r in results]):.0f}/s; shed {shed}; failed {failed}"
        ),
        runs=[r.p99_ms for r in results],
    )
