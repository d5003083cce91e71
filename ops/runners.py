"""Projection runners: catch up in batches, then follow live events, supervised.

`start_runners(settings)` is a context manager: on entry the read models get one
`GroupRunner` per log they follow (one subscription, each notification decoded
once, each view committing its own batches): the petitions views on the petitions
log, the users directory on the accounts log, the integrity log on every store, each
in a supervising thread (and a thread signing the integrity checkpoints); a runner
that fails (a lost
connection, a position moved by a replay or by another instance) is restarted
from the views' committed positions after a short back-off. On exit it stops.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from time import monotonic
from typing import Any

from ops.budget import runner_pool_env, runners_budget
from ops.integrity.signer import CheckpointSigner
from ops.settings import Settings
from ops.wiring import source_of, view_class
from projections.batching import BatchProjection, Progress
from projections.catalogue import ALL_PROJECTIONS, application_of, projection_named
from projections.group import GroupRunner
from projections.integrity.projection import IntegrityProjection

log = logging.getLogger(__name__)
BACKOFF_FIRST = 0.05
BACKOFF_MAX = 5.0
START_WAIT = 30.0
SLOW_SQLITE_RECORDER = "projections.recorders:SlowPollingSQLiteApplicationRecorder"


class Supervisor:
    """Keeps one runner going until stopped: projections that follow the same log."""

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
        self.application = application_of(self.projections[0])
        name = f"projections-{self.application}"
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    @property
    def progress(self) -> Progress | None:
        return self._runner.progress if self._runner else None

    def start(self, cancel: threading.Event | None = None) -> None:
        """Start the thread; wait (at most 30 s) until it runs or fails, or `cancel` is set."""
        self._thread.start()
        deadline = monotonic() + START_WAIT
        while not self._started.wait(0.05):
            if (cancel is not None and cancel.is_set()) or monotonic() > deadline:
                return

    def stop(self) -> None:
        self._stopping.set()
        runner = self._runner
        if runner is not None:
            runner.stop()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        backoff = BACKOFF_FIRST
        while not self._stopping.is_set():
            try:
                self._run_once()
                backoff = BACKOFF_FIRST
            except Exception as error:  # noqa: BLE001  # any failure restarts the runner
                self.last_error = error
                self.restarts += 1
                log.warning(
                    "projections restart: %r; waiting %.2f s for the %s store",
                    error,
                    backoff,
                    self.application,
                )
                self._started.set()
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX)

    def _run_once(self) -> None:
        application_class, env = source_of(self.settings, self.projections[0])
        log.info("projections of the %s log: waiting for a connection", self.application)
        for projection in self.projections[1:]:  # each view's own store settings
            env.update(source_of(self.settings, projection)[1])
        if issubclass(self.projections[0], IntegrityProjection) and not self.settings.uses_postgres:
            env["APPLICATION_RECORDER_TOPIC"] = SLOW_SQLITE_RECORDER  # no 10 ms polling needed
        env.update(runner_pool_env(self.application, self.settings))  # `ops.budget`
        runner = GroupRunner(
            application_class=application_class,
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
    """The running read models, one supervisor per log they follow."""

    def __init__(
        self, supervisors: Sequence[Supervisor], signer: CheckpointSigner | None = None
    ) -> None:
        self.supervisors = list(supervisors)
        self.signer = signer  # signs the integrity checkpoints at an interval, if wanted

    @property
    def supervisor(self) -> Supervisor:
        """The first supervisor (the petitions views', unless only others were named)."""
        return self.supervisors[0]

    @property
    def names(self) -> list[str]:
        return [p.name for s in self.supervisors for p in s.projections]

    @property
    def restarts(self) -> int:
        return sum(s.restarts for s in self.supervisors)

    def budget(self) -> dict[str, int]:
        """The most PostgreSQL connections each part holds (`ops.budget`, README)."""
        groups = [s.projections for s in self.supervisors]
        return runners_budget(groups, signs=self.signer is not None)

    def start(self, cancel: threading.Event | None = None) -> None:
        for supervisor in self.supervisors:
            supervisor.start(cancel)
        if self.signer is not None:
            self.signer.start()

    def alive(self) -> bool:
        """True while a supervisor's thread still runs (after `stop`: one still blocked)."""
        return any(s.is_alive() for s in self.supervisors)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop every runner; wait at most `timeout` seconds in all for their threads.

        A thread still blocked (connecting to a server that does not answer) is a
        daemon: it is left behind, and the process exits without it.
        """
        deadline = monotonic() + timeout
        for supervisor in self.supervisors:
            supervisor.stop()
        if self.signer is not None:
            self.signer.stop(timeout=max(deadline - monotonic(), 0.0) / 2)
        for supervisor in self.supervisors:
            supervisor.join(timeout=max(deadline - monotonic(), 0.0))


def runners_for(settings: Settings, names: Sequence[str] | None = None) -> Runners:
    """The runners of the named read models (default: all), not started."""
    chosen = [projection_named(n) for n in names] if names else list(ALL_PROJECTIONS.values())
    # One runner per log, and the integrity log apart: the views' batches never wait on it.
    by_log: dict[tuple[str, bool], list[type[BatchProjection[Any]]]] = {}
    for projection in chosen:
        key = (application_of(projection), issubclass(projection, IntegrityProjection))
        by_log.setdefault(key, []).append(projection)
    signs = any(issubclass(p, IntegrityProjection) for p in chosen)
    signer = CheckpointSigner(settings) if signs and CheckpointSigner.wanted(settings) else None
    return Runners([Supervisor(settings, group) for group in by_log.values()], signer)


@contextmanager
def start_runners(settings: Settings, names: Sequence[str] | None = None) -> Iterator[Runners]:
    """Run the named read models (default: all), catching up then following live events."""
    runners = runners_for(settings, names)
    try:
        runners.start()
        yield runners
    finally:
        runners.stop()
