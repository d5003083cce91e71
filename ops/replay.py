"""`petitions-ops replay NAME | --all`: rebuild read models from event zero, then swap them in.

The rebuild goes into tables beside the live view, which keeps serving; the swap
(drop the live tables, rename the rebuilt ones, move the tracking position) is one
transaction per view. A runner following the live view notices its position moved
and restarts from the rebuilt one. With `--all`, every view of each log is rebuilt
into its copy in one pass over that log (read and decoded once, see
`projections.pipeline`), then each copy is swapped in. It refuses to run over a log
failing `verify-log` unless `--accept-tampered --reason TEXT` (recorded; see
`ops.integrity.guard`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from tqdm import tqdm

from ops.integrity import guard
from ops.rebuild import catch_up_all, fresh_copy, head
from ops.settings import Settings, get_settings
from ops.wiring import open_view
from projections.batching import BatchProjection, Progress
from projections.catalogue import ALL_PROJECTIONS, application_of, projection_named


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild the read model NAME (or every one, `--all`) beside the live ones and swap in."""
    parser = argparse.ArgumentParser(
        prog="petitions-ops replay",
        description="Rebuild read models from event zero beside the live ones, then swap them in.",
    )
    parser.add_argument(
        "name", nargs="?", choices=sorted(ALL_PROJECTIONS), help="the read model to rebuild"
    )
    parser.add_argument(
        "--all", action="store_true", help="every read model, in one pass over each log"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    guard.add_arguments(parser)
    args = parser.parse_args(argv)
    guard.check_arguments(parser, args)
    if bool(args.name) == args.all:
        parser.error("name one read model, or --all")
    settings = get_settings()
    command = "replay --all" if args.all else f"replay {args.name}"
    if not guard.allowed(settings, command, args.accept_tampered, args.reason):
        return 1
    if args.all:
        for application, progress in replay_all(settings, quiet=args.quiet).items():
            _say(f"the {application} log's read models", progress)
    else:
        _say(args.name, replay(settings, args.name, quiet=args.quiet))
    return 0


def _say(what: str, progress: Progress) -> None:
    sys.stdout.write(
        f"replayed {what}: {progress.notifications} events in {progress.batches} batches, "
        f"{progress.rate():,.0f} events/s; now at position {progress.position or 0}\n"
    )


def replay(settings: Settings, name: str, quiet: bool = True) -> Progress:
    """Rebuild `name` from event zero beside the live view, then swap it in."""
    return _replay_log(settings, [projection_named(name)], name, quiet)


def replay_all(settings: Settings, quiet: bool = True) -> dict[str, Progress]:
    """Rebuild every read model beside the live ones, one pass per log, then swap each in."""
    by_log: dict[str, list[type[BatchProjection[Any]]]] = {}
    for projection in ALL_PROJECTIONS.values():
        by_log.setdefault(application_of(projection), []).append(projection)
    return {
        application: _replay_log(settings, projections, application, quiet)
        for application, projections in by_log.items()
    }


def _replay_log(
    settings: Settings,
    projections: Sequence[type[BatchProjection[Any]]],
    label: str,
    quiet: bool,
) -> Progress:
    """Rebuild the views of `projections` (one log) into fresh copies, then swap each in."""
    copies = [fresh_copy(settings, p, f"{p.name}_replay") for p in projections]
    try:
        with tqdm(
            total=head(settings, application_of(projections[0])),
            unit="ev",
            disable=quiet,
            desc=label,
            file=sys.stderr,
        ) as bar:
            progress = catch_up_all(settings, projections, copies, on_batch=bar.update)
        for projection, copy in zip(projections, copies, strict=True):
            live = open_view(settings, projection)
            try:
                copy.swap_into(live)
            finally:
                live.close()
    finally:
        for copy in copies:
            copy.close()
    return progress


if __name__ == "__main__":
    raise SystemExit(main())
