"""The case index as it stood: each case's entry by legal day, as known at each log position.

Every change the case index makes to an entry is also kept as a **fact**: the
changed columns, the legal date of the act and the log position it was recorded
at. Folding a case's facts in legal order (ties by position) gives its entry on
any legal day; the entry's **states** are the stretches of legal days
[from_day, to_day) over which it stayed the same. States are bitemporal like the
running-clock spans (`projections.statistics.spans`): a state is `added_at` the
position of the fact that made it and `removed_at` the one that changed it (a
later act, or a late fact with an earlier legal date), never deleted. "The list as
of day D, as known at position P" is then an index query on the states containing
D and alive at P: no replay of any aggregate.
"""

# Table names in this module's SQL come from class constants, never from input.
from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date
from typing import Any
from uuid import UUID

from projections.rows import Table
from projections.store import Session

OPEN_END = date(9999, 12, 31)  # `to_day` of a state still in force


@dataclass(frozen=True)
class CaseFacts:
    """One case's facts (JSON) and the position each of its current states was added at."""

    case_id: UUID
    facts: str
    added: str  # JSON list, one position per state of `states(facts)`, in order


@dataclass(frozen=True)
class CaseStateRow:
    """A case's index entry over legal days [from_day, to_day), known from `added_at`."""

    key: str
    case_id: UUID
    from_day: date
    to_day: date  # the day after the last; OPEN_END while in force
    added_at: int
    removed_at: int | None
    received_on: date
    status: str
    kind: str | None
    handling_agency_id: UUID
    handling_agency_path: str
    competent_agency_id: UUID | None
    officer_id: str
    handling_due_date: date | None
    accepted_on: date | None
    due_date: date | None
    extensions: int
    concluded_on: date | None
    outcome: str
    second_instance_case_id: UUID | None
    last_act_on: date
    version: int
    handling_due_date_confirmed: bool | None = None
    due_date_confirmed: bool | None = None


FACTS: Table[CaseFacts] = Table("facts", CaseFacts, "case_id")
STATES: Table[CaseStateRow] = Table(
    "states",
    CaseStateRow,
    "key",
    indexes=(("received_on", "case_id"), ("to_day", "from_day"), ("case_id",)),
    prefetched=False,
)
BOUNDS = frozenset({"key", "case_id", "from_day", "to_day", "added_at", "removed_at"})
COLUMNS = tuple(f.name for f in fields(CaseStateRow) if f.name not in BOUNDS)
DATES = frozenset(
    {"received_on", "handling_due_date", "accepted_on", "due_date", "concluded_on", "last_act_on"}
)
UUIDS = frozenset({"handling_agency_id", "competent_agency_id", "second_instance_case_id"})
State = dict[str, Any]
Segment = tuple[date, date, State]


def record(session: Session, case_id: UUID, legal_date: date, changes: dict[str, Any]) -> None:
    """Add the entry's `changes` at `legal_date` as a fact; close and open the states it moves.

    Changes of one event (one log position) make one fact. A state added and
    removed at the same position was never visible, so it is dropped.
    """
    wanted = {k: _encode(v) for k, v in changes.items() if k in COLUMNS}
    row = session.get(FACTS, case_id)
    if row is None and "received_on" not in wanted:
        return  # an act on a case the index never saw received
    facts: list[dict[str, Any]] = json.loads(row.facts) if row else []
    added: list[int] = json.loads(row.added) if row else []
    before = states(facts)
    position = session.position
    if facts and facts[-1]["p"] == position:
        facts[-1]["c"].update(wanted)
    else:
        facts.append({"p": position, "d": legal_date.isoformat(), "c": wanted})
    after = states(facts)
    old = {_identity(s): (s, at) for s, at in zip(before, added, strict=True)}
    new = {_identity(s): s for s in after}
    for identity, (segment, at) in old.items():
        if identity not in new:
            if at == position:
                session.delete(STATES, _key(case_id, segment, at))
            else:
                session.put(STATES, _row(case_id, segment, at, position))
    kept = [old[_identity(s)][1] if _identity(s) in old else position for s in after]
    for segment, at in zip(after, kept, strict=True):
        if at == position:
            session.put(STATES, _row(case_id, segment, at, None))
    session.put(FACTS, CaseFacts(case_id, json.dumps(facts), json.dumps(kept)))


def states(facts: list[dict[str, Any]]) -> list[Segment]:
    """The entry by legal day: consecutive days with the same entry make one state."""
    entry: State = {}
    found: list[tuple[date, State]] = []
    for fact in sorted(facts, key=lambda f: (f["d"], f["p"])):
        entry = {**entry, **fact["c"]}
        if "received_on" not in entry:
            continue
        day = date.fromisoformat(fact["d"])
        if found and found[-1][0] == day:
            found[-1] = (day, entry)
        elif not found or found[-1][1] != entry:
            found.append((day, entry))
    if not found:
        return []
    ends = [start for start, _ in found[1:]] + [OPEN_END]
    return [(start, end, entry) for (start, entry), end in zip(found, ends, strict=True)]


def _identity(segment: Segment) -> str:
    start, end, entry = segment
    return f"{start}|{end}|{json.dumps(entry, sort_keys=True)}"


def _key(case_id: UUID, segment: Segment, added: int) -> str:
    return f"{case_id}|{segment[0].isoformat()}|{added}"


def _row(case_id: UUID, segment: Segment, added: int, removed: int | None) -> CaseStateRow:
    start, end, entry = segment
    decoded: dict[str, Any] = {k: _decode(k, entry.get(k)) for k in COLUMNS if k in entry}
    return CaseStateRow(
        key=_key(case_id, segment, added),
        case_id=case_id,
        from_day=start,
        to_day=end,
        added_at=added,
        removed_at=removed,
        **decoded,
    )


def _encode(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def _decode(column: str, value: object) -> object:
    if value is None:
        return None
    if column in DATES:
        return date.fromisoformat(str(value))
    if column in UUIDS:
        return UUID(str(value))
    return value
