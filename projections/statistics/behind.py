"""The cases behind a statistics figure, and petitions by field, from the same fact rows.

A figure's cases are selected with the very condition that counts it (`COUNTS` in
`persistence`), so a list opened from a figure has as many rows as the figure says.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from projections.periods import Period
from projections.statistics.persistence import (
    COUNTS,
    FACTS,
    CaseFact,
    StatisticsView,
    _named,
    _subtree,
)

PETITIONS_RECEIVED = "petitions_received"
FIGURES: tuple[str, ...] = (PETITIONS_RECEIVED, *(name for name, _ in COUNTS))
MAX_CASES = 2000


def figure_cases(
    view: StatisticsView,
    figure: str,
    period: Period,
    agency_id: UUID | None,
    *,
    on: date | None = None,
    kind: str | None = None,
    level: str | None = None,
    field: str | None = None,
    limit: int = MAX_CASES,
) -> list[CaseFact]:
    """The fact rows `figure` counts for the period and agency subtree, oldest receipt first.

    `kind` "" keeps the petitions not yet classified; `level` is the handling
    level (the receiving level for `petitions_received`); `field` the field's code.
    At most `limit` rows; `figure_count` says how many there are.
    """
    where, values = _figure_where(view, figure, period, agency_id, on, (kind, level, field))
    tail = f"ORDER BY received_on, case_id LIMIT {max(1, min(limit, MAX_CASES))}"
    return view.select_rows(FACTS, where, values, tail)


def figure_count(
    view: StatisticsView,
    figure: str,
    period: Period,
    agency_id: UUID | None,
    *,
    on: date | None = None,
    kind: str | None = None,
    level: str | None = None,
    field: str | None = None,
) -> int:
    """How many rows `figure_cases` selects without a limit: the figure itself."""
    where, values = _figure_where(view, figure, period, agency_id, on, (kind, level, field))
    table = view.qualified(view.table_name(FACTS))
    return int(view.fetch(f"SELECT COUNT(*) AS n FROM {table} WHERE {where}", values)[0]["n"])  # noqa: S608


def _figure_where(
    view: StatisticsView,
    figure: str,
    period: Period,
    agency_id: UUID | None,
    on: date | None,
    narrow: tuple[str | None, str | None, str | None],
) -> tuple[str, list[object]]:
    if figure not in FIGURES:
        raise ValueError(f"no figure {figure!r}")
    agencies = view.rolled_up(agency_id) if agency_id else []
    receiving = figure == PETITIONS_RECEIVED
    where, params = _subtree("receiving_agency_path" if receiving else "agency_path", agencies)
    if receiving:
        condition = "received_on BETWEEN :start AND :end"
    else:
        condition = "accepted_on IS NOT NULL AND " + dict(COUNTS)[figure]
    named = {
        "start": period.start,
        "end": period.end,
        "on": on or period.end,
        "true": True,
        "false": False,
    }
    sql, args = _named(condition, named)
    clauses, values = [sql, where], [*args, *params]
    kind, level, field = narrow
    level_column = "receiving_level" if receiving else "level"
    for column, value in (("kind", kind), (level_column, level), ("field", field)):
        if value == "" and column == "kind":
            clauses.append("kind IS NULL")
        elif value is not None:
            clauses.append(f"{column} = ?")
            values.append(value)
    return " AND ".join(clauses), values


def petitions_by_field(
    view: StatisticsView, period: Period, agency_id: UUID | None, kind: str | None = None
) -> tuple[tuple[str, int], ...]:
    """Petitions received in the period by the subtree, by field (most first).

    The same petitions as `Figures.petitions_received`; a petition not yet
    classified has the field "".
    """
    agencies = view.rolled_up(agency_id) if agency_id else []
    where, params = _subtree("receiving_agency_path", agencies)
    clauses = ["received_on BETWEEN ? AND ?", where]
    values: list[object] = [period.start, period.end, *params]
    if kind == "":
        clauses.append("kind IS NULL")
    elif kind is not None:
        clauses.append("kind = ?")
        values.append(kind)
    sql = (
        "SELECT field, COUNT(*) AS n "  # noqa: S608
        f"FROM {view.qualified(view.table_name(FACTS))} WHERE {' AND '.join(clauses)} "
        "GROUP BY field ORDER BY COUNT(*) DESC, field"
    )
    return tuple((str(r["field"] or ""), int(r["n"])) for r in view.fetch(sql, values))
