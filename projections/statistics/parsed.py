"""Timelines as last parsed: a case's next event decodes no JSON (a hot path of rebuilds).

`remember` keeps, for a stored `CaseTimeline` row object, its facts, contributions
and spans as Python values; `parsed` returns them when handed that very object
(identity, not equality: a row read back from the store, or written by another
runner, is decoded afresh). Bounded: the oldest entries are dropped first. The
values are never mutated in place (`_fact` builds new ones), so sharing them is safe.
"""

from __future__ import annotations

import json
from collections import Counter
from threading import Lock
from uuid import UUID

from projections.statistics.contributions import decode_keys
from projections.statistics.persistence import CaseTimeline
from projections.statistics.spans import SpanKey
from projections.statistics.timeline import Fact, Key

Parsed = tuple[list[Fact], Counter[Key], dict[SpanKey, int]]
LIMIT = 50_000  # timelines remembered (a few kB each)

_remembered: dict[UUID, tuple[CaseTimeline, Parsed]] = {}
_lock = Lock()


def parsed(row: CaseTimeline | None) -> Parsed:
    """The row's facts, contributions and spans (span -> position added at); empty for None."""
    if row is None:
        return [], Counter(), {}
    found = _remembered.get(row.case_id)
    if found is not None and found[0] is row:
        return found[1]
    facts: list[Fact] = json.loads(row.facts)
    spans = {tuple(s[:-1]): s[-1] for s in json.loads(row.spans)}
    return facts, decode_keys(row.contributions), spans


def remember(
    row: CaseTimeline, facts: list[Fact], counts: Counter[Key], spans: dict[SpanKey, int]
) -> None:
    """Remember the parsed form of `row` (just built from these values)."""
    with _lock:
        _remembered.pop(row.case_id, None)
        _remembered[row.case_id] = (row, (facts, counts, spans))
        while len(_remembered) > LIMIT:
            del _remembered[next(iter(_remembered))]
