"""A small in-process sliding-window rate limiter, keyed by client address."""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from fastapi import Request

from api.problems import ApiProblemError


class RateLimiter:
    """At most `limit` hits per `window` seconds per key."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self.hits: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def retry_after(self, key: str) -> float:
        """Record a hit; 0 when allowed, else the seconds to wait."""
        now = time.monotonic()
        with self.lock:
            if len(self.hits) > 10_000:  # noqa: PLR2004
                self._forget(now)
            hits = self.hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return hits[0] + self.window - now
            hits.append(now)
            return 0.0

    def _forget(self, now: float) -> None:
        for key in [k for k, v in self.hits.items() if not v or v[-1] <= now - self.window]:
            del self.hits[key]

    def check(self, request: Request, bucket: str) -> None:
        client = request.client.host if request.client else "unknown"
        wait = self.retry_after(f"{bucket}:{client}")
        if wait > 0:
            raise ApiProblemError(
                429,
                "too-many-requests",
                "too many requests from this address; try again later",
                {"Retry-After": str(math.ceil(wait))},
            )
