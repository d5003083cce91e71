"""The official forms' counters: one row per line, agency, legal day and breakdown.

Every figure of the three forms (docs/forms.md) is a sum of these counters: flows
(received, handled, accepted, settled...) are counted on the legal date of the act
that makes them, against the agency the form's unit is counted at, and a stock
(carried over, still open) is what flowed in minus what flowed out before a day.
A later act adds a counter (a re-opening adds a case back in); nothing already
counted is taken back, so the period a fact belongs to keeps it.

`FormSums` reads them for a period, a legal cut-off (`as_of`) and an agency subtree,
rolled up through mergers and dissolutions as every other read model does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID

from projections.counters import Counters, Knowledge, Sums
from projections.rows import Table
from projections.session import Session
from projections.store import RowStore
from projections.succession import SUCCESSIONS, rolled_up

NOT_APPLICABLE = ""  # a breakdown a line has not (kind before classification, no detail)


@dataclass(frozen=True)
class LetterState:
    """A petition (đơn) as the letter-handling form follows it, at its handling agency."""

    case_id: UUID
    agency_id: UUID
    agency_path: str
    kind: str
    field: str
    instance: int
    letter: bool  # False: a part split off a mixed petition, a case but not a letter
    pending: bool  # received and not yet accepted, guided, transferred, archived or withdrawn
    chased: bool = False  # chased up at least once


@dataclass(frozen=True)
class CaseState:
    """A case (vụ việc) as the settlement form follows it, at the agency holding jurisdiction."""

    case_id: UUID
    agency_id: UUID | None
    agency_path: str
    kind: str
    instance: int
    due_date: date | None
    open: bool


@dataclass(frozen=True)
class SessionState:
    """A reception session: the agency that held it and its kind of reception."""

    meeting_id: UUID
    agency_id: UUID
    agency_path: str
    kind: str
    held_on: date


COUNTERS = Counters("c")
LETTERS: Table[LetterState] = Table("letters", LetterState, "case_id")
CASES: Table[CaseState] = Table("cases", CaseState, "case_id")
SESSIONS: Table[SessionState] = Table("sessions", SessionState, "meeting_id")

Breakdown = tuple[str, str, str, int, str]  # line, kind, field, instance, detail


@dataclass(frozen=True)
class FormSums:
    """Counter sums of an agency subtree: before the period's first day, and within it."""

    before: dict[Breakdown, int]
    within: dict[Breakdown, int]

    def total(self, line: str, *, before: bool = False, **match: object) -> int:
        """The sum of `line` over every breakdown matching `match` (kind=, detail=...)."""
        source = self.before if before else self.within
        return sum(n for b, n in source.items() if b[0] == line and _matches(b, match))

    def by(self, what: str, line: str, **match: object) -> dict[str, int]:
        """`line`'s sums within the period by `what` (kind, field or detail)."""
        found: dict[str, int] = defaultdict(int)
        for b, n in self.within.items():
            if b[0] == line and _matches(b, match):
                found[str(b[_POSITIONS[what]])] += n
        return {k: v for k, v in found.items() if v}


_POSITIONS = {"kind": 1, "field": 2, "instance": 3, "detail": 4}


def _matches(b: Breakdown, match: dict[str, object]) -> bool:
    for name, wanted in match.items():
        value = b[_POSITIONS[name]]
        if isinstance(wanted, (set, frozenset, tuple)):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


def count(
    session: Session,
    line: str,
    day: date,
    path: list[UUID],
    *,
    kind: str = NOT_APPLICABLE,
    field: str = NOT_APPLICABLE,
    instance: int = 0,
    detail: str = NOT_APPLICABLE,
    n: int = 1,
) -> None:
    """Add `n` to `line` on legal day `day` at the agency ending `path`, with its breakdown."""
    COUNTERS.add(session, line, day, path, (kind, field, str(instance), detail), n)


class FormsView(RowStore):
    name: ClassVar[str] = "forms"
    tables: ClassVar[tuple[Table[Any], ...]] = (
        *COUNTERS.tables,
        LETTERS,
        CASES,
        SESSIONS,
        SUCCESSIONS,
    )

    def sums(
        self,
        lines: tuple[str, ...],
        start: date,
        end: date,
        agency_id: UUID | None,
        known: Knowledge | None = None,
    ) -> FormSums:
        """Sums of `lines` before `start` and from `start` to `end` in `agency_id`'s subtree.

        `agency_id` None: everything; an agency covers its subtree and those of the
        agencies merged or dissolved into it. `known_at`: as recorded up to that log
        position (None: everything recorded so far).
        """
        position = known.position if known else None
        agencies = rolled_up(self, agency_id, position) if agency_id else None
        last_before = min(start - timedelta(days=1), end)
        before = COUNTERS.sums(self, lines, agencies, None, last_before, known)
        within = COUNTERS.sums(self, lines, agencies, start, end, known)
        return FormSums(_flat(before), _flat(within))


def knowledge(view: FormsView, known_at: int | datetime) -> Knowledge:
    """The knowledge cut-off at a log position or a recorded time."""
    return COUNTERS.knowledge(view, known_at)


def _flat(sums: Sums) -> dict[Breakdown, int]:
    return {
        (line, dims[0], dims[1], int(dims[2]), dims[3]): n
        for line, by_dims in sums.items()
        for dims, n in by_dims.items()
        if n
    }
