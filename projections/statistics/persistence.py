"""Resolution statistics over cases (vụ việc) and petitions (đơn), by period, agency, kind, level.

One fact row per petition holds the dates its figures depend on; figures are
counted at query time for any period (statistical year 15 Dec-14 Dec and its
quarters, calendar years) and any agency with its whole subtree. An agency
merged or dissolved into others counts, for each successor, with its history.

Cases are counted by the agency that holds jurisdiction over them: the one that
accepted them, or the one they were later transferred to; petitions by the
agency that received them. Re-opened cases count by their latest settlement,
and "overdue on a date" uses the case's current due date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from domain.intake import DIRECT
from projections.periods import Period
from projections.rows import Table
from projections.statistics.metrics import RESOLUTION_RATE, MetricDefinition, Targets
from projections.store import RowStore
from projections.succession import SUCCESSIONS, rolled_up, subtrees


@dataclass(frozen=True)
class CaseFact:
    case_id: UUID
    received_on: date
    receiving_agency_path: str
    receiving_level: str
    kind: str | None
    instance: int
    field: str
    status: str
    accepted_on: date | None
    agency_id: UUID | None
    agency_path: str
    level: str
    due_date: date | None
    closed_on: date | None
    concluded_on: date | None
    on_time: bool | None
    outcome: str
    effect_on_contested: str | None
    withdrawn_on: date | None
    terminated_on: date | None
    reopened: int


@dataclass(frozen=True)
class CaseOrigin:
    """The kind of body that forwarded a petition (no row: the citizen sent it directly)."""

    case_id: UUID
    origin_kind: str


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
    resolved: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    resolved_of_accepted: int = 0
    withdrawn: int = 0
    terminated: int = 0
    suspended: int = 0
    still_open: int = 0
    open_within_limit: int = 0
    overdue: int = 0
    outcomes: tuple[tuple[str, int], ...] = ()

    def rate(self, definition: MetricDefinition = RESOLUTION_RATE) -> float | None:
        """The resolution rate under `definition`, or None when its denominator is 0."""
        if not definition.carry_over:
            numerator, denominator = self.resolved_of_accepted, self.accepted
        else:
            numerator, denominator = self.resolved, self.accepted + self.carried_over
            if definition.exclude_within_limit:
                denominator -= self.open_within_limit
        return numerator / denominator if denominator > 0 else None


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
    """A period's figures for one agency subtree, with the metric definition and target."""

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

    @property
    def target_met(self) -> bool | None:
        return None if self.rate is None else self.rate >= self.target


FACTS: Table[CaseFact] = Table(
    "facts", CaseFact, "case_id", indexes=(("accepted_on",), ("received_on",))
)
# A table of its own, so views built before origins existed need no rebuild: their
# petitions were all sent directly, and a missing row counts as "direct".
ORIGINS: Table[CaseOrigin] = Table("origins", CaseOrigin, "case_id")

COUNTS = (
    ("accepted", "accepted_on BETWEEN :start AND :end"),
    ("carried_over", "accepted_on < :start AND (closed_on IS NULL OR closed_on >= :start)"),
    ("resolved", "concluded_on BETWEEN :start AND :end"),
    ("resolved_on_time", "concluded_on BETWEEN :start AND :end AND on_time = :true"),
    ("resolved_late", "concluded_on BETWEEN :start AND :end AND on_time = :false"),
    (
        "resolved_of_accepted",
        ("concluded_on BETWEEN :start AND :end AND accepted_on BETWEEN :start AND :end"),
    ),
    ("withdrawn", "withdrawn_on BETWEEN :start AND :end"),
    ("terminated", "terminated_on BETWEEN :start AND :end"),
    ("suspended", "status = 'suspended' AND accepted_on <= :end"),
    ("still_open", "accepted_on <= :end AND (closed_on IS NULL OR closed_on > :end)"),
    (
        "open_within_limit",
        "accepted_on <= :end AND (closed_on IS NULL OR closed_on > :end) AND due_date >= :end",
    ),
    (
        "overdue",
        (
            "accepted_on <= :on AND (closed_on IS NULL OR closed_on > :on) AND due_date < :on "
            "AND status <> 'suspended'"
        ),
    ),
)


