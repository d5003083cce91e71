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
from functools import lru_cache
from typing import Any
from uuid import UUID

from projections.case_index.load import contribute
from projections.rows import Table
from projections.session import Session

OPEN_END = date(9999, 12, 31)  # `to_day` of a state still in force


@dataclass(frozen=True)
class CaseFacts:
    """One case's facts (JSON) and the position each of its current states was added at."""

    case_id: UUID
    facts: str  # one JSON object a line: {"p": position, "d": legal date, "c": changes}
    added: str  # JSON list, one position per state of `states(facts)`, in order
    last: str = ""  # JSON [first day, entry] of the state in force now ("": none yet)


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
    # The last covers `as_of.officers_at`: a case's officer on a day, from the index alone.
    indexes=(
        ("received_on", "case_id"),
        ("to_day", "from_day"),
        ("case_id", "from_day", "to_day", "added_at", "removed_at", "officer_id"),
    ),
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
    removed at the same position was never visible, so it is dropped. A fact dated
    on or after the last state's first day (the usual case) only moves the last
    state; an earlier one (a late fact) re-folds the case's facts. Within a batch
    the case's facts stay parsed (`_Pending`): its row is encoded once, when the
    batch's changes are collected.
    """
    wanted = {k: _encode(v) for k, v in changes.items() if k in COLUMNS}
    pending = _pending(session)
    found = pending.get(case_id)
    if found is None:
        row = session.get(FACTS, case_id)
        if row is None and "received_on" not in wanted:
            return  # an act on a case the index never saw received
        found = pending[case_id] = _parse(row)
    text, added, last = found.text, found.added, found.last
    position, day = session.position, legal_date.isoformat()
    now: Segment | None
    if last is not None and day >= last[0]:
        text = _append(text, position, day, wanted)
        added, now = _move_last(session, case_id, (last[0], last[1], added), day, wanted)
    else:
        before = states(_facts(text))
        text = _append(text, position, day, wanted)
        added, now = _refold(session, case_id, before, added, states(_facts(text)))
    found.text, found.added = text, added
    found.last = (now[0].isoformat(), now[2]) if now else None


class _Pending:
    """One case's facts as this batch left them: the text, the states' positions, the last."""

    __slots__ = ("added", "last", "text")

    def __init__(self, text: str, added: list[int], last: tuple[str, State] | None) -> None:
        self.text = text
        self.added = added
        self.last = last


PENDING = "case_index.facts"  # session.memo: case id -> _Pending


def _parse(row: CaseFacts | None) -> _Pending:
    if row is None:
        return _Pending("", [], None)
    last = json.loads(row.last) if row.last else None
    return _Pending(row.facts, json.loads(row.added), (last[0], last[1]) if last else None)


def _pending(session: Session) -> dict[UUID, _Pending]:
    """The cases this batch changed; their rows are put when its changes are collected."""
    found: dict[UUID, _Pending] | None = session.memo.get(PENDING)
    if found is None:
        found = session.memo[PENDING] = {}
        session.on_changes(lambda: _put_facts(session, found))
    return found


def _put_facts(session: Session, pending: dict[UUID, _Pending]) -> None:
    for case_id, found in pending.items():
        last = json.dumps(list(found.last)) if found.last else ""
        session.put(FACTS, CaseFacts(case_id, found.text, json.dumps(found.added), last))


def _facts(text: str) -> list[dict[str, Any]]:
    """The facts stored one JSON object a line."""
    return [json.loads(line) for line in text.split("\n")] if text else []


def _append(text: str, position: int, day: str, wanted: State) -> str:
    """The facts with this one added, or merged into the last when of the same event."""
    head, _, tail = text.rpartition("\n")
    if tail:
        fact = json.loads(tail)
        if fact["p"] == position:
            fact["c"].update(wanted)
            return f"{head}\n{json.dumps(fact)}" if head else json.dumps(fact)
    line = json.dumps({"p": position, "d": day, "c": wanted})
    return f"{text}\n{line}" if text else line


Last = tuple[str, State, list[int]]  # the last state's first day and entry; the positions
MEMO = "case_index.last_state"  # session.memo: case id -> the row of its last state


def _move_last(
    session: Session, case_id: UUID, last: Last, day: str, wanted: State
) -> tuple[list[int], Segment]:
    """A fact on or after the last state's first day: close that state, open the new one."""
    start, entry, added = last
    position, first, new_day = session.position, date.fromisoformat(start), date.fromisoformat(day)
    memo: dict[UUID, CaseStateRow] = session.memo.setdefault(MEMO, {})
    current = memo.get(case_id)
    if current is None or current.key != _key(case_id, first, added[-1]):
        current = _row(case_id, (first, OPEN_END, entry), added[-1], None)
    _remove(session, current, position)
    if new_day == first:
        added = [*added[:-1], position]
    else:
        key = _key(case_id, first, position)
        closed = _replace(current, key=key, to_day=new_day, added_at=position, removed_at=None)
        _put(session, closed)
        added = [*added[:-1], position, position]
    changed: dict[str, Any] = {k: _decode(k, v) for k, v in wanted.items()}
    now = _replace(
        current,
        key=_key(case_id, new_day, position),
        from_day=new_day,
        to_day=OPEN_END,
        added_at=position,
        removed_at=None,
        **changed,
    )
    _put(session, now)
    memo[case_id] = now
    return added, (new_day, OPEN_END, {**entry, **wanted})


