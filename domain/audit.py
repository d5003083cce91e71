"""The operations audit: acts of operators the record must keep, such as accepting tampering.

A third application, named `audit`, so its events live apart (PostgreSQL: table
`audit_events`; SQLite: its own file) and are covered by the integrity log like any
other store.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Notification

PAGE = 1000
ACCEPTED_TOPIC = "domain.audit:TamperingAcceptance.Accepted"


class TamperingAcceptance(Aggregate):
    """An operator ran a command over a log known to be altered, saying why."""

    @event("Accepted")
    def __init__(
        self,
        command: str,
        reason: str,
        operator: str,
        findings: list[str],
        accepted_at: datetime,
    ) -> None:
        self.command = command
        self.reason = reason
        self.operator = operator
        self.findings = findings
        self.accepted_at = accepted_at

    @staticmethod
    def create_id() -> UUID:
        return uuid4()


class OperationsAudit(Application[UUID]):
    """The store of the operators' recorded acts."""

    name = "audit"

    def accept_tampering(
        self, command: str, reason: str, operator: str, findings: list[str], at: datetime
    ) -> UUID:
        """Record that `command` runs over a tampered log, by `operator`, for `reason`."""
        acceptance = TamperingAcceptance(command, reason, operator, findings, at)
        self.save(acceptance)
        return acceptance.id

    def acceptances(self) -> list[TamperingAcceptance]:
        """Every recorded acceptance, oldest first."""
        found = []
        for notification in self._all():
            if notification.topic == ACCEPTED_TOPIC:
                aggregate: object = self.repository.get(UUID(str(notification.originator_id)))
                if isinstance(aggregate, TamperingAcceptance):
                    found.append(aggregate)
        return found

    def _all(self) -> list[Notification]:
        notes: list[Notification] = []
        start = 1
        while True:
            page = self.recorder.select_notifications(start=start, limit=PAGE)
            notes += page
            if len(page) < PAGE:
                return notes
            start = page[-1].id + 1
