"""What a case's timeline adds to the dated counters (`projections.counters`).

Flows (+1 on the legal day: accepted, re-opened, concluded, withdrawn, terminated,
and petitions received) and stocks (+1 on the first day, -1 on the day after the
last: open, suspended, overdue, within limit), by the agency holding jurisdiction
over the case at the end of its episode (a re-opening starts a new one; petitions:
the receiving agency).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from domain.overdue import first_overdue_day
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
        detail = (
            *dims,
            str(after.instance),
            "on_time" if on_time else "late",
            str(fact.get("outcome", "")),
            str(fact.get("effect") or ""),
        )
        found[("concluded", day, where, detail)] += 1
        found[
            ("closed_by_accepted", day, where, (*dims, what, half_month(before.accepted_on)))
        ] += 1
    elif what in {"withdrawn", "terminated"} and before.open_case:
        found[(what, day, where, dims)] += 1
        found[
            ("closed_by_accepted", day, where, (*dims, what, half_month(before.accepted_on)))
        ] += 1


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
