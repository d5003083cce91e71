"""Run a coroutine on an event loop of its own, whatever loop this thread already runs.

A session-scoped Playwright (tests/browser) keeps an event loop running in the test
thread for the rest of the session; `asyncio.run` there refuses ("cannot be called
from a running event loop"). The scenario runs on a fresh loop in its own thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_fresh(scenario: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(scenario)` on a thread of its own; its result or its exception."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fresh-loop") as pool:
        return pool.submit(asyncio.run, scenario).result()
