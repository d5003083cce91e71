"""Benchmark (not a test): the backlog import against the library's own bulk-save rate.

    .venv/bin/python -m bench.importer --rows 10000            # SQLite and PostgreSQL

For each store, a generated backlog of `--rows` rows is written to a CSV file, then
imported into fresh stores in two ways, alternately, best of `--repeats`:

- ceiling: the same rows' cases built beforehand (not timed), then saved by the
  library's `save()`, `--batch-size` rows' aggregates per call: what the library
  itself writes per second;
- import: `petitions-ops import`'s loop, timed from reading the file to the last save:
  parsing, checking, building by the case's rules, and saving the same batches.

The ratio is the import's rate over the ceiling's. PostgreSQL is reached with the
POSTGRES_* variables (a new schema per run, dropped after); `--stores sqlite` skips it.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from time import perf_counter
from typing import Any

from bench.common import execute
from domain.act import Act
from domain.application import Petitions
from ops.importer.columns import NAMES, ImportRow
from ops.importer.reader import read_rows
from ops.importer.records import Resolver, record_of
from ops.importer.run import BATCH, Importer, Target
from ops.importer.sample import sample_rows
from ops.settings import Settings, get_settings

AGENCIES = ("TN", "X1", "X2", "X3")
SETUP = Act("bench", uuid.UUID(int=0), date(2021, 1, 1))


@dataclass(frozen=True)
class Figures:
    store: str
    rows: int
    events: int
    ceiling: float  # rows per second
    imported: float  # rows per second

    @property
    def ratio(self) -> float:
        return self.imported / self.ceiling


def main(argv: Sequence[str] | None = None) -> int:
    """Run the import benchmark on each store and print the table."""
    parser = argparse.ArgumentParser(prog="bench.importer", description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=BATCH)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "backlog.csv"
        write_csv(path, sample_rows(args.rows, AGENCIES))
        results = [
            measure(store, path, args.batch_size, args.repeats, Path(folder), args.workers)
            for store in args.stores.split(",")
        ]
    sys.stdout.write(table(results))
    return 0


def write_csv(path: Path, rows: Iterator[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, NAMES)
        writer.writeheader()
        writer.writerows(rows)


def measure(
    store: str, path: Path, batch: int, repeats: int, folder: Path, workers: int
) -> Figures:
    """Best-of-`repeats` ceiling and import rates on `store`, alternating the two."""
    ceilings, imports, events, rows = [], [], 0, 0
    for attempt in range(repeats):
        with fresh_store(store, folder, f"c{attempt}") as app:
            rows, events, seconds = ceiling(app, path, batch)
            ceilings.append(rows / seconds)
        with fresh_store(store, folder, f"i{attempt}") as app:
            target = Target(dict(app.env))
            summary = Importer(target, path.name, batch, workers).run(read_rows(path))
            if summary.imported != rows:
                raise RuntimeError(f"imported {summary.imported} of {rows}: {summary.errors[:3]}")
            imports.append(summary.imported / summary.seconds)
    return Figures(store, rows, events, max(ceilings), max(imports))


def ceiling(app: Petitions, path: Path, batch: int) -> tuple[int, int, float]:
    """Rows, events and seconds to save the rows' cases, built beforehand, in batches."""
    agencies = app.agency_lookup()
    lookup = resolver(app)
    built = []
    for number, cells in read_rows(path):
        record, personal = record_of(ImportRow.model_validate(cells), lookup, f"row {number}")
        built.append(app.build_historical(record, personal, agencies))
    events = sum(len(a.pending_events) for group in built for a in group)
    started = perf_counter()
    for start in range(0, len(built), batch):
        app.save(*(a for group in built[start : start + batch] for a in group))
    return len(built), events, perf_counter() - started


def resolver(app: Petitions) -> Resolver:
    return Resolver(app.agency_codes(), lambda _: None, {})


@contextmanager
def fresh_store(store: str, folder: Path, name: str) -> Iterator[Petitions]:
    """A new, empty store with the benchmark's agencies: a SQLite file or a PostgreSQL schema."""
    if store == "sqlite":
        settings = Settings(sqlite_dbname=str(folder / f"{name}.sqlite"))
    else:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        settings = get_settings().model_copy(
            update={"persistence_module": "eventsourcing.postgres", "postgres_schema": schema}
        )
        execute(settings, f'CREATE SCHEMA "{schema}"')
    app = Petitions(settings.eventsourcing_env())
    try:
        province = app.register_agency("UBND tỉnh", AGENCIES[0], "province", None, SETUP).id
        for code in AGENCIES[1:]:
            app.register_agency(f"UBND xã {code}", code, "commune", province, SETUP)
        yield app
    finally:
        app.close()
        if settings.uses_postgres:
            execute(settings, f'DROP SCHEMA "{settings.postgres_schema}" CASCADE')


def table(results: Sequence[Figures]) -> str:
    lines = [
        "| store | rows | events | ceiling (library save) | import | ratio |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.store} | {r.rows:,} | {r.events:,} | {r.ceiling:,.0f} rows/s "
        f"({r.ceiling * r.events / r.rows:,.0f} events/s) | {r.imported:,.0f} rows/s "
        f"| {r.ratio:.0%} |"
        for r in results
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
