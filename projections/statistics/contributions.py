"""What a case's timeline adds to the dated counters (`projections.counters`).

Flows (+1 on the legal day: accepted, re-opened, concluded (by timeliness and
outcome, and what the quality shares need in `concluded_quality`), closures by the
acceptance they end (`closure_metric`), withdrawn, terminated, and petitions
received) and stocks (+1 on the first day, -1 on the day after the last: open,
suspended, overdue, within limit), by the agency holding jurisdiction
over the case at the end of its episode (a re-opening starts a new one; petitions:
the receiving agency).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from domain.overdue import first_overdue_day
from projections.periods import statistical_year_of
from projections.statistics.timeline import CaseState, Fact, Folded, Key, fold


def contributions(facts: list[Fact]) -> Counter[Key]:
    """The counter deltas of the whole timeline (see the module docstring)."""
    return contributions_of(fold(facts))


def contributions_of(folded: Folded) -> Counter[Key]:
    """`contributions` of an already folded timeline (`timeline.fold`)."""
    found: Counter[Key] = Counter()
    final = folded[-1][2] if folded else CaseState()
    if final.received_on is None:
        return found
    found[("received", final.received_on.isoformat(), final.receiving_path,
           (final.kind, final.receiving_level, final.origin))] += 1  # fmt: skip
    segments: list[tuple[date, CaseState, CaseState]] = []
    for (fact, before, state), held in zip(folded, episode_ends(folded), strict=True):
        day = fact["d"]
        _flows(found, fact, before, state, held.agency_path, (final.kind, held.level))
        when = date.fromisoformat(day)
        if segments and segments[-1][0] == when:
            segments[-1] = (when, state, held)
        else:
            segments.append((when, state, held))
    for index, (start, current, held) in enumerate(segments):
        end = segments[index + 1][0] if index + 1 < len(segments) else None
        _stocks(found, start, end, current, held.agency_path, (final.kind, held.level))
    return Counter({k: n for k, n in found.items() if n})


def episode_ends(folded: Folded) -> list[CaseState]:
    """For each fact, the state at the end of its episode (a re-opening starts one).

    An episode's figures count against the agency holding the case at its end: a
    transfer moves the episode's figures, a re-opening by a higher authority does not
    move the settlement made before it.
    """
    ends: list[CaseState] = []
    start = 0
    for index, (fact, _, _) in enumerate(folded):
        if fact["e"] == "reopened" and index > start:
            ends += [folded[index - 1][2]] * (index - start)
            start = index
    return ends + [folded[-1][2]] * (len(folded) - start) if folded else ends


def _flows(
    found: Counter[Key],
    fact: Fact,
    before: CaseState,
    after: CaseState,
    where: str,
    dims: tuple[str, str],
) -> None:
    what, day = fact["e"], fact["d"]
    if what == "accepted" and before.accepted_on is None:
        found[("accepted", day, where, dims)] += 1
    elif what == "reopened":
        found[("reopened", day, where, dims)] += 1
    elif what == "concluded" and before.open_case:
        on_time = before.due is not None and day <= before.due.isoformat()
        outcome = str(fact.get("outcome", ""))
        timeliness = "on_time" if on_time else "late"
        found[("concluded", day, where, (*dims, timeliness, outcome))] += 1
        effect = str(fact.get("effect") or "")
        quality = _quality_dims(dims[0], str(after.instance), outcome, effect)
        if quality:
            found[("concluded_quality", day, where, quality)] += 1
        _closed(found, day, where, (*dims, what), before.accepted_on)
    elif what in {"withdrawn", "terminated"} and before.open_case:
        found[(what, day, where, dims)] += 1
        _closed(found, day, where, (*dims, what), before.accepted_on)


def _quality_dims(kind: str, instance: str, outcome: str, effect: str) -> tuple[str, ...]:
    """What the quality shares need of a conclusion (nothing for most).

    A first-instance complaint's finding (instance "1", outcome), a second-instance
    decision's effect ("2", effect).
    """
    if instance == "1" and kind == "complaint":
        return (instance, outcome)
    if instance == "2":
        return (instance, effect)
    return ()


def _closed(
    found: Counter[Key], day: str, where: str, dims: tuple[str, ...], accepted: date | None
) -> None:
    """A closure by the acceptance it ends (`closure_metric` reads one of them).

    `closed_by_accepted` by the acceptance's half month (any period). When accepted
    in the closure's own statistical (calendar) year: `closed_sy` (`closed_cy`), and
    unless accepted in the year's first month, `closed_sy_month` (`closed_cy_month`)
    by the acceptance's month of that year.
    """
    found[("closed_by_accepted", day, where, (*dims, half_month(accepted)))] += 1
    if accepted is None:
        return
    closed = date.fromisoformat(day)
    if statistical_year_of(accepted) == statistical_year_of(closed):
        found[("closed_sy", day, where, dims)] += 1
        if (month := statistical_month(accepted)) > 1:
            found[("closed_sy_month", day, where, (*dims, f"{month:02d}"))] += 1
    if accepted.year == closed.year:
        found[("closed_cy", day, where, dims)] += 1
        if accepted.month > 1:
            found[("closed_cy_month", day, where, (*dims, f"{accepted.month:02d}"))] += 1


def statistical_month(day: date) -> int:
    """The month (1-12) of its statistical year `day` is in: 15 Dec-14 Jan is the first."""
    halves = (day.month % MONTHS * 2 + (day.day >= HALF) - 1) % (2 * MONTHS)
    return halves // 2 + 1


def closure_metric(start: date, cut: date) -> tuple[str, str | None]:
    """The closures metric for `start`..`cut`, and the least acceptance dim it counts.

    It answers "accepted on or after `start`". A period within one statistical year
    starting on a statistical month's first day (the 15th), or within one calendar
    year starting on a month's first day (every period `projections.periods` makes,
    cut short or not), counts closures of cases accepted in that same year: from the
    year's start, all of them (`closed_sy`, `closed_cy`: None, no dim to compare);
    from a later month, those accepted from that month on (`closed_sy_month`,
    `closed_cy_month`, whose dims, the month of the acceptance, are at most eleven).
    Any other period reads `closed_by_accepted`, by the acceptance's half month,
    exact for periods starting on the 1st or the 15th.
    """
    if start.day == HALF and statistical_year_of(start) == statistical_year_of(cut):
        month = statistical_month(start)
        return ("closed_sy", None) if month == 1 else ("closed_sy_month", f"{month:02d}")
    if start.day == 1 and start.year == cut.year:
        month = start.month
        return ("closed_cy", None) if month == 1 else ("closed_cy_month", f"{month:02d}")
    return "closed_by_accepted", half_month(start)


def _stocks(
    found: Counter[Key],
    start: date,
    end: date | None,
    state: CaseState,
    where: str,
    dims: tuple[str, str],
) -> None:
    if not state.open_case:
        return
    _interval(found, "open", start, end, where, dims)
    if state.suspended:
        _interval(found, "suspended", start, end, where, dims)
    if state.due is not None:
        late_from = first_overdue_day(state.due)
        if not state.suspended:
            _interval(found, "overdue", max(start, late_from), end, where, dims)
        _interval(found, "within_limit", start, min(end, late_from) if end else late_from,
                  where, dims)  # fmt: skip


def _interval(
    found: Counter[Key],
    metric: str,
    start: date,
    end: date | None,
    where: str,
    dims: tuple[str, str],
) -> None:
    if end is not None and end <= start:
        return
    found[(metric, start.isoformat(), where, dims)] += 1
    if end is not None:
        found[(metric, end.isoformat(), where, dims)] -= 1


def half_month(day: date | None) -> str:
    """The first day of the half month holding `day` (the 1st or the 15th), ISO.

    Periods start on the 1st (calendar) or the 15th (statistical year), so "accepted
    on or after the period's start" is exact on these buckets, whose number does not
    grow with the number of cases.
    """
    if day is None:
        return ""
    return day.replace(day=1 if day.day < HALF else HALF).isoformat()


HALF = 15
MONTHS = 12


def dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def encode_keys(counts: Counter[Key]) -> str:
    """Contributions as stored text (a sorted list of [metric, day, path, dims, n])."""
    return dumps(sorted([m, d, p, list(dims), n] for (m, d, p, dims), n in counts.items() if n))


def decode_keys(text: str) -> Counter[Key]:
    found: Counter[Key] = Counter()
    for m, d, p, dims, n in json.loads(text) if text else []:
        found[(m, d, p, tuple(dims))] = n
    return found
