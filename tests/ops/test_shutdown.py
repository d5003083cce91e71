"""`run-projections` stops within 5 s of SIGTERM, even while it waits for a connection."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from ops.settings import Settings
from tests.ops.conftest import ROOT, settings_environ, spawn

STOP_WITHIN = 5.0


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
    runner = subprocess.Popen(  # our own interpreter and module
        [sys.executable, "-m", "ops.cli", "run-projections"],
        cwd=ROOT,
        env=settings_environ(settings),
        stdout=subprocess.PIPE,  # the log
        stderr=subprocess.STDOUT,
    )
    time.sleep(3.0)  # well inside its connection attempt (10 s)
    assert runner.poll() is None
    sent = time.monotonic()
    runner.send_signal(signal.SIGTERM)
    runner.wait(timeout=STOP_WITHIN + 5)
    took = time.monotonic() - sent
    assert runner.stdout is not None
    log = runner.stdout.read().decode()
    assert took < STOP_WITHIN, log
    assert "waiting for a connection" in log
    assert "stopping" in log


def test_sigterm_while_following_stops_cleanly(store_settings: Settings) -> None:
    runner = spawn(store_settings, "run-projections")
    time.sleep(3.0)
    sent = time.monotonic()
    runner.send_signal(signal.SIGTERM)
    assert runner.wait(timeout=STOP_WITHIN + 5) == 0
    assert time.monotonic() - sent < STOP_WITHIN
