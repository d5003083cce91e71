"""`run-projections` stops within 5 s of SIGTERM, even while it waits for a connection."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from ops.settings import Settings
from tests.ops.conftest import ROOT, settings_environ

STOP_WITHIN = 5.0
STARTING = 120.0  # a loaded machine may take long to import the service


class Logged:
    """`petitions-ops run-projections` as a child process, its log lines collected."""

    def __init__(self, settings: Settings) -> None:
        self.process = subprocess.Popen(  # our own interpreter and module
            [sys.executable, "-m", "ops.cli", "run-projections"],
            cwd=ROOT,
            env=settings_environ(settings),
            stdout=subprocess.PIPE,  # the log
            stderr=subprocess.STDOUT,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.decode(errors="replace"))

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + STARTING
        while text not in self.log:
            assert self.process.poll() is None, self.log
            assert time.monotonic() < deadline, self.log
            time.sleep(0.05)

    def terminate(self) -> tuple[float, int]:
        """Send SIGTERM; the seconds it took to exit, and its exit code."""
        sent = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=STOP_WITHIN + 30)
        took = time.monotonic() - sent
        self._reader.join(timeout=5)
        return took, code


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers (a server hung or overloaded)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        yield int(server.getsockname()[1])


def test_sigterm_while_waiting_for_a_connection(
    postgres_settings: Settings, silent_server: int
) -> None:
    settings = postgres_settings.model_copy(
        update={"postgres_port": silent_server, "postgres_connect_timeout": 10}
    )
    runner = Logged(settings)
    runner.wait_for("waiting for a connection")
    time.sleep(1.0)  # inside its connection attempt (10 s)
    took, code = runner.terminate()
    assert took < STOP_WITHIN, runner.log
    assert code == 0, runner.log
    assert "stopping" in runner.log


def test_sigterm_while_following_stops_cleanly(store_settings: Settings) -> None:
    runner = Logged(store_settings)
    runner.wait_for("waiting for a connection")
    time.sleep(2.0)
    took, code = runner.terminate()
    assert code == 0, runner.log
    assert took < STOP_WITHIN, runner.log
