"""`petitions-ops verify`: rebuild every read model into scratch tables and diff it row by row.

Each view is rebuilt up to the live view's position (read in one snapshot with
its rows), then compared. Exit status 1, with the differing rows printed, when
any view differs from its rebuild. It refuses to run over a log failing `verify-log`
unless `--accept-tampered --reason TEXT` (recorded; see `ops.integrity.guard`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from ops.integrity import guard
from ops.progress import steps
from ops.rebuild import catch_up, fresh_copy
from ops.settings import Settings, get_settings
from ops.wiring import open_view
from projections.batching import BatchProjection
from projections.catalogue import ALL_PROJECTIONS, projection_named

ATTEMPTS = 5


def main(argv: Sequence[str] | None = None) -> int:
    """Compare every read model (or the named ones) with a fresh rebuild."""
    parser = argparse.ArgumentParser(
        prog="petitions-ops verify",
        description="Rebuild read models into scratch tables and diff them against the live ones.",
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"read models (default: all of {', '.join(ALL_PROJECTIONS)})",
    )
    parser.add_argument("--show", type=int, default=20, help="differences shown per view")
    guard.add_arguments(parser)
    args = parser.parse_args(argv)
    guard.check_arguments(parser, args)
    unknown = set(args.names) - ALL_PROJECTIONS.keys()
    if unknown:
        parser.error(f"unknown read models: {', '.join(sorted(unknown))}")
    settings = get_settings()
    if not guard.allowed(settings, "verify", args.accept_tampered, args.reason):
        return 1
    names = args.names or list(ALL_PROJECTIONS)
    failed = 0
    for name in steps(names, "petitions-ops verify"):
        differences = verify(settings, projection_named(name))
        for line in differences[: args.show]:
            sys.stdout.write(f"{name}: {line}\n")
        more = len(differences) - args.show
        if more > 0:
            sys.stdout.write(f"{name}: ... and {more} more\n")
        sys.stdout.write(f"{name}: {'OK' if not differences else 'DIFFERS'}\n")
        failed += bool(differences)
    return 1 if failed else 0


def verify(settings: Settings, projection: type[BatchProjection[Any]]) -> list[str]:
    """Differences between the live view and a rebuild at the same position (empty: equal)."""
    live = open_view(settings, projection)
    copy = fresh_copy(settings, projection, f"{projection.name}_verify")
    try:
        for _ in range(ATTEMPTS):
            position, rows = live.dump()
            catch_up(settings, projection, copy, stop=position or 0)
            rebuilt_position, rebuilt = copy.dump()
            if rebuilt_position == position:
                return diff(rows, rebuilt)
        return [f"the live view kept moving; last at {position}, rebuild at {rebuilt_position}"]
    finally:
        copy.drop_view()
        copy.close()
        live.close()


def diff(
    live: dict[str, dict[object, object]], rebuilt: dict[str, dict[object, object]]
) -> list[str]:
    """Row-by-row differences, table by table."""
    lines = []
    for table in sorted(live.keys() | rebuilt.keys()):
        mine, theirs = live.get(table, {}), rebuilt.get(table, {})
        for key in sorted(mine.keys() | theirs.keys(), key=str):
            a, b = mine.get(key), theirs.get(key)
            if a == b:
                continue
            lines.append(f"{table} {key}: live {a!r} != rebuilt {b!r}")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