def _refold(
    session: Session, case_id: UUID, before: list[Segment], added: list[int], after: list[Segment]
) -> tuple[list[int], Segment | None]:
    """Close the states no longer in the facts' fold, open the new ones."""
    position = session.position
    session.memo.get(MEMO, {}).pop(case_id, None)
    old = {_identity(s): (s, at) for s, at in zip(before, added, strict=True)}
    new = {_identity(s) for s in after}
    for identity, (segment, at) in old.items():
        if identity not in new:
            _remove(session, _row(case_id, segment, at, None), position)
    kept = [old[_identity(s)][1] if _identity(s) in old else position for s in after]
    for segment, at in zip(after, kept, strict=True):
        if at == position:
            _put(session, _row(case_id, segment, at, None))
    return kept, (after[-1] if after else None)


def _replace(row: CaseStateRow, **changes: Any) -> CaseStateRow:  # noqa: ANN401
    """`dataclasses.replace` without re-running `__init__` (a hot path of rebuilds)."""
    if not changes.keys() <= STATES.names:
        raise TypeError(f"no columns {sorted(changes.keys() - STATES.names)}")
    new = object.__new__(CaseStateRow)
    new.__dict__.update(row.__dict__)
    new.__dict__.update(changes)
    return new


def _put(session: Session, state: CaseStateRow) -> None:
    """A new state in force, and its load deltas (`projections.case_index.load`)."""
    session.put(STATES, state)
    contribute(session, state, 1)


def _remove(session: Session, state: CaseStateRow, position: int) -> None:
    """A state no longer in force as known from `position` (dropped if added there)."""
    contribute(session, state, -1)
    if state.added_at == position:
        session.delete(STATES, state.key)
    else:
        session.put(STATES, _replace(state, removed_at=position))


def states(facts: list[dict[str, Any]]) -> list[Segment]:
    """The entry by legal day: one state from each day a fact is dated on to the next."""
    entry: State = {}
    found: list[tuple[date, State]] = []
    for fact in sorted(facts, key=lambda f: (f["d"], f["p"])):
        entry = {**entry, **fact["c"]}
        if "received_on" not in entry:
            continue
        day = date.fromisoformat(fact["d"])
        if found and found[-1][0] == day:
            found[-1] = (day, entry)
        else:
            found.append((day, entry))
    if not found:
        return []
    ends = [start for start, _ in found[1:]] + [OPEN_END]
    return [(start, end, entry) for (start, entry), end in zip(found, ends, strict=True)]


def _identity(segment: Segment) -> str:
    start, end, entry = segment
    return f"{start}|{end}|{json.dumps(entry, sort_keys=True)}"


def _key(case_id: UUID, first: date, added: int) -> str:
    return f"{case_id}|{first.isoformat()}|{added}"


def _row(case_id: UUID, segment: Segment, added: int, removed: int | None) -> CaseStateRow:
    start, end, entry = segment
    decoded: dict[str, Any] = {k: _decode(k, entry.get(k)) for k in COLUMNS if k in entry}
    return CaseStateRow(
        key=_key(case_id, start, added),
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
        return _uuid(str(value))
    return value


@lru_cache(maxsize=65_536)
def _uuid(text: str) -> UUID:
    """A UUID from its text; agencies' ids repeat in every state, so they are cached."""
    return UUID(text)
