"""Rows of a backlog file, CSV (UTF-8) or XLSX (its first sheet), with their row numbers.

The header is row 1; every later non-empty row is handed out with its number, its
cells keyed by column name. A header with an unknown column, or without a required
one, refuses the whole file before any row is read.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ops.importer.columns import COLUMNS, NAMES

REQUIRED = tuple(c.name for c in COLUMNS if c.required)
Row = dict[str, Any]


class FileRefusedError(ValueError):
    """The file as a whole cannot be imported (its format or header)."""


def read_rows(path: Path) -> Iterator[tuple[int, Row]]:
    """(row number, cells by column) for each non-empty row after the header."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    raise FileRefusedError(f"{path.name}: a backlog is a .csv or .xlsx file")


def count_rows(path: Path) -> int | None:
    """How many rows follow the header (for the progress bar), if cheap to know."""
    if path.suffix.lower() != ".csv":
        return None
    with path.open(encoding="utf-8-sig", newline="") as file:
        return max(0, sum(1 for _ in csv.reader(file)) - 1)


def check_header(header: list[str]) -> list[str]:
    names = [str(h or "").strip() for h in header]
    unknown = [n for n in names if n and n not in NAMES]
    if unknown:
        raise FileRefusedError(f"unknown column(s): {', '.join(unknown)}")
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise FileRefusedError(f"missing required column(s): {', '.join(missing)}")
    return names


def _csv_rows(path: Path) -> Iterator[tuple[int, Row]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.reader(file)
        header = check_header(next(reader, []))
        for number, cells in enumerate(reader, start=2):
            yield from _row(number, header, cells)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, Row]]:
    from openpyxl import load_workbook  # noqa: PLC0415  # only when a spreadsheet is read

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = check_header([str(h) if h is not None else "" for h in next(rows, ())])
        for number, cells in enumerate(rows, start=2):
            yield from _row(number, header, list(cells))
    finally:
        book.close()


def _row(number: int, header: list[str], cells: list[Any]) -> Iterator[tuple[int, Row]]:
    if all(c is None or str(c).strip() == "" for c in cells):
        return
    row = {name: cell for name, cell in zip(header, cells, strict=False) if name}
    yield number, row
