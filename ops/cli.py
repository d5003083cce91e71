"""`petitions-ops`: the operations commands, one subcommand per module with `main(argv) -> int`."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

# subcommand: (module with `main(argv) -> int`, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run-projections": (
        "ops.run_projections",
        "run the read models' projections (catch up, then follow)",
    ),
    "replay": ("ops.replay", "rebuild one read model beside the live one and swap it in"),
    "verify": ("ops.verify", "rebuild every read model into scratch tables and diff them"),
    # ----- other teams' subcommands: add them below this line -----------------------------
    "create-admin": ("ops.create_admin", "create the first administrator account"),
    "demo": ("ops.demo.cli", "load the demo province into an empty embedded database"),
    "import": ("ops.importer.cli", "import a paper backlog of petitions from a CSV or XLSX file"),
    "reproduce-report": (
        "ops.reproduce",
        "recompute an issued report from the log; 1 if it differs",
    ),
}


def usage() -> str:
    lines = ["usage: petitions-ops COMMAND [ARGS...]  (COMMAND --help for its options)", ""]
    lines += [f"  {name:<16} {text}" for name, (_, text) in COMMANDS.items()]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the subcommand named first in `argv`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(usage())
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        sys.stderr.write(f"petitions-ops: unknown command {name!r}\n\n{usage()}")
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    code: int = module.main(rest)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
