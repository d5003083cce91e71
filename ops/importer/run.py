"""The import loop: chunks of rows checked, built and saved, in worker processes.

The main process reads the file and hands out chunks of `batch_size` rows (an import
id met twice in the file is refused there). Each row is checked as the API checks a
body and its case built by the case's own commands; a chunk's good rows are saved
with one `save()` of the library: each row's case with its reference and import
indexes and its petitioner's identity. In one process (the default), the next chunk
is built in a thread while this one is saved, so building overlaps the store's waits;
with `workers` > 1 on PostgreSQL, worker processes build and save chunks in parallel
(SQLite takes one writer at a time, so there the import stays in one process).
A bad row is reported with its row, column and reason and takes nothing in. A chunk
that meets rows stored before (a re-run) is sorted out row by row: those imported
before are skipped, the others saved.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any, Self
from uuid import UUID

from eventsourcing.domain import Aggregate
from pydantic import ValidationError

from domain.accounts import Accounts
from domain.application import Petitions
from domain.application_backlog import AgencyLookup
from domain.application_identity import PersonalData
from domain.backlog import HistoricalPetition, StepRefusedError
from domain.errors import (
    ChronologyError,
    DuplicateError,
    InvalidAgencyError,
    InvalidOutcomeError,
    NotFoundError,
    PetitionError,
    TimeLimitExpiredError,
)
from ops.importer.columns import ImportRow
from ops.importer.reader import Row
from ops.importer.records import CellError, Resolver, record_of

BATCH = 250
IN_FLIGHT = 2  # chunks queued per worker
# The step a refused command belongs to: (its date column, its agency column, its main column).
STEP_COLUMNS = {
    "received": ("received_on", "receiving_agency", "channel"),
    "classified": ("classified_on", "competent_agency", "kind"),
    "referred": ("referred_on", "referred_to", "referred_to"),
    "archived": ("archived_on", "receiving_agency", "archive_grounds"),
    "guided": ("guided_on", "receiving_agency", "guided_to"),
    "accepted": ("accepted_on", "referred_to", "accepted_on"),
    "concluded": ("concluded_on", "referred_to", "outcome"),
    "withdrawn": ("withdrawn_on", "receiving_agency", "withdrawn_on"),
}
Numbered = tuple[int, Row]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class Target:
    """Where rows go: the petitions store, and the accounts store naming the officers."""

    petitions_env: dict[str, str]
    accounts_env: dict[str, str] | None = None  # None: every step is the `imported` actor's


@dataclass
class Summary:
    """What an import did: rows read, imported, found imported before, refused; and how fast."""

    read: int = 0
    imported: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    seconds: float = 0.0
    position: int = 0

    @property
    def bad(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def rate(self) -> float:
        return self.imported / self.seconds if self.seconds else 0.0

    def add(self, other: Summary) -> None:
        self.imported += other.imported
        self.skipped += other.skipped
        self.errors += other.errors
        self.position = max(self.position, other.position)


@dataclass
class Importer:
    """Imports the rows of one file into `target` with `workers` processes (1: in this one)."""

    target: Target
    source: str
    batch_size: int = BATCH
    workers: int = 1
    progress: Callable[[int], object] = lambda _: None

    def run(self, rows: Iterable[Numbered]) -> Summary:
        """Import every row; answers the summary (errors in row order)."""
        started = perf_counter()
        summary = Summary()
        chunks = self._chunks(rows, summary)
        if self.workers <= 1 or _embedded(self.target):
            with ChunkImporter.open(self.target, self.source) as importer:
                self._run_pipelined(importer, chunks, summary)
        else:
            self._run_in_workers(chunks, summary)
        summary.errors.sort(key=lambda e: (e.row, e.column))
        summary.seconds = perf_counter() - started
        return summary

    def _run_pipelined(
        self, importer: ChunkImporter, chunks: Iterator[list[Numbered]], summary: Summary
    ) -> None:
        """Build the next chunk in a thread while this one saves (the store's waits overlap)."""
        with ThreadPoolExecutor(1, thread_name_prefix="import-build") as builder:
            ahead = builder.submit(_next_built, importer, chunks)
            while (current := ahead.result()) is not None:
                ahead = builder.submit(_next_built, importer, chunks)
                size, built, part = current
                importer.save_built(built, part)
                summary.add(part)
                self.progress(size)

    def _run_in_workers(self, chunks: Iterator[list[Numbered]], summary: Summary) -> None:
        context = multiprocessing.get_context("spawn")  # no inherited connections or threads
        with ProcessPoolExecutor(
            self.workers, context, initializer=_start_worker, initargs=(self.target, self.source)
        ) as pool:
            pending: list[tuple[int, Future[Summary]]] = []
            for chunk in chunks:
                pending.append((len(chunk), pool.submit(_import_chunk, chunk)))
                while len(pending) >= self.workers * IN_FLIGHT:
                    self._collect(pending.pop(0), summary)
            for item in pending:
                self._collect(item, summary)

    def _collect(self, item: tuple[int, Future[Summary]], summary: Summary) -> None:
        size, future = item
        summary.add(future.result())
        self.progress(size)

    def _chunks(self, rows: Iterable[Numbered], summary: Summary) -> Iterator[list[Numbered]]:
        seen: dict[str, int] = {}
        chunk: list[Numbered] = []
        for number, cells in rows:
            summary.read += 1
            import_id = str(cells.get("import_id") or "").strip()
            if import_id in seen:
                reason = f"repeats the import id of row {seen[import_id]}"
                summary.errors.append(RowError(number, "import_id", reason))
                self.progress(1)
                continue
            if import_id:
                seen[import_id] = number
            chunk.append((number, cells))
            if len(chunk) >= self.batch_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


@dataclass
class Built:
    row: int
    record: HistoricalPetition
    personal: PersonalData | None
    aggregates: tuple[Aggregate, ...]


class ChunkImporter:
    """Checks, builds and saves chunks of rows into one store (one per worker process)."""

    def __init__(self, app: Petitions, resolver: Resolver, source: str) -> None:
        self.app = app
        self.resolver = resolver
        self.source = source
        self.agencies: AgencyLookup = app.agency_lookup()
        self.closing: list[Callable[[], None]] = []

    @classmethod
    def open(cls, target: Target, source: str) -> ChunkImporter:
        app = Petitions(target.petitions_env)
        accounts = Accounts(target.accounts_env) if target.accounts_env is not None else None
        importer = cls(app, Resolver(app.agency_codes(), _user_finder(accounts), {}), source)
        importer.closing.append(app.close)
        if accounts is not None:
            importer.closing.append(accounts.close)
        return importer

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        for close in self.closing:
            close()

    def import_chunk(self, chunk: list[Numbered]) -> Summary:
        built, summary = self.build_chunk(chunk)
        self.save_built(built, summary)
        return summary

    def build_chunk(self, chunk: list[Numbered]) -> tuple[list[Built], Summary]:
        """The chunk's good rows built, and a summary holding its bad rows."""
        summary = Summary(read=len(chunk))
        built = [b for number, cells in chunk if (b := self._build(number, cells, summary))]
        return built, summary

    def save_built(self, built: list[Built], summary: Summary) -> None:
        if built:
            self._save(built, summary)

    def _build(self, number: int, cells: Row, summary: Summary) -> Built | None:
        try:
            row = ImportRow.model_validate(cells)
        except ValidationError as error:
            summary.errors.extend(_cell_errors(number, error))
            return None
        try:
            record, personal = record_of(row, self.resolver, f"{self.source}, row {number}")
            aggregates = self.app.build_historical(record, personal, self.agencies)
        except CellError as error:
            summary.errors.append(RowError(number, error.column, error.reason))
            return None
        except StepRefusedError as error:
            summary.errors.append(RowError(number, _column(error), str(error)))
            return None
        except PetitionError as error:
            summary.errors.append(RowError(number, "received_on", str(error)))
            return None
        return Built(number, record, personal, aggregates)

    def _save(self, batch: list[Built], summary: Summary) -> None:
        try:
            summary.position = self.app.save_historical([b.aggregates for b in batch])
        except DuplicateError:
            self._save_apart(batch, summary)
            return
        summary.imported += len(batch)

    def _save_apart(self, batch: list[Built], summary: Summary) -> None:
        """A batch that met rows stored before: skip those, save the rest anew."""
        before = self.app.imported_ids(b.record.import_id for b in batch)
        summary.skipped += len(before)
        fresh = [b for b in batch if b.record.import_id not in before]
        for built in fresh:  # the failed save consumed their events: build them again
            built.aggregates = self.app.build_historical(
                built.record, built.personal, self.agencies
            )
        if not fresh:
            return
        try:
            summary.position = self.app.save_historical([b.aggregates for b in fresh])
        except DuplicateError:
            if len(fresh) == 1:
                raise
            for built in fresh:
                self._save_apart([built], summary)
            return
        summary.imported += len(fresh)


def _next_built(
    importer: ChunkImporter, chunks: Iterator[list[Numbered]]
) -> tuple[int, list[Built], Summary] | None:
    chunk = next(chunks, None)
    if chunk is None:
        return None
    return (len(chunk), *importer.build_chunk(chunk))


_WORKER: list[ChunkImporter] = []  # the worker process's importer, opened once


def _start_worker(target: Target, source: str) -> None:
    _WORKER.append(ChunkImporter.open(target, source))


def _import_chunk(chunk: list[Numbered]) -> Summary:
    return _WORKER[0].import_chunk(chunk)


def _embedded(target: Target) -> bool:
    """SQLite takes one writer at a time: processes would only wait on each other's locks."""
    return target.petitions_env.get("PERSISTENCE_MODULE") != "eventsourcing.postgres"


def _user_finder(accounts: Accounts | None) -> Callable[[str], UUID | None]:
    def find(username: str) -> UUID | None:
        if accounts is None:
            return None
        try:
            return accounts.user_named(username).id
        except NotFoundError:
            return None

    return find


def _cell_errors(number: int, error: ValidationError) -> list[RowError]:
    found = []
    for problem in error.errors(include_url=False):
        column = str(problem["loc"][0]) if problem["loc"] else "row"
        found.append(RowError(number, column, str(problem["msg"])))
    return found


def _column(error: StepRefusedError) -> str:
    day, agency, main = STEP_COLUMNS[error.step]
    cause: Any = error.error
    if isinstance(cause, ChronologyError | TimeLimitExpiredError):
        return day
    if isinstance(cause, InvalidAgencyError | NotFoundError):
        return agency
    if isinstance(cause, InvalidOutcomeError):
        return "outcome"
    return main
