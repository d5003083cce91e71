"""Projection runners: catch up in batches, then follow live events, supervised.

`start_runners(settings)` is a context manager: on entry the read models get one
`GroupRunner` (one subscription, each notification decoded once, each view
committing its own batches) in a supervising thread; a runner that fails (a lost
connection, a position moved by a replay or by another instance) is restarted
from the views' committed positions after a short back-off. On exit it stops.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from domain.application import Petitions
from ops.settings import Settings
from ops.wiring import view_class
from projections.batching import BatchProjection, Progress
from projections.catalogue import PROJECTIONS, projection_named
from projections.group import GroupRunner

log = logging.getLogger(__name__)
BACKOFF_FIRST = 0.05
BACKOFF_MAX = 5.0
RUNNER_POOL_SIZE = "1"


class Supervisor:
    """Keeps one projection's runner going until stopped."""

    def __init__(
        self, settings: Settings, projections: Sequence[type[BatchProjection[Any]]]
    ) -> None:
        self.settings = settings
        self.projections = list(projections)
        self.restarts = 0
        self.last_error: BaseException | None = None
        self._stopping = threading.Event()
        self._runner: GroupRunner | None = None
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name="projections", daemon=True)

    @property
    def progress(self) -> Progress | None:
        return self._runner.progress if self._runner else None

    def start(self) -> None:
        self._thread.start()
        self._started.wait(timeout=30)

    def stop(self) -> None:
        self._stopping.set()
        runner = self._runner
        if runner is not None:
            runner.stop()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        backoff = BACKOFF_FIRST
        while not self._stopping.is_set():
            try:
                self._run_once()
                backoff = BACKOFF_FIRST
            except Exception as error:  # noqa: BLE001  # any failure restarts the runner
                self.last_error = error
                self.restarts += 1
                log.warning("projections restart: %r", error)
                self._started.set()
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX)

    def _run_once(self) -> None:
        env = self.settings.eventsourcing_env()
        env["POSTGRES_POOL_SIZE"] = RUNNER_POOL_SIZE  # the pools open this many at once
        runner = GroupRunner(
            application_class=Petitions,
            projection_classes=self.projections,
            view_classes=[view_class(self.settings, p) for p in self.projections],
            env=env,
        )
        self._runner = runner
        try:
            with runner:
                self._started.set()
                if self._stopping.is_set():
                    return
                runner.run_forever()
        finally:
            self._runner = None
            runner.close_views()  # the library's runner closes its application, not views


class Runners:
    """The running read models, under one supervisor."""

    def __init__(self, supervisor: Supervisor) -> None:
        self.supervisor = supervisor

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.supervisor.projections]

    def stop(self) -> None:
        self.supervisor.stop()
        self.supervisor.join(timeout=30)


@contextmanager
def start_runners(settings: Settings, names: Sequence[str] | None = None) -> Iterator[Runners]:
    """Run the named read models (default: all), catching up then following live events."""
    chosen = [projection_named(n) for n in names] if names else list(PROJECTIONS.values())
    runners = Runners(Supervisor(settings, chosen))
    try:
        runners.supervisor.start()
        yield runners
    finally:
        runners.stop()
