"""Succession of agencies as dated, versioned data: who takes over a closed agency's cases.

From 1 July 2025 districts are abolished (Law on Organisation of Local Government
72/2025/QH15; Resolution 202/2025/QH15 on the reorganisation of provinces): a
district's work passes to the communes formed from its territory, some of it to
the province, and the body that takes over a task continues its files
(Resolution 190/2025/QH15). A dissolution therefore names several successors and
a rule for which one takes which open case; the rule is data, recorded on the
agency's event with its version, and each transferred case records the version
that chose its successor.

A rule's clauses are tried in order; the first that matches a case wins, else
the default successor takes it:

- `areas`: former agencies (say the old communes now part of a new commune); a
  case matches when one of them is on its receiving or competent agency's path.
- `fields`: fields of petitions (lĩnh vực, e.g. "land") that successor takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.errors import InvalidAgencyError
from domain.fields import normalise_field
from domain.kinds import Status

# Open cases move with their history: intake and settlement alike.
TRANSFERABLE_STATUSES = frozenset(
    {Status.RECEIVED, Status.CLASSIFIED, Status.REFERRED, Status.IN_PROGRESS, Status.SUSPENDED}
)


class TransferGrounds(StrEnum):
    SUCCESSION = "succession"  # the holding agency was dissolved or merged
    COMPETENCE = "competence"  # another body is competent


@dataclass(frozen=True)
class SuccessionClause:
    """One successor and the cases it takes: by area of origin and/or by field."""

    successor_id: UUID
    areas: tuple[UUID, ...] = ()
    fields: tuple[str, ...] = ()

    def matches(self, case_field: str, paths: Sequence[Sequence[UUID]]) -> bool:
        """Fields compare by their code ("đất đai" is "land"; `domain.fields`)."""
        area = not self.areas or any(a in path for path in paths for a in self.areas)
        codes = {normalise_field(f) for f in self.fields}
        topic = not self.fields or normalise_field(case_field) in codes
        return area and topic and bool(self.areas or self.fields)


@dataclass(frozen=True)
class SuccessionRule:
    """Which successor of a closed agency takes which open case, from `effective_from`."""

    version: str
    effective_from: date
    default_successor_id: UUID
    clauses: tuple[SuccessionClause, ...] = field(default=())

    @property
    def successor_ids(self) -> tuple[UUID, ...]:
        found = [self.default_successor_id]
        found += [c.successor_id for c in self.clauses if c.successor_id not in found]
        return tuple(found)

    def successor_for(self, case_field: str, paths: Sequence[Sequence[UUID]]) -> UUID:
        """The successor that takes a case of `case_field` whose agencies had `paths`."""
        for clause in self.clauses:
            if clause.matches(case_field, paths):
                return clause.successor_id
        return self.default_successor_id

    def to_data(self) -> dict[str, Any]:
        """Plain values, as stored on the agency's event and in its snapshots."""
        return {
            "version": self.version,
            "effective_from": self.effective_from,
            "default_successor_id": self.default_successor_id,
            "clauses": [
                {"successor_id": c.successor_id, "areas": list(c.areas), "fields": list(c.fields)}
                for c in self.clauses
            ],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SuccessionRule:
        return cls(
            version=str(data["version"]),
            effective_from=_date(data["effective_from"]),
            default_successor_id=_uuid(data["default_successor_id"]),
            clauses=tuple(
                SuccessionClause(
                    _uuid(c["successor_id"]),
                    tuple(_uuid(a) for a in c["areas"]),
                    tuple(str(f) for f in c["fields"]),
                )
                for c in data["clauses"]
            ),
        )

    def check(self, closing_agency_id: UUID) -> None:
        """Refuse a rule that hands cases back to the closing agency or names no case."""
        if closing_agency_id in self.successor_ids:
            raise InvalidAgencyError("an agency cannot succeed itself")
        if not self.version.strip():
            raise InvalidAgencyError("a succession rule needs a version")
        for clause in self.clauses:
            if not (clause.areas or clause.fields):
                raise InvalidAgencyError("a succession clause names areas or fields")


def merger_rule(successor_id: UUID, on: date) -> SuccessionRule:
    """A merger's rule: the one successor takes every case."""
    return SuccessionRule(f"merger/{on.isoformat()}", on, successor_id)


def _uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass(frozen=True)
class SuccessionPlan:
    """A dissolution's successors: a default one and clauses by area or field, versioned."""

    version: str
    default_successor_id: UUID
    clauses: tuple[SuccessionClause, ...] = ()

    def rule(self, on: date) -> SuccessionRule:
        return SuccessionRule(self.version, on, self.default_successor_id, self.clauses)


@dataclass(frozen=True)
class TransferredCases:
    """The cases a succession moved, and the log position of the move (0 if none)."""

    case_ids: tuple[UUID, ...]
    position: int
