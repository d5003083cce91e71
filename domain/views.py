"""Frozen answers of the application's queries: one case, and its audited history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class DeadlineView:
    """One dated duty of a case, and whether it is overdue on the day asked."""

    name: str
    due_date: date
    confirmed: bool
    done_on: date | None
    overdue: bool


@dataclass(frozen=True)
class CaseDetails:
    id: UUID
    version: int
    reference_code: str
    received_by: str
    status: str
    kind: str | None
    channel: str
    instance: int
    summary: str | None  # None: sealed under a data key since erased (shredded)
    identity_id: UUID | None
    anonymous: bool
    receiving_agency_id: UUID
    handling_agency_id: UUID
    competent_agency_id: UUID | None
    received_on: date
    handling_due_date: date | None  # None while a referred petition awaits its receipt
    accepted_on: date | None
    due_date: date | None
    overdue: bool
    officer_id: str
    outcome: str
    concluded_on: date | None
    first_instance_case_id: UUID | None
    second_instance_case_id: UUID | None
    handling_due_date_confirmed: bool = False
    due_date_confirmed: bool | None = None
    deadlines: list[DeadlineView] = field(default_factory=list)
    origin: dict[str, Any] | None = None  # the forwarding body and its dispatch
    location: dict[str, Any] | None = None  # lat, long, address of the place it is about
    media_url: str = ""
    service_code: str = ""  # the online service (Open311) it was filed through
    created_at: datetime | None = None  # when its receipt was recorded
    modified_at: datetime | None = None  # when its last event was recorded

    @property
    def summary_shredded(self) -> bool:
        """The summary was sealed under a data key since erased: it can never be read."""
        return self.summary is None


@dataclass(frozen=True)
class HistoryEntry:
    """One event of a case, as an inspection board reads it."""

    version: int
    event: str
    legal_date: date
    recorded_at: datetime
    actor_id: str
    actor_agency_id: UUID
    reason: str
    legal_basis: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class Written:
    """What a command answers: the aggregate's new version and the log position.

    `reference_code` is the case's code when the aggregate has one (a new petition's
    receipt), so a replayed answer shows the code first drawn.
    """

    id: UUID
    version: int
    position: int
    reference_code: str | None = None
