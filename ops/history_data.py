"""The generator's shares and outcomes, and its plain records of the meetings and the history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from domain.case import AgencyRef
from domain.kinds import Kind
from domain.reception_register import Matter
from ops.history_hooks import Record
from ops.history_tree import Tree

START = date(2022, 1, 3)
END = date(2025, 11, 28)
SAVE_EVERY = 200
DELEGATION_PERSONS = 5  # a mass delegation (đoàn đông người), as the register counts it
OPEN = frozenset({"received", "classified", "referred", "in_progress", "suspended"})
SHARES = {
    "meeting": 0.2,
    "signed_by_many": 0.15,
    "refusal": 0.1,
    "archived": 0.05,
    "guided": 0.05,
    "referred_down": 0.7,
    "referred_up": 0.05,
    "left_in_intake": 0.03,
    "assigned": 0.9,
    "extended": 0.2,
    "suspended": 0.05,
    "stays_suspended": 0.3,
    "withdrawn": 0.05,
    "terminated": 0.03,
    "appealed": 0.15,
    "competent_is_receiver": 0.8,
    "environment": 0.2,
}
OUTCOME = {
    Kind.COMPLAINT: ("right", "partly_right", "wrong"),
    Kind.DENUNCIATION: ("true", "partly_true", "false"),
    Kind.RECOMMENDATION: ("accepted", "not_accepted", "answered"),
    Kind.REFLECTION: ("accepted", "not_accepted", "answered"),
}


@dataclass
class MeetingRecord:
    meeting_id: UUID
    held_on: date
    agency: AgencyRef
    host_id: str
    kind: str
    visits: int = 0
    persons: int = 0
    new_matters: int = 0
    repeated_matters: int = 0
    delegations: int = 0
    delegation_persons: int = 0
    refusals: int = 0
    refused_persons: int = 0
    petitions: int = 0

    def visit(self, persons: int, matter: Matter) -> None:
        self.visits += 1
        self.persons += persons
        self.new_matters += matter == Matter.NEW
        self.repeated_matters += matter == Matter.REPEATED
        if persons >= DELEGATION_PERSONS:
            self.delegations += 1
            self.delegation_persons += persons


@dataclass
class History:
    tree: Tree
    records: list[Record] = field(default_factory=list)
    meetings: list[MeetingRecord] = field(default_factory=list)
    events: int = 0
    last_position: int = 0

    @property
    def province(self) -> AgencyRef:
        return self.tree.province

    @property
    def districts(self) -> list[AgencyRef]:
        return self.tree.districts

    @property
    def communes(self) -> list[AgencyRef]:
        return self.tree.communes

    @property
    def merged(self) -> AgencyRef:
        return self.tree.merged

    @property
    def successor(self) -> AgencyRef:
        return self.tree.successor
