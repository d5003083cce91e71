"""`petitions-ops replay NAME`: rebuild one read model from event zero, then swap it in.

The rebuild goes into tables beside the live view, which keeps serving; the swap
(drop the live tables, rename the rebuilt ones, move the tracking position) is one
transaction. A runner following the live view notices its position moved and
restarts from the rebuilt one. It refuses to run over a log failing `verify-log`
unless `--accept-tampered --reason TEXT` (recorded; see `ops.integrity.guard`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tqdm import tqdm

from ops.integrity import guard
from ops.rebuild import catch_up, fresh_copy, head
from ops.settings import Settings, get_settings
from ops.wiring import open_view
from projections.batching import Progress
from projections.catalogue import ALL_PROJECTIONS, application_of, projection_named


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild the read model NAME beside the live one and swap it in."""
    parser = argparse.ArgumentParser(
        prog="petitions-ops replay",
        description="Rebuild one read model from event zero beside the live one, then swap it in.",
    )
    parser.add_argument("name", choices=sorted(ALL_PROJECTIONS), help="the read model to rebuild")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    guard.add_arguments(parser)
    args = parser.parse_args(argv)
    guard.check_arguments(parser, args)
    settings = get_settings()
    if not guard.allowed(settings, f"replay {args.name}", args.accept_tampered, args.reason):
        return 1
    progress = replay(settings, args.name, quiet=args.quiet)
    sys.stdout.write(
        f"replayed {args.name}: {progress.notifications} events in {progress.batches} batches, "
        f"{progress.rate():,.0f} events/s; now at position {progress.position or 0}\n"
    )
    return 0


def replay(settings: Settings, name: str, quiet: bool = True) -> Progress:
    """Rebuild `name` from event zero beside the live view, then swap it in."""
    projection = projection_named(name)
    copy = fresh_copy(settings, projection, f"{projection.name}_replay")
    with tqdm(
        total=head(settings, application_of(projection)),
        unit="ev",
        disable=quiet,
        desc=name,
        file=sys.stderr,
    ) as bar:
        progress = catch_up(settings, projection, copy, on_batch=bar.update)
    live = open_view(settings, projection)
    try:
        copy.swap_into(live)
    finally:
        copy.close()
        live.close()
    return progress


if __name__ == "__main__":
    raise SystemExit(main())
