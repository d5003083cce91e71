"""Issuing reports: the leader's command, and reading an issued report back."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from domain.errors import RuleViolationError
from domain.issued_report import IssuedReport, ReportIssue
from domain.typed_store import TypedStore

if TYPE_CHECKING:
    from domain.act import Act
    from domain.views import Written


class IssuedReports(TypedStore):
    """Issued reports, kept in the petitions log beside the facts they count."""

    def issue_report(self, issue: ReportIssue, act: Act) -> Written:
        """Record an issued report; a correction names an issued report of the same kind."""
        if issue.corrects is not None:
            corrected = self.get_issued_report(issue.corrects)
            if corrected.report != issue.report:
                raise RuleViolationError("a correction corrects a report of the same kind")
        return self._save(IssuedReport.issue(issue, act))

    def get_issued_report(self, report_id: UUID) -> IssuedReport:
        return self._get(report_id, IssuedReport, "issued report")
