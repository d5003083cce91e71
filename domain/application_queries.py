"""Reading cases: one case as of a version and a day, its history, and finding it by code.

Mixed into `Petitions`. The summaries sealed in the events are opened for the reader
(`domain.application_identity`); once shredded they read as None.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.case import Case
from domain.case_events import Acted
from domain.open311 import RequestToken
from domain.reference import ReferenceIndex, normalise_code
from domain.typed_store import TypedStore
from domain.views import CaseDetails, DeadlineView, HistoryEntry

ATTRIBUTION = {f.name for f in fields(Acted)} | {
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
}


class CaseQueries(TypedStore):
    """The case queries; the plumbing they use is `Petitions`'."""

    if TYPE_CHECKING:

        def today(self) -> date: ...
        def summary_of(self, case: Case) -> str | None: ...
        def opened_summary(self, summary: str, key_id: UUID | None) -> str | None: ...
        def _events(self, aggregate_id: UUID) -> Iterator[Any]: ...

    def get_case(self, case_id: UUID) -> Case:
        return self._get(case_id, Case, "case")

    def case_details(
        self, case_id: UUID, on: date | None = None, version: int | None = None
    ) -> CaseDetails:
        """One case as of its event `version` (default: its last), judged on `on` (default: today).

        The overdue flags, its own and each dated duty's, are those of day `on`.
        """
        case = self._get(case_id, Case, "case", version)
        return _details(case, on or self.today(), self.summary_of(case))

    def case_history(self, case_id: UUID) -> list[HistoryEntry]:
        """Every event of the case in order: what, when (legal and recorded), who, why.

        Each due date says whether the limit behind it is confirmed law; events stored
        before they recorded it show what the case's rules made of it.
        """
        self.get_case(case_id)
        entries, case = [], None
        for event in self._events(case_id):
            case = event.mutate(case)
            entries.append(self._opened_entry(_history_entry(event, case)))
        return entries

    def _opened_entry(self, entry: HistoryEntry) -> HistoryEntry:
        """The entry with its sealed summary, if any, opened (None once shredded)."""
        if "summary_key_id" not in entry.fields:
            return entry
        key_id = entry.fields.pop("summary_key_id")  # a shredding's: which key, not shown
        if "summary" in entry.fields:
            entry.fields["summary"] = self.opened_summary(entry.fields["summary"], key_id)
        return entry

    def find_by_reference(self, code: str) -> UUID:
        index_id = ReferenceIndex.create_id(normalise_code(code))
        return self._get(index_id, ReferenceIndex, "reference code").case_id

    def find_by_token(self, token: str) -> str:
        """The reference code of the request an Open311 token was answered for."""
        index = self._get(RequestToken.create_id(token), RequestToken, "token")
        return self.get_case(index.case_id).reference_code


def _details(case: Case, on: date, summary: str | None) -> CaseDetails:
    return CaseDetails(
        id=case.id,
        version=case.version,
        reference_code=case.reference_code,
        received_by=case.received_by,
        status=str(case.status),
        kind=str(case.kind) if case.kind else None,
        channel=str(case.channel),
        instance=case.instance,
        summary=summary,
        identity_id=case.identity_id,
        anonymous=case.anonymous,
        receiving_agency_id=case.receiving_agency_id,
        handling_agency_id=case.handling_agency_id,
        competent_agency_id=case.competent_agency_id,
        received_on=case.received_on,
        handling_due_date=case.handling_due_date,
        accepted_on=case.accepted_on,
        due_date=case.due_date,
        overdue=case.overdue_on(on),
        officer_id=case.officer_id,
        outcome=case.outcome,
        concluded_on=case.concluded_on,
        first_instance_case_id=case.first_instance_case_id,
        second_instance_case_id=case.second_instance_case_id,
        handling_due_date_confirmed=case.handling_confirmed,
        due_date_confirmed=case.due_confirmed if case.due_date is not None else None,
        deadlines=[
            DeadlineView(d.name, d.due_date, d.confirmed, d.done_on, d.overdue(on))
            for d in case.deadline_items()
        ],
        origin=case.origin,
        location=case.location,
        media_url=case.media_url,
        service_code=case.service_code,
        created_at=case.created_on,
        modified_at=case.modified_on,
    )


def _history_entry(event: Acted, case: Case | None) -> HistoryEntry:
    data = {k: v for k, v in vars(event).items() if k not in ATTRIBUTION}
    if data.get("limit_confirmed", False) is None and data.get("due_date") and case:
        data["limit_confirmed"] = case.due_confirmed
    return HistoryEntry(
        version=event.originator_version,
        event=type(event).__name__,
        legal_date=event.legal_date,
        recorded_at=event.timestamp,
        actor_id=event.actor_id,
        actor_agency_id=event.actor_agency_id,
        reason=event.reason,
        legal_basis=event.legal_basis,
        fields=data,
    )
