"""What `verify-log` reports: findings naming events, by store."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID


@dataclass(frozen=True)
class Finding:
    """One difference, naming the event: store, notification id, aggregate and version."""

    kind: str  # altered, deleted, inserted, reordered, gap, checkpoint, log, snapshot
    store: str
    detail: str
    notification_id: int | None = None
    originator_id: UUID | None = None
    version: int | None = None

    def __str__(self) -> str:
        where = f" #{self.notification_id}" if self.notification_id is not None else ""
        what = f" {self.originator_id} v{self.version}" if self.originator_id else ""
        return f"{self.store}{where}{what}: {self.kind}: {self.detail}"


@dataclass
class StoreReport:
    store: str
    events: int = 0
    covered: int = 0  # events the integrity log holds
    uncovered: int = 0  # events after the integrity log's position (not yet hashed)
    checkpoints: int = 0
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Report:
    stores: list[StoreReport]
    notes: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.stores for f in s.findings]

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def events(self) -> int:
        return sum(s.events for s in self.stores)
