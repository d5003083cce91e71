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
from ops.runners import Runners, runners_for
from ops.settings import get_settings
from projections.catalogue import ALL_PROJECTIONS

REPORT_EVERY = 30.0
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
    runners = runners_for(get_settings(), args.names or None)
    try:
        runners.start(cancel=stop)  # a signal while it waits for a connection: stop now
        while not stop.wait(REPORT_EVERY):
            _report(runners)
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


def _report(runners: Runners) -> None:
    for supervisor in runners.supervisors:
        progress = supervisor.progress
        log.info(
            "%s at %s of the %s log, restarts %d",
            ", ".join(p.name for p in supervisor.projections),
            progress.position if progress else None,
            supervisor.application,
            supervisor.restarts,
        )


if __name__ == "__main__":
    raise SystemExit(main())
