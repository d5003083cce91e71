"""A case's facts in legal order, its state at any cut-off, and what it adds to the counters.

Each fact keeps the legal date the law gives it and the log position it was
recorded at. The state of a case on day D, as known at position P, applies the
facts with legal date <= D and position <= P in legal order (ties by position): a
conclusion entered in 2026 with a 2024 legal date lands in 2024, and a re-opening
adds a fact after the settlement without erasing it (from it, the re-examining
authority holds the case).

`projections.statistics.contributions` turns the whole timeline into counter deltas:
flows (+1 on the day: received, accepted, concluded, withdrawn, terminated,
reopened) and stocks (+1 on the first day, -1 on the day after the last: open,
suspended, overdue, within limit). Every case figure is counted against the agency
that holds jurisdiction over the case in the end (the accepting agency, or the one
it was transferred to) of its episode: a re-opening starts a new one, held by the
re-examining authority, and the settlement before it stays where it was made.
Petitions count against the agency that received them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from domain.overdue import is_overdue

Fact = dict[str, Any]  # {"p": position, "d": legal date ISO, "e": what, ...payload}
Key = tuple[str, str, str, tuple[str, ...]]  # metric, legal day ISO, agency path text, dims
INTAKE = ("received", "classified", "referred")


@dataclass(frozen=True)
class CaseState:
    """A case as it stood: what the statistics and the case view at a cut-off need."""

    status: str = "received"
    kind: str = ""
    field: str = ""
    instance: int = 1
    origin: str = ""
    received_on: date | None = None
    receiving_path: str = ""
    receiving_level: str = ""
    accepted_on: date | None = None
    agency_path: str = ""
    level: str = ""
    handling_path: str = ""  # who holds it: the receiver, the agency referred to, the acceptor
    handling_due: date | None = None
    intake_stopped: bool = False
    due: date | None = None
    suspended: bool = False
    closed: bool = False  # a case settled (or withdrawn/terminated after acceptance)
    reopened: int = 0
    concluded_on: date | None = None  # the latest settlement, kept through a re-opening
    outcome: str = ""
    version: int = 0  # the case's version after the last fact applied

    @property
    def open_case(self) -> bool:
        """Accepted and not closed: a case under settlement."""
        return self.accepted_on is not None and not self.closed

    @property
    def open_item(self) -> bool:
        """A petition in intake or a case under settlement."""
        return self.status in INTAKE or self.open_case

    @property
    def due_date(self) -> date | None:
        """The due date of the running clock: handling in intake, settlement after."""
        return self.handling_due if self.status in INTAKE else self.due

    @property
    def stopped(self) -> bool:
        return self.suspended or (self.status in INTAKE and self.intake_stopped)

    def overdue(self, on: date) -> bool:
        return is_overdue(self.due_date, on, open_=self.open_item, stopped=self.stopped)


Known = int | datetime | None  # a log position, a recorded time, or everything


def recorded_by(fact: Fact, known: Known) -> bool:
    """Whether `fact` had been recorded at the knowledge cut-off `known`."""
    if known is None:
        return True
    if isinstance(known, datetime):
        moment = known if known.tzinfo else known.replace(tzinfo=UTC)
        return bool(fact.get("t")) and datetime.fromisoformat(fact["t"]) <= moment
    return bool(fact["p"] <= known)


def replace(state: CaseState, **changes: Any) -> CaseState:  # noqa: ANN401
    """A copy of `state` with `changes`, without re-running `__init__` (a hot path)."""
    new = object.__new__(CaseState)
    new.__dict__.update(state.__dict__)
    new.__dict__.update(changes)
    return new


def ordered(facts: list[Fact], on: date | None = None, known: Known = None) -> list[Fact]:
    """The facts in legal order, those up to legal day `on` and knowledge cut-off `known` only."""
    kept = [f for f in facts if (on is None or f["d"] <= on.isoformat()) and recorded_by(f, known)]
    return sorted(kept, key=lambda f: (f["d"], f["p"]))


def state_at(facts: list[Fact], on: date | None = None, known: Known = None) -> CaseState:
    """The case as it stood on legal day `on`, as known at log position `known`."""
    state = CaseState()
    for fact in ordered(facts, on, known):
        state = apply(state, fact)
        state = replace(state, version=max(state.version, int(fact.get("v", 0))))
    return state


def apply(state: CaseState, fact: Fact) -> CaseState:  # noqa: C901, PLR0911, PLR0912 - one branch per fact
    """The state after one fact."""
    what = fact["e"]
    day = date.fromisoformat(fact["d"])
    if what == "received":
        return replace(
            state,
            received_on=day,
            receiving_path=fact["path"],
            handling_path=fact["path"],
            receiving_level=fact["level"],
            instance=fact["instance"],
            origin=fact["origin"],
            handling_due=_day(fact.get("due")),
        )
    if what == "classified":
        return replace(
            state,
            status="classified",
            kind=fact["kind"],
            field=fact["field"],
            handling_due=_day(fact.get("due")),
        )
    if what == "referred":
        due = _day(fact.get("due"))
        return replace(
            state,
            status="referred",
            handling_path=fact.get("to") or state.handling_path,
            intake_stopped=bool(fact.get("stopped")),
            handling_due=due or state.handling_due,
        )
    if what == "handling_due":
        return replace(state, handling_due=_day(fact["due"]), intake_stopped=False)
    if what in {"archived", "guided"}:
        return replace(state, status=what)
    if what == "accepted":
        return replace(
            state,
            status="in_progress",
            accepted_on=day,
            agency_path=fact["path"],
            handling_path=fact["path"],
            level=fact["level"],
            due=_day(fact["due"]),
            suspended=False,
        )
    if what == "due":
        return replace(state, due=_day(fact["due"]))
    if what == "kind":
        return replace(state, kind=fact["kind"], due=_day(fact["due"]))
    if what == "transferred":
        if state.accepted_on is None:
            return replace(state, handling_path=fact["path"])
        return replace(
            state, agency_path=fact["path"], level=fact["level"], handling_path=fact["path"]
        )
    if what == "concluded":
        return replace(
            state,
            status="concluded",
            closed=True,
            suspended=False,
            concluded_on=day,
            outcome=str(fact.get("outcome", "")),
        )
    if what == "withdrawn":
        return replace(
            state, status="withdrawn", closed=state.accepted_on is not None, suspended=False
        )
    if what == "terminated":
        return replace(state, status="terminated", closed=True, suspended=False)
    if what == "suspended":
        return replace(state, status="suspended", suspended=True)
    if what == "resumed":
        return replace(state, status="in_progress", suspended=False, due=_day(fact["due"]))
    if what == "reopened":
        held = {"agency_path": fact["path"], "handling_path": fact["path"], "level": fact["level"]}
        return replace(
            state,
            status="in_progress",
            closed=False,
            suspended=False,
            due=_day(fact["due"]),
            reopened=state.reopened + 1,
            **(held if fact.get("path") else {}),
        )
    return state


Folded = list[tuple[Fact, CaseState, CaseState]]  # each fact, the state before and after


def fold(facts: list[Fact]) -> Folded:
    """Each fact in legal order with the case's state before and after it (one pass).

    The states carry no `version` (what `state_at` adds): the counters and the spans
    derived from a fold do not use it.
    """
    state = CaseState()
    found: Folded = []
    for fact in ordered(facts):
        before, state = state, apply(state, fact)
        found.append((fact, before, state))
    return found


def segments(facts: list[Fact]) -> list[tuple[date, date | None, CaseState]]:
    """The case's states by legal day: (first day, day after the last or None, state)."""
    return segments_of(fold(facts))


def segments_of(folded: Folded) -> list[tuple[date, date | None, CaseState]]:
    """`segments` of an already folded timeline."""
    found: list[tuple[date, CaseState]] = []
    for fact, _, state in folded:
        when = date.fromisoformat(fact["d"])
        if found and found[-1][0] == when:
            found[-1] = (when, state)
        else:
            found.append((when, state))
    return [
        (start, found[i + 1][0] if i + 1 < len(found) else None, current)
        for i, (start, current) in enumerate(found)
    ]


def _day(text: object) -> date | None:
    return date.fromisoformat(str(text)) if text else None
