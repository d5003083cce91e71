"""`petitions-ops import FILE`: take in a paper backlog from a CSV or XLSX file.

Columns are listed in the README and in the templates `docs/import-template.csv`
and `.xlsx`. Good rows are saved in batches through the library's `save()`; each bad
row is written to the error file (row, column, reason) and takes nothing in. Running
the same file again imports nothing twice. Exit status: 0 when every row was good,
1 when some rows were refused (the others are saved), 2 when the file was refused.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from ops.importer.reader import FileRefusedError, count_rows, read_rows
from ops.importer.run import BATCH, Importer, Summary, Target


def main(argv: Sequence[str] | None = None) -> int:
    """Import FILE into the configured store; print a summary."""
    from ops.settings import get_settings  # noqa: PLC0415
    from ops.wiring import accounts_env  # noqa: PLC0415

    args = _parser().parse_args(argv)
    path = Path(args.file)
    if not path.is_file():
        sys.stderr.write(f"no file {path}\n")
        return 2
    settings = get_settings()
    target = Target(settings.eventsourcing_env(), accounts_env(settings))
    try:
        with tqdm(total=count_rows(path), unit="row", disable=args.quiet) as bar:
            importer = Importer(target, path.name, args.batch_size, args.workers, bar.update)
            summary = importer.run(read_rows(path))
    except FileRefusedError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    errors = Path(args.errors) if args.errors else path.with_suffix(path.suffix + ".errors.csv")
    write_errors(errors, summary)
    sys.stdout.write(summary_text(summary, errors))
    return 1 if summary.errors else 0


def write_errors(path: Path, summary: Summary) -> None:
    """The refused rows, one line per problem: row, column, reason (none: no file)."""
    if not summary.errors:
        path.unlink(missing_ok=True)
        return
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["row", "column", "reason"])
        writer.writerows((e.row, e.column, e.reason) for e in summary.errors)


def summary_text(summary: Summary, errors: Path) -> str:
    lines = [
        f"rows read: {summary.read}",
        f"imported: {summary.imported} ({summary.rate:,.0f} rows/s)",
        f"already imported before: {summary.skipped}",
        f"refused: {summary.bad}" + (f" (see {errors})" if summary.errors else ""),
    ]
    return "\n".join(lines) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="petitions-ops import", description=__doc__)
    parser.add_argument("file", help="the backlog, .csv (UTF-8) or .xlsx")
    parser.add_argument("--errors", help="where to write refused rows (default FILE.errors.csv)")
    parser.add_argument("--batch-size", type=int, default=BATCH, help="rows per save()")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes on PostgreSQL (default 1: build and save overlap in one process)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser
