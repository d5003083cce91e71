"""`petitions-ops run-projections`: run the read models' projections until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from api.logs import configure_logging
from ops.budget import one_connection
from ops.rebuild import head
from ops.runners import Runners, Supervisor, runners_for
from ops.settings import Settings, get_settings
from projections.catalogue import ALL_PROJECTIONS

REPORT_EVERY = 30.0
CATCH_UP_EVERY = 2.0  # while catching up to the log's head as it was at start
STOP_WITHIN = 3.0  # seconds granted to the runners to stop after SIGTERM/SIGINT
log = logging.getLogger("run-projections")


def main(argv: Sequence[str] | None = None) -> int:
    """Catch every read model (or the named ones) up, then follow live events."""
    parser = argparse.ArgumentParser(
        prog="petitions-ops run-projections",
        description="Run the read models' projections: catch up in batches, then follow.",
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"read models (default: all of {', '.join(ALL_PROJECTIONS)})",
    )
    args = parser.parse_args(argv)
    unknown = set(args.names) - ALL_PROJECTIONS.keys()
    if unknown:
        parser.error(f"unknown read models: {', '.join(sorted(unknown))}")
    configure_logging()
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        del signum, frame
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    settings = get_settings()
    runners = runners_for(settings, args.names or None)
    try:
        runners.start(cancel=stop)  # a signal while it waits for a connection: stop now
        heads = _read_heads_aside(settings, runners)
        every = CATCH_UP_EVERY
        while not stop.wait(every):
            behind = False
            for supervisor in runners.supervisors:
                behind |= _report(supervisor, heads.get(supervisor.application))
            every = CATCH_UP_EVERY if behind else REPORT_EVERY
    finally:
        log.info("stopping (at most %.0f s)", STOP_WITHIN)
        runners.stop(timeout=STOP_WITHIN)
    if runners.alive():
        # A runner still blocked (connecting to a server that does not answer): exit
        # now rather than in the interpreter's shutdown; its transaction, if any, is
        # rolled back by the server when the connection goes.
        log.warning("runners still blocked after %.0f s: exiting without them", STOP_WITHIN)
        sys.stdout.flush()
        os._exit(0)
    return 0


def _read_heads_aside(settings: Settings, runners: Runners) -> dict[str, int]:
    """The head of each followed log as it is now, read on a daemon thread.

    Reading it needs a connection: while the store does not answer, the main thread
    must stay free to honour SIGTERM, so the targets fill in when they can.
    """
    heads: dict[str, int] = {}
    settings = one_connection(settings)  # `ops.budget`: one connection, one log at a time

    def read() -> None:
        for supervisor in runners.supervisors:
            try:
                heads[supervisor.application] = head(settings, supervisor.application)
            except Exception:  # noqa: BLE001 - the progress line then names no target
                log.info("the %s log's head is not readable yet", supervisor.application)

    threading.Thread(target=read, name="catch-up-target", daemon=True).start()
    return heads


def _report(supervisor: Supervisor, target: int | None) -> bool:
    """Log how far the supervisor's projections are; True while short of `target`."""
    progress = supervisor.progress
    position = (progress.position if progress else None) or 0
    if target is None:
        log.info(
            "%s at %s of the %s log (catch-up target not read yet), restarts %d",
            ", ".join(p.name for p in supervisor.projections),
            position,
            supervisor.application,
            supervisor.restarts,
        )
        return True
    share = f"{min(position, target) / target:.0%}" if target else "100%"
    log.info(
        "%s at %s of the %s log (catch-up target %d, %s), restarts %d",
        ", ".join(p.name for p in supervisor.projections),
        position,
        supervisor.application,
        target,
        share,
        supervisor.restarts,
    )
    return position < target


if __name__ == "__main__":
    raise SystemExit(main())
