"""Bulk writing: the history generator against the library's bulk save of the same aggregates.

- ceiling: the generator's aggregates built beforehand (not timed), then saved by the
  library's `Application.save()` in the generator's own batches, into a fresh store;
- figure: `ops.history.Generator` timed from the first command to the last save, into
  another fresh store: building by the domain's commands, and the same saves.

Both run the same seed, so they write the same shape of history.
"""

from __future__ import annotations

from dataclasses import dataclass
from time import perf_counter, process_time

from eventsourcing.domain import Aggregate

from bench.common import Figure, fresh_store, load_average, median, say
from domain.application import Petitions
from ops.bulk import EventBatch
from ops.history import Generator

SEED = 11
TARGET = 0.8


class Collector(Generator):
    """The generator, keeping its batches instead of saving them."""

    def __init__(self, app: Petitions) -> None:
        super().__init__(app, seed=SEED)
        self.batches: list[list[Aggregate]] = []

    def flush(self) -> None:
        if self.pending:
            self.batches.append(self.pending)
            self.pending = []


@dataclass(frozen=True)
class Saves:
    """One build of the generator's batches, and the seconds of each way to save them."""

    events: int
    building: float  # the domain's commands, nothing saved
    aggregates: float  # the library's `save()` of the aggregates (the ceiling)
    event_batches: float  # `save(EventBatch(...))` of their events, as the generator saves
    building_cpu: float = 0.0  # this process's CPU seconds while building
    batches_cpu: float = 0.0  # and while saving the event batches

    def floor(self) -> float:
        """Events a second of building and the cheaper save overlapped perfectly: a bound."""
        longest = max(self.building, min(self.aggregates, self.event_batches))
        return self.events / longest if longest > 0 else 0.0

    def one_interpreter(self) -> float:
        """An estimate of the same for one Python process, whose Python runs one thread at a time.

        Building and most of the save's CPU (mapping, encrypting, the driver encoding the
        rows) hold the interpreter lock, so mostly the save's waits on the database
        overlap the building: events / max(building CPU + save CPU, save). An estimate,
        not a bound: the CPU is the process's (every thread's), and some of the save's
        (SQLite's C calls) runs without the lock.
        """
        longest = max(self.building_cpu + self.batches_cpu, self.event_batches)
        return self.events / longest if longest > 0 else 0.0


def library_save(store: str, cases: int) -> Saves:
    """Build the generator's batches once; save them both ways, each into a fresh store."""
    with fresh_store(store) as settings, fresh_store(store) as other:
        app = Petitions(settings.eventsourcing_env())
        batch_app = Petitions(other.eventsourcing_env())
        try:
            started, cpu = perf_counter(), process_time()
            collector = Collector(app)
            collector.agencies()
            collector.generate(cases)
            building, building_cpu = perf_counter() - started, process_time() - cpu
            events = sum(len(a.pending_events) for batch in collector.batches for a in batch)
            batched = [
                EventBatch([e for a in batch for e in a.pending_events])
                for batch in collector.batches
            ]
            started, cpu = perf_counter(), process_time()
            for events_of_batch in batched:
                batch_app.save(events_of_batch)
            event_batches, batches_cpu = perf_counter() - started, process_time() - cpu
            started = perf_counter()
            for batch in collector.batches:
                app.save(*batch)
            aggregates = perf_counter() - started
            return Saves(events, building, aggregates, event_batches, building_cpu, batches_cpu)
        finally:
            batch_app.close()
            app.close()


def generator_write(store: str, cases: int) -> tuple[int, float]:
    """Events and seconds for the generator to build and save `cases` cases."""
    with fresh_store(store) as settings:
        app = Petitions(settings.eventsourcing_env())
        try:
            started = perf_counter()
            generator = Generator(app, seed=SEED)
            generator.agencies()
            history = generator.generate(cases)
            return history.events, perf_counter() - started
        finally:
            app.close()


def bulk(store: str, cases: int, runs: int) -> list[Figure]:
    """The generator's write rate against the library's, alternating, median of `runs`.

    With it, the floor: the same events built by the domain alone (the collector's
    run, not saved) and saved, overlapped perfectly, take at least the longer of the
    building and the cheaper save (the aggregates', or their events in one
    `EventBatch` a batch as the generator saves them); the ratio of that rate to the
    library's is the most the generator's can be.
    """
    ceilings, writes, loads, floors, singles = [], [], [], [], []
    for _ in range(runs):
        saves = library_save(store, cases)
        ceilings.append(saves.events / saves.aggregates)
        floors.append(saves.floor())
        singles.append(saves.one_interpreter())
        events, seconds = generator_write(store, cases)
        writes.append(events / seconds)
        loads.append(load_average())
        say(f"  {store} bulk: library {ceilings[-1]:,.0f} ev/s, generator {writes[-1]:,.0f} ev/s")
    value, ceiling = median(writes), median(ceilings)
    return [
        Figure(
            store,
            f"bulk writer ({cases:,} cases, ~{events:,} events) vs library bulk save",
            value,
            "events/s",
            ceiling,
            f">= {TARGET:.0%}",
            value / ceiling >= TARGET,
            median(loads),
            runs=writes,
        ),
        Figure(
            store,
            "bulk floor: the domain building the same events, overlapped perfectly with the save",
            median(floors),
            "events/s",
            ceiling,
            load=median(loads),
            note="events / max(building, the cheaper of the two saves): no generator is "
            "faster, so its ratio is the most the bulk writer's can be",
            runs=floors,
        ),
        Figure(
            store,
            "bulk floor in one Python process (an estimate): building and the save's CPU in series",
            median(singles),
            "events/s",
            ceiling,
            load=median(loads),
            note="events / max(building CPU + the save's CPU, the save): only the save's "
            "waits on the database overlap the domain's work in one interpreter",
            runs=singles,
        ),
    ]
