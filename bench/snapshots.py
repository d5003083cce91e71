"""Loading a case: histories around and between snapshot intervals against a 4-event case.

Each case is built by the service's commands with the snapshots on load switched off
(as a store written before them, or by bulk saves, holds them): only the save-time
snapshots every 50 events exist, so a case of 49 or 99 events starts with the longest
tail. Then, with the service's rule on, each case is loaded `loads` times: the first
load (which takes a snapshot past an 8-event tail) and the median of the rest, as a
ratio to the median load of a 4-event case.
"""

from __future__ import annotations

from datetime import date
from time import perf_counter
from uuid import UUID

from bench.common import Figure, load_average, median, say
from domain.act import Act
from domain.application import Accept, Classify, Petitions
from domain.application_identity import PersonalData
from domain.case import Petition
from domain.kinds import Channel, Complexity, Kind
from domain.typed_store import SNAPSHOT_TAIL, TailSnapshotRepository
from ops.settings import Settings

LENGTHS = (4, 9, 12, 25, 49, 50, 51, 75, 99)
TARGET = 2.0
BASIS = "Law on Complaints 02/2011/QH13"


def build(app: Petitions, province: UUID, length: int) -> UUID:
    """A complaint case of `length` events (received, classified, accepted, verifications)."""
    petition = Petition("", Channel.POST, "Land recovery contested")
    case_id = app.record_petition(
        petition, Act("bench", province, date(2025, 5, 26), "", BASIS), PersonalData("A")
    ).id
    on = Act("bench", province, date(2025, 6, 2), "", BASIS)
    app.classify(case_id, Classify(Kind.COMPLAINT, "land", province, date(2025, 5, 1)), on)
    app.accept(case_id, Accept(Complexity.ORDINARY), on)
    for n in range(length - 3):
        app.record_verification(case_id, f"step {n}", "", on)
    return case_id


def timed_loads(app: Petitions, case_id: UUID, loads: int) -> tuple[float, float]:
    """The first load's seconds, and the median of the next `loads`."""
    samples = []
    for _ in range(loads + 1):
        started = perf_counter()
        app.get_case(case_id)
        samples.append(perf_counter() - started)
    return samples[0], median(samples[1:])


def case_loads(store: str, settings: Settings, loads: int, runs: int) -> list[Figure]:
    app = Petitions(settings.eventsourcing_env())
    repository = app.repository
    assert isinstance(repository, TailSnapshotRepository)  # noqa: S101
    try:
        act = Act("bench", UUID(int=0), date(2025, 1, 2))
        province = app.register_agency("UBND tỉnh", "TN", "province", None, act).id
        repository.tail = 10**9  # no snapshot on load while building: the worst case
        cases = {length: build(app, province, length) for length in LENGTHS}
        repository.tail = SNAPSHOT_TAIL
        firsts: dict[int, list[float]] = {n: [] for n in LENGTHS}
        steady: dict[int, list[float]] = {n: [] for n in LENGTHS}
        for run in range(runs):
            if run:  # the first load again finds the worst case
                repository.tail = 10**9
                cases = {length: build(app, province, length) for length in LENGTHS}
                repository.tail = SNAPSHOT_TAIL
            for length, case_id in cases.items():
                first, rest = timed_loads(app, case_id, loads)
                firsts[length].append(first)
                steady[length].append(rest)
        base = median(steady[4])
        figures = []
        for length in LENGTHS[1:]:
            ratio = median(steady[length]) / base
            say(
                f"  {store} case of {length} events: {median(steady[length]) * 1000:.2f} ms "
                f"({ratio:.2f}x), first load {median(firsts[length]) * 1000:.2f} ms"
            )
            figures.append(
                Figure(
                    store,
                    f"case load, {length} events (tail past a snapshot on disk: {length % 50})",
                    1000 * median(steady[length]),
                    "ms",
                    1000 * base,
                    f"<= {TARGET:.0f}x a 4-event case",
                    ratio <= TARGET,
                    load_average(),
                    note=f"first load {1000 * median(firsts[length]):.2f} ms (snapshots tails > 8)",
                    runs=[1000 * s for s in steady[length]],
                )
            )
        return figures
    finally:
        app.close()