class StatisticsView(RowStore):
    name: ClassVar[str] = "statistics"
    tables: ClassVar[tuple[Table[Any], ...]] = (FACTS, SUCCESSIONS, ORIGINS)

    def report(
        self,
        period: Period,
        agency_id: UUID | None = None,
        on: date | None = None,
        definition: MetricDefinition = RESOLUTION_RATE,
        targets: Targets | None = None,
    ) -> Report:
        """The period's figures for `agency_id`'s subtree (None: everything), by kind x level.

        `on` is the date "overdue" is judged on (default: the period's last day).
        The rate follows `definition`; the target is `targets`' for the period's
        last year and the agency (80 % unless configured).
        """
        on = on or period.end
        agencies = self.rolled_up(agency_id) if agency_id else []
        rows = self._case_counts(period, on, agencies)
        rows = _add_petitions(rows, self._petition_counts(period, agencies))
        rows = _add_outcomes(rows, self._outcomes(period, agencies))
        ordered = tuple(rows[k] for k in sorted(rows, key=lambda k: (k[0] or "", k[1] or "")))
        total = _sum(ordered)
        rate = total.rate(definition)
        target = (targets or Targets()).target(period.end.year, agency_id)
        quality = self._quality(period, agencies)
        origins = self._origin_counts(period, agencies)
        return Report(
            period, agency_id, on, definition, total, ordered, quality, target, rate, origins
        )

    def rolled_up(self, agency_id: UUID) -> list[UUID]:
        """The agency and every agency merged or dissolved into it, directly or not."""
        return rolled_up(self, agency_id)

    def fact(self, case_id: UUID) -> CaseFact | None:
        rows = self.select_rows(FACTS, "case_id = ?", [case_id])
        return rows[0] if rows else None

    def _case_counts(
        self, period: Period, on: date, agencies: list[UUID]
    ) -> dict[tuple[str | None, str | None], Figures]:
        named = {"start": period.start, "end": period.end, "on": on, "true": True, "false": False}
        sums = ", ".join(f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END) AS {n}" for n, c in COUNTS)
        where, params = _subtree("agency_path", agencies)
        sql, args = _named(
            f"SELECT kind, level, {sums} FROM {self.qualified(self.table_name(FACTS))} "  # noqa: S608
            f"WHERE accepted_on IS NOT NULL AND {where} GROUP BY kind, level",
            named,
        )
        result = {}
        for r in self.fetch(sql, [*args, *params]):
            counts = {n: int(r[n] or 0) for n, _ in COUNTS}
            result[(r["kind"], r["level"])] = _replace(Figures(r["kind"], r["level"]), **counts)
        return result

    def _petition_counts(
        self, period: Period, agencies: list[UUID]
    ) -> dict[tuple[str | None, str | None], int]:
        where, params = _subtree("receiving_agency_path", agencies)
        sql = (
            "SELECT kind, receiving_level AS level, COUNT(*) AS n "  # noqa: S608
            f"FROM {self.qualified(self.table_name(FACTS))} "
            f"WHERE received_on BETWEEN ? AND ? AND {where} GROUP BY kind, receiving_level"
        )
        rows = self.fetch(sql, [period.start, period.end, *params])
        return {(r["kind"], r["level"]): int(r["n"]) for r in rows}

    def _origin_counts(self, period: Period, agencies: list[UUID]) -> tuple[tuple[str, int], ...]:
        where, params = _subtree("f.receiving_agency_path", agencies)
        sql = (
            f"SELECT COALESCE(o.origin_kind, '{DIRECT}') AS origin, COUNT(*) AS n "  # noqa: S608
            f"FROM {self.qualified(self.table_name(FACTS))} f "
            f"LEFT JOIN {self.qualified(self.table_name(ORIGINS))} o ON o.case_id = f.case_id "
            f"WHERE f.received_on BETWEEN ? AND ? AND {where} "
            f"GROUP BY COALESCE(o.origin_kind, '{DIRECT}') ORDER BY 1"
        )
        rows = self.fetch(sql, [period.start, period.end, *params])
        return tuple((str(r["origin"]), int(r["n"])) for r in rows)

    def _outcomes(
        self, period: Period, agencies: list[UUID]
    ) -> dict[tuple[str | None, str | None], tuple[tuple[str, int], ...]]:
        where, params = _subtree("agency_path", agencies)
        sql = (
            "SELECT kind, level, outcome, COUNT(*) AS n "  # noqa: S608
            f"FROM {self.qualified(self.table_name(FACTS))} "
            f"WHERE concluded_on BETWEEN ? AND ? AND {where} "
            "GROUP BY kind, level, outcome ORDER BY kind, level, outcome"
        )
        found: dict[tuple[str | None, str | None], list[tuple[str, int]]] = defaultdict(list)
        for r in self.fetch(sql, [period.start, period.end, *params]):
            found[(r["kind"], r["level"])].append((str(r["outcome"]), int(r["n"])))
        return {k: tuple(v) for k, v in found.items()}

    def _quality(self, period: Period, agencies: list[UUID]) -> Quality:
        where, params = _subtree("agency_path", agencies)
        decided = "concluded_on BETWEEN :start AND :end"
        first = f"{decided} AND kind = 'complaint' AND instance = 1"
        second = f"{decided} AND instance = 2"
        parts = {
            "first": first,
            "right": f"{first} AND outcome = 'right'",
            "partly": f"{first} AND outcome = 'partly_right'",
            "second": second,
            "changed": f"{second} AND effect_on_contested IN ('annulled', 'amended')",
            "resolved": decided,
            "on_time": f"{decided} AND on_time = :true",
        }
        sums = ", ".join(f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END) AS {n}" for n, c in parts.items())
        sql, args = _named(
            f"SELECT {sums} FROM {self.qualified(self.table_name(FACTS))} WHERE {where}",  # noqa: S608
            {"start": period.start, "end": period.end, "true": True},
        )
        r = self.fetch(sql, [*args, *params])[0]
        n = {k: int(r[k] or 0) for k in parts}
        return Quality(
            n["first"],
            n["right"],
            n["partly"],
            n["second"],
            n["changed"],
            n["resolved"],
            n["on_time"],
        )


