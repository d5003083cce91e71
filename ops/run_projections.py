"""`petitions-ops run-projections`: run the read models' projections until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from collections.abc import Sequence
from types import FrameType

from api.logs import configure_logging
from ops.runners import start_runners
from ops.settings import get_settings
from projections.catalogue import ALL_PROJECTIONS

REPORT_EVERY = 30.0


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
    with start_runners(get_settings(), args.names or None) as runners:
        while not stop.wait(REPORT_EVERY):
            for supervisor in runners.supervisors:
                progress = supervisor.progress
                logging.getLogger("run-projections").info(
                    "%s at %s of the %s log, restarts %d",
                    ", ".join(p.name for p in supervisor.projections),
                    progress.position if progress else None,
                    supervisor.application,
                    supervisor.restarts,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
