"""Issued reports: figures a leader sent out, fixed for good with what they were computed from.

An issued report records the report, the period, the agency, the metric
definition (by versioned key), the legal cut-off and the log position the figures
were computed at, and the figures themselves. It never changes: a correction is
a new issued report naming the one it corrects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.act import Act


@dataclass(frozen=True)
class ReportIssue:
    """What a leader issues: which report, over what, computed at which cut-offs, with what."""

    report: str
    period_start: date
    period_end: date
    period_label: str
    agency_id: UUID | None
    metric: str
    as_of: date
    position: int
    figures: dict[str, Any]
    corrects: UUID | None = None


class IssuedReport(Aggregate):
    """A report as issued: its cut-offs and its figures, never changed afterwards."""

    class Issued(Aggregate.Created):
        report: str
        period_start: date
        period_end: date
        period_label: str
        agency_id: UUID | None
        metric: str
        as_of: date
        position: int
        figures: dict[str, Any]
        corrects: UUID | None
        actor_id: str
        actor_agency_id: UUID
        legal_date: date
        reason: str
        legal_basis: str

    @event(Issued)
    def __init__(
        self,
        report: str,
        period_start: date,
        period_end: date,
        period_label: str,
        agency_id: UUID | None,
        metric: str,
        as_of: date,
        position: int,
        figures: dict[str, Any],
        corrects: UUID | None,
        actor_id: str,
        actor_agency_id: UUID,
        legal_date: date,
        reason: str,
        legal_basis: str,
    ) -> None:
        self.report = report
        self.period_start = period_start
        self.period_end = period_end
        self.period_label = period_label
        self.agency_id = agency_id
        self.metric = metric
        self.as_of = as_of
        self.position = position
        self.figures = figures
        self.corrects = corrects
        self.actor_id = actor_id
        self.actor_agency_id = actor_agency_id
        self.legal_date = legal_date
        self.reason = reason
        self.legal_basis = legal_basis

    @classmethod
    def issue(cls, issue: ReportIssue, act: Act) -> IssuedReport:
        """A new issued report (its id is new: issuing twice makes two reports)."""
        return cls(
            report=issue.report,
            period_start=issue.period_start,
            period_end=issue.period_end,
            period_label=issue.period_label,
            agency_id=issue.agency_id,
            metric=issue.metric,
            as_of=issue.as_of,
            position=issue.position,
            figures=issue.figures,
            corrects=issue.corrects,
            **act.fields(),
        )
