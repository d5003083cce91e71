"""Bulk writing: the history generator against the library's bulk save of the same aggregates.

- ceiling: the generator's aggregates built beforehand (not timed), then saved by the
  library's `Application.save()` in the generator's own batches, into a fresh store;
- figure: `ops.history.Generator` timed from the first command to the last save, into
  another fresh store: building by the domain's commands, and the same saves.

Both run the same seed, so they write the same shape of history.
"""

from __future__ import annotations

from time import perf_counter

from eventsourcing.domain import Aggregate

from bench.common import Figure, fresh_store, load_average, median, say
from domain.application import Petitions
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


def library_save(store: str, cases: int) -> tuple[int, float, float]:
    """Events and seconds to save the generator's batches, and seconds to build them."""
    with fresh_store(store) as settings:
        app = Petitions(settings.eventsourcing_env())
        try:
            started = perf_counter()
            collector = Collector(app)
            collector.agencies()
            collector.generate(cases)
            building = perf_counter() - started
            events = sum(len(a.pending_events) for batch in collector.batches for a in batch)
            started = perf_counter()
            for batch in collector.batches:
                app.save(*batch)
            return events, perf_counter() - started, building
        finally:
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
    run, not saved) and saved by the library, overlapped perfectly, take at least the
    longer of the two; the ratio of that rate to the library's is the most the
    generator's can be.
    """
    ceilings, writes, loads, floors = [], [], [], []
    for _ in range(runs):
        events, seconds, building = library_save(store, cases)
        ceilings.append(events / seconds)
        floors.append(events / max(seconds, building))
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
            note="events / max(building, saving): no generator is faster, so its ratio is "
            "the most the bulk writer's can be",
            runs=floors,
        ),
    ]
