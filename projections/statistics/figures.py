"""The statistics report's figures, and how the counters' sums make them.

`figure_rows` turns the dated counters' sums of a period (`projections.counters`)
into `Figures` by kind and level: which metric makes which field. `total_of`,
`quality_of` and `origins_of` make the report's total row, its quality shares and
its petitions by origin; `Report` holds them with the metric definition and target.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date
from uuid import UUID

from domain.intake import DIRECT
from projections.counters import Dims, Sums
from projections.periods import Period
from projections.statistics.contributions import closure_metric
from projections.statistics.metrics import RESOLUTION_RATE, MetricDefinition

CLOSURE_METRICS = ("closed_by_accepted", "closed_sy", "closed_sy_month", "closed_cy",
                   "closed_cy_month")  # fmt: skip
FLOW_METRICS = ("accepted", "reopened", "concluded", "concluded_quality", *CLOSURE_METRICS,
                "withdrawn", "terminated", "received")  # fmt: skip
STOCK_METRICS = ("open", "suspended", "overdue", "within_limit")


@dataclass(frozen=True)
class Figures:
    """Counts for one kind x level (or the total: kind and level None).

    Units: `petitions_received` counts petitions (đơn); every other count is cases (vụ việc).
    """

    kind: str | None
    level: str | None
    petitions_received: int = 0
    accepted: int = 0
    carried_over: int = 0
    reopened: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    resolved_of_accepted: int = 0
    withdrawn: int = 0
    withdrawn_of_accepted: int = 0
    terminated: int = 0
    terminated_of_accepted: int = 0
    suspended: int = 0
    still_open: int = 0
    open_within_limit: int = 0
    overdue: int = 0
    outcomes: tuple[tuple[str, int], ...] = ()

    def rate(self, definition: MetricDefinition = RESOLUTION_RATE) -> float | None:
        """The resolution rate under `definition`, or None when its denominator is 0."""
        closures = definition.resolved_closures
        if not definition.carry_over:
            numerator = sum(getattr(self, f"{_FIELD[c]}_of_accepted") for c in closures)
            denominator = self.accepted
        else:
            numerator = sum(getattr(self, _FIELD[c]) for c in closures)
            denominator = self.accepted + self.carried_over
            if definition.count_reopened:
                denominator += self.reopened
            if definition.exclude_within_limit:
                denominator -= self.open_within_limit
        return numerator / denominator if denominator > 0 else None


_FIELD = {"concluded": "resolved", "withdrawn": "withdrawn", "terminated": "terminated"}


@dataclass(frozen=True)
class Quality:
    """Quality shares of the period's decisions (None when nothing was decided)."""

    first_instance_complaints_decided: int
    found_right: int
    found_partly_right: int
    second_instance_decided: int
    annulled_or_amended: int
    resolved: int
    resolved_on_time: int

    @property
    def share_found_right(self) -> float | None:
        return _share(self.found_right, self.first_instance_complaints_decided)

    @property
    def share_annulled_or_amended(self) -> float | None:
        return _share(self.annulled_or_amended, self.second_instance_decided)

    @property
    def share_on_time(self) -> float | None:
        return _share(self.resolved_on_time, self.resolved)


@dataclass(frozen=True)
class Report:
    """A period's figures for one agency subtree, with the metric definition and target.

    `on` is the legal cut-off (facts legally dated after it are not counted; the
    stocks — open, suspended, overdue — are those of that day); `known_at` the
    log position of the knowledge cut-off (None: everything recorded).
    """

    period: Period
    agency_id: UUID | None
    on: date
    definition: MetricDefinition
    total: Figures
    rows: tuple[Figures, ...]
    quality: Quality
    target: float
    rate: float | None = field(default=None)
    # Petitions received in the period by who forwarded them ("direct": nobody), for the
    # letter-handling figures (Circular 05/2021/TT-TTCP counts letters by their source).
    by_origin: tuple[tuple[str, int], ...] = ()
    known_at: int | None = None

    @property
    def target_met(self) -> bool | None:
        return None if self.rate is None else self.rate >= self.target


Key = tuple[str | None, str | None]