def _named(sql: str, values: dict[str, object]) -> tuple[str, list[object]]:
    """Replace `:name` markers by `?`, returning the values in order of appearance."""
    args: list[object] = []
    out = []
    for index, piece in enumerate(sql.split(":")):
        if index == 0:
            out.append(piece)
            continue
        name = next((n for n in sorted(values, key=len, reverse=True) if piece.startswith(n)), None)
        if name is None:
            out.append(":" + piece)
            continue
        args.append(values[name])
        out.append("?" + piece[len(name) :])
    return "".join(out), args


def _subtree(column: str, agencies: list[UUID]) -> tuple[str, list[object]]:
    return subtrees(column, agencies)


def _add_petitions(
    rows: dict[tuple[str | None, str | None], Figures],
    petitions: dict[tuple[str | None, str | None], int],
) -> dict[tuple[str | None, str | None], Figures]:
    merged = dict(rows)
    for key, count in petitions.items():
        base = merged.get(key, Figures(*key))
        merged[key] = _replace(base, petitions_received=count)
    return merged


def _add_outcomes(
    rows: dict[tuple[str | None, str | None], Figures],
    outcomes: dict[tuple[str | None, str | None], tuple[tuple[str, int], ...]],
) -> dict[tuple[str | None, str | None], Figures]:
    merged = dict(rows)
    for key, found in outcomes.items():
        base = merged.get(key, Figures(*key))
        merged[key] = _replace(base, outcomes=found)
    return merged


def _replace(figures: Figures, **changes: Any) -> Figures:  # noqa: ANN401
    return replace(figures, **changes)


def _sum(rows: tuple[Figures, ...]) -> Figures:
    counts = {n: sum(getattr(r, n) for r in rows) for n, _ in COUNTS}
    outcomes: dict[str, int] = defaultdict(int)
    for r in rows:
        for outcome, n in r.outcomes:
            outcomes[outcome] += n
    total = Figures(
        None,
        None,
        petitions_received=sum(r.petitions_received for r in rows),
        outcomes=tuple(sorted(outcomes.items())),
    )
    return _replace(total, **counts)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
