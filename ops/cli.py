"""`petitions-ops`: the operations commands on Typer, one program name in every help text.

Each subcommand is a module with `main(argv) -> int`, registered in `COMMANDS` (one
line each). The commands in `OPTIONS` have real Typer options, shown by
`petitions-ops COMMAND --help`, and pass them on to their module; any other
registered module is wrapped generically and receives its arguments as given
(its own `--help` then describes them).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

PROG = "petitions-ops"

# subcommand: (module with `main(argv) -> int`, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run-projections": (
        "ops.run_projections",
        "run the read models' projections (catch up, then follow)",
    ),
    "replay": (
        "ops.replay",
        "rebuild one read model (or --all, one pass per log) beside the live one, swap it in",
    ),
    "verify": ("ops.verify", "rebuild every read model into scratch tables and diff them"),
    # ----- other teams' subcommands: add them below this line -----------------------------
    "create-admin": ("ops.create_admin", "create the first administrator account"),
    "demo": ("ops.demo.cli", "load the demo province into an empty embedded database"),
    "import": ("ops.importer.cli", "import a paper backlog of petitions from a CSV or XLSX file"),
    "keygen": ("ops.keygen_cli", "make the Ed25519 key that signs integrity checkpoints"),
    "checkpoint": ("ops.checkpoint_cli", "sign and file the integrity log's tree heads now"),
    "verify-log": ("ops.verify_log_cli", "recompute the integrity log and name altered events"),
    "verify-proof": ("ops.verify_proof_cli", "check a proof or an export offline (public key)"),
    "db-roles": ("ops.db_roles_cli", "PostgreSQL owner and append-only service roles (SQL)"),
    "export": ("ops.export_cli", "audit export of cases with their proofs (JSONL or CSV)"),
    "rewrap-keys": ("ops.rewrap_keys", "wrap every petitioner's data key under a new master key"),
    "shred-identity": ("ops.shred_identity", "erase a case's petitioner identity (administrator)"),
    "reproduce-report": (
        "ops.reproduce",
        "recompute an issued report from the log; 1 if it differs",
    ),
}

app = typer.Typer(
    name=PROG,
    help="Operations of the petitions service: read models, demo data, imports, accounts.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def run(name: str, argv: Sequence[str]) -> int:
    """Run the registered subcommand `name` with `argv`; a non-zero status exits with it."""
    module = importlib.import_module(COMMANDS[name][0])
    code: int = module.main(list(argv))
    if code:
        raise typer.Exit(code)
    return code


Names = Annotated[
    list[str] | None, typer.Argument(metavar="NAME", help="read models (default: all)")
]
Quiet = Annotated[bool, typer.Option("--quiet", help="no progress bar")]


AcceptTampered = Annotated[
    bool,
    typer.Option(
        "--accept-tampered",
        help="run although verify-log finds the log altered (needs --reason; recorded)",
    ),
]
Reason = Annotated[str | None, typer.Option(help="why a tampered log is accepted (recorded)")]


def _tampered(accept: bool, reason: str | None) -> list[str]:
    return [*(["--accept-tampered"] if accept else []), *_option("--reason", reason)]


def verify(
    names: Names = None,
    show: Annotated[int, typer.Option(help="differences shown per view")] = 20,
    accept_tampered: AcceptTampered = False,
    reason: Reason = None,
) -> int:
    """Rebuild read models into scratch tables and diff them against the live ones."""
    argv = [*(names or []), "--show", str(show), *_tampered(accept_tampered, reason)]
    return run("verify", argv)


def replay(
    name: Annotated[str | None, typer.Argument(help="the read model to rebuild (or --all)")] = None,
    all_views: Annotated[
        bool, typer.Option("--all", help="every read model, in one pass over each log")
    ] = False,
    quiet: Quiet = False,
    accept_tampered: AcceptTampered = False,
    reason: Reason = None,
) -> int:
    """Rebuild one read model (or all) from event zero beside the live ones, then swap in."""
    argv = [*([name] if name else []), *(["--all"] if all_views else [])]
    argv += [*(["--quiet"] if quiet else []), *_tampered(accept_tampered, reason)]
    return run("replay", argv)


def run_projections(names: Names = None) -> int:
    """Run the read models' projections: catch up in batches (progress logged), then follow."""
    return run("run-projections", list(names or []))


def demo(
    reset: Annotated[bool, typer.Option("--reset", help="delete the embedded database first")] = (
        False
    ),
    cases: Annotated[
        int | None, typer.Option(min=1, max=100_000, help="petitions to generate [default: 3000]")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="random seed")] = None,
) -> int:
    """Load the demo province into the embedded database (progress on stderr)."""
    argv = [*_option("--cases", cases), *_option("--seed", seed)]
    return run("demo", [*argv, *(["--reset"] if reset else [])])


def _option(name: str, value: object) -> list[str]:
    return [] if value is None else [name, str(value)]


def import_backlog(
    file: Annotated[Path, typer.Argument(help="the backlog, .csv (UTF-8) or .xlsx")],
    errors: Annotated[
        Path | None, typer.Option(help="where to write refused rows (default FILE.errors.csv)")
    ] = None,
    batch_size: Annotated[int | None, typer.Option(help="rows per save() [default: 250]")] = None,
    workers: Annotated[
        int | None, typer.Option(help="processes on PostgreSQL (default 1: build and save overlap)")
    ] = None,
    quiet: Quiet = False,
) -> int:
    """Import a paper backlog of petitions (progress bar on stderr)."""
    argv = [str(file), *_option("--errors", errors), *_option("--batch-size", batch_size)]
    argv += _option("--workers", workers)
    return run("import", [*argv, *(["--quiet"] if quiet else [])])


# Commands with real options; the others in COMMANDS pass their arguments through.
OPTIONS: dict[str, Callable[..., int]] = {
    "run-projections": run_projections,
    "replay": replay,
    "verify": verify,
    "demo": demo,
    "import": import_backlog,
}


def _passthrough(name: str) -> Callable[[typer.Context], int]:
    def command(ctx: typer.Context) -> int:
        return run(name, ctx.args)

    command.__doc__ = f"{COMMANDS[name][1]} (`{PROG} {name} --help` for its options)"
    return command


def _register() -> None:
    for name, (_, text) in COMMANDS.items():
        if name in OPTIONS:
            app.command(name, help=f"{text}.")(OPTIONS[name])
            continue
        app.command(
            name,
            help=f"{text} ({PROG} {name} --help for its options).",
            add_help_option=False,
            context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        )(_passthrough(name))


_register()


def _with_options_listed(group: Any) -> Any:  # noqa: ANN401  # a click group, vendored or not
    """The group whose command list names each typed command's arguments and options."""
    for name, command in group.commands.items():
        if name not in OPTIONS:
            continue
        parts = [
            p.opts[0] if p.param_type_name == "option" else (p.metavar or p.name or "").upper()
            for p in command.params
        ]
        command.short_help = f"{command.help} [{' '.join(parts)}]"
    return group


def main(argv: Sequence[str] | None = None) -> int:
    """Run `petitions-ops` with `argv` (default: the process's arguments); the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = _with_options_listed(typer.main.get_command(app))
    try:
        command.main(args=args, prog_name=PROG, standalone_mode=True)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else int(done.code is not None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