SIMPLE = (
    ("petitions_received", "received", False),
    ("accepted", "accepted", False),
    ("reopened", "reopened", False),
    ("withdrawn", "withdrawn", False),
    ("terminated", "terminated", False),
    ("still_open", "open", True),
    ("suspended", "suspended", True),
    ("overdue", "overdue", True),
    ("open_within_limit", "within_limit", True),
)


def _key(dims: Dims) -> Key:
    return (dims[0] or None, dims[1] or None)


def flows_read(start: date, cut: date) -> tuple[str, ...]:
    """The flow metrics a report of `start`..`cut` reads: one of the closures metrics."""
    closures = closure_metric(start, cut)[0]
    return tuple(m for m in FLOW_METRICS if m not in CLOSURE_METRICS or m == closures)


def figure_rows(
    flows: Sums, stocks: Sums, carried: dict[Dims, int], start: date, cut: date
) -> dict[Key, Figures]:
    """The figures by (kind, level) from the counters' sums: how each metric makes each field.

    `flows` are the period's sums (start..cut-off `cut`), `stocks` the sums from the
    beginning to the cut-off, `carried` the `open` stock the day before `start`.
    `behind` applies it to one case's deltas to find the cases behind a figure.
    """
    counts: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    outcomes: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name, metric, stock in SIMPLE:
        for dims, n in (stocks if stock else flows)[metric].items():
            counts[_key(dims)][name] += n
    for dims, n in carried.items():
        counts[_key(dims)]["carried_over"] += n
    for dims, n in flows["concluded"].items():  # kind, level, timeliness, outcome
        k = _key(dims)
        counts[k]["resolved"] += n
        counts[k]["resolved_on_time" if dims[2] == "on_time" else "resolved_late"] += n
        outcomes[k][dims[3]] += n
    # Closed, of the cases accepted on or after the start (`contributions.closure_metric`).
    metric, first = closure_metric(start, cut)
    for dims, n in flows[metric].items():
        if first is None or dims[3] >= first:
            counts[_key(dims)][f"{_FIELD[dims[2]]}_of_accepted"] += n
    result = {}
    for k, values in counts.items():
        found = tuple(sorted((o, n) for o, n in outcomes[k].items() if n))
        if any(values.values()) or found:
            result[k] = Figures(k[0], k[1], **values, outcomes=found)
    return result


# A decision's effect as the quality shares read it (`quality_effect`): on the first decision
# where a second-instance decision records it, else on the contested decision.
CHANGED_EFFECTS = frozenset({"annulled", "amended", "first:annulled", "first:amended"})


def quality_of(concluded: dict[Dims, int], detail: dict[Dims, int]) -> Quality:
    """The quality shares from the conclusions (`concluded`) and their `concluded_quality`."""
    first = right = partly = second = changed = resolved = on_time = 0
    for (_kind, _level, timeliness, _outcome), n in concluded.items():
        resolved += n
        on_time += n if timeliness == "on_time" else 0
    for (instance, value), n in detail.items():
        if instance == "1":  # a first-instance complaint, by its finding
            first += n
            right += n if value == "right" else 0
            partly += n if value == "partly_right" else 0
        else:  # a second-instance decision, by its effect
            second += n
            changed += n if value in CHANGED_EFFECTS else 0
    return Quality(first, right, partly, second, changed, resolved, on_time)


def origins_of(received: dict[Dims, int]) -> tuple[tuple[str, int], ...]:
    """The petitions received, by who forwarded them (`DIRECT`: nobody), nonzero only."""
    found: dict[str, int] = defaultdict(int)
    for dims, n in received.items():
        found[dims[2] or DIRECT] += n
    return tuple(sorted((o, n) for o, n in found.items() if n))


COUNTS = tuple(f.name for f in fields(Figures) if f.name not in {"kind", "level", "outcomes"})


def total_of(rows: tuple[Figures, ...]) -> Figures:
    """The total row: every count and outcome of `rows` summed (kind and level None)."""
    counts = {n: sum(getattr(r, n) for r in rows) for n in COUNTS}
    outcomes: dict[str, int] = defaultdict(int)
    for r in rows:
        for outcome, n in r.outcomes:
            outcomes[outcome] += n
    return Figures(None, None, **counts, outcomes=tuple(sorted(outcomes.items())))


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
