from __future__ import annotations

from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod

from domain.agency import Agency
from domain.case import Case
from domain.case_events import STATUTORY_V1, Acted
from domain.case_step_events import INTAKE_CLOCK, SETTLEMENT_CLOCK
from projections.batching import BatchProjection
from projections.case_index.history import record
from projections.case_index.persistence import CASES, CaseEntry, CaseIndexView
from projections.case_index.postgres import PostgresCaseIndexView
from projections.case_index.sqlite import SQLiteCaseIndexView
from projections.rows import path_text
from projections.session import Session
from projections.succession import SUCCESSION_EVENTS, record_succession


class CaseIndexProjection(BatchProjection[CaseIndexView]):
    name = "case_index"
    interests: ClassVar[tuple[type, ...]] = (
        Case.Received,
        Case.Classified,
        Case.Archived,
        Case.Guided,
        Case.Referred,
        Case.Accepted,
        Case.OfficerAssigned,
        Case.DeadlineExtended,
        Case.VerificationRecorded,
        Case.Concluded,
        Case.CitizenNotified,
        Case.DecisionPublished,
        Case.Withdrawn,
        Case.Terminated,
        Case.Suspended,
        Case.Resumed,
        Case.Reopened,
        Case.Appealed,
        Case.Transferred,
        *SUCCESSION_EVENTS,
        # Issue 8: further steps; each at least moves the entry's version.
        Case.DueDateCorrected,
        Case.CheckExtended,
        Case.KindCorrected,
        Case.PartSplitOff,
        Case.AcceptanceNotified,
        Case.RefusalNotified,
        Case.EnforcementStarted,
        Case.FurtherDenounced,
        Case.ReferralReceived,
        Case.SummaryShredded,
    )

    @classmethod
    def view_classes(cls) -> dict[str, type[CaseIndexView]]:
        return {"sqlite": SQLiteCaseIndexView, "postgres": PostgresCaseIndexView}

    @singledispatchmethod
    def handle(self, event: object, session: Session) -> None:
        """Other events change nothing here; the batch's tracking still covers them."""

    @handle.register
    def _(self, e: Case.Received, session: Session) -> None:
        entry = CaseEntry(
            case_id=e.originator_id,
            reference_code=e.reference_code,
            status="received",
            kind=None,
            channel=e.channel,
            instance=e.instance,
            summary=e.summary,
            summary_key_id=e.summary_key_id,
            anonymous=e.anonymous,
            received_on=e.legal_date,
            receiving_agency_id=e.receiving_agency_id,
            handling_agency_id=e.receiving_agency_id,
            handling_agency_path=path_text(e.receiving_agency_path),
            competent_agency_id=None,
            officer_id="",
            handling_due_date=e.handling_due_date,
            accepted_on=None,
            due_date=None,
            extensions=0,
            concluded_on=None,
            outcome="",
            first_instance_case_id=e.first_instance_case_id,
            second_instance_case_id=None,
            last_act_on=e.legal_date,
            version=e.originator_version,
            handling_due_date_confirmed=e.limit_confirmed,
        )
        session.put(CASES, entry)
        record(session, entry.case_id, e.legal_date, vars(entry))

    @handle.register
    def _(self, e: Case.Classified, session: Session) -> None:
        _touch(
            session,
            e,
            status="classified",
            kind=e.kind,
            competent_agency_id=e.competent_agency_id,
            handling_due_date=e.handling_due_date,
            handling_due_date_confirmed=e.limit_confirmed,
        )

    @handle.register
    def _(self, e: Case.Archived, session: Session) -> None:
        _touch(session, e, status="archived")

    @handle.register
    def _(self, e: Case.Guided, session: Session) -> None:
        _touch(session, e, status="guided")

    @handle.register
    def _(self, e: Case.Referred, session: Session) -> None:
        _touch(
            session,
            e,
            status="referred",
            handling_agency_id=e.to_agency_id,
            handling_agency_path=path_text(e.to_agency_path),
        )
        if e.clock_from_receipt:  # the receiver's clock starts on its recorded receipt
            _touch(session, e, handling_due_date=None, handling_due_date_confirmed=None)
        elif e.handling_due_date is not None:  # the receiver's own clock (v2 referrals)
            confirmed = e.limit_confirmed
            _touch(
                session,
                e,
                handling_due_date=e.handling_due_date,
                handling_due_date_confirmed=confirmed,
            )

    @handle.register
    def _(self, e: Case.ReferralReceived, session: Session) -> None:
        _touch(
            session,
            e,
            handling_due_date=e.handling_due_date,
            handling_due_date_confirmed=e.limit_confirmed,
        )

    @handle.register
    def _(self, e: Case.Accepted, session: Session) -> None:
        _touch(
            session,
            e,
            status="in_progress",
            handling_agency_id=e.agency_id,
            handling_agency_path=path_text(e.agency_path),
            accepted_on=e.legal_date,
            due_date=e.due_date,
            due_date_confirmed=_accepted_confirmed(e, session),
        )

    @handle.register
    def _(self, e: Case.OfficerAssigned, session: Session) -> None:
        _touch(session, e, officer_id=e.officer_id)

    @handle.register
    def _(self, e: Case.DeadlineExtended, session: Session) -> None:
        _touch(session, e, due_date=e.due_date, extensions=e.extension_number)
        if e.limit_confirmed is not None:
            _touch(session, e, due_date_confirmed=e.limit_confirmed)

    @handle.register
    def _(self, e: Case.Concluded, session: Session) -> None:
        _touch(session, e, status="concluded", outcome=e.outcome, concluded_on=e.legal_date)

    @handle.register
    def _(self, e: Case.Withdrawn, session: Session) -> None:
        if e.partial or e.proceeds:
            _touch(session, e)
        else:
            _touch(session, e, status="withdrawn")

    @handle.register
    def _(self, e: Case.Terminated, session: Session) -> None:
        _touch(session, e, status="terminated")

    @handle.register
    def _(self, e: Case.Suspended, session: Session) -> None:
        _touch(session, e, status="suspended")

    @handle.register
    def _(self, e: Case.Resumed, session: Session) -> None:
        _touch(session, e, status="in_progress", due_date=e.due_date)
        if e.limit_confirmed is not None:
            _touch(session, e, due_date_confirmed=e.limit_confirmed)

    @handle.register
    def _(self, e: Case.Reopened, session: Session) -> None:
        _touch(session, e, status="in_progress", due_date=e.due_date, outcome="", concluded_on=None)
        if e.limit_confirmed is not None:
            _touch(session, e, due_date_confirmed=e.limit_confirmed)
        if e.authority_agency_id is not None and e.authority_agency_path is not None:
            path = path_text(e.authority_agency_path)
            _touch(session, e, handling_agency_id=e.authority_agency_id, handling_agency_path=path)

    @handle.register
    def _(self, e: Case.Appealed, session: Session) -> None:
        _touch(session, e, second_instance_case_id=e.second_instance_case_id)

    @handle.register
    def _(self, e: Case.Transferred, session: Session) -> None:
        entry = session.get(CASES, e.originator_id)
        competent = entry.competent_agency_id if entry else None
        _touch(
            session,
            e,
            handling_agency_id=e.to_agency_id,
            handling_agency_path=path_text(e.to_agency_path),
            competent_agency_id=e.to_agency_id if competent == e.from_agency_id else competent,
            officer_id="",
        )

    @handle.register
    def _(self, e: Agency.MergedInto, session: Session) -> None:
        record_succession(e, session)

    @handle.register
    def _(self, e: Agency.Dissolved, session: Session) -> None:
        record_succession(e, session)

    @handle.register
    def _(self, e: Case.VerificationRecorded, session: Session) -> None:
        _touch(session, e)

    @handle.register
    def _(self, e: Case.CitizenNotified, session: Session) -> None:
        _touch(session, e)

    @handle.register
    def _(self, e: Case.DecisionPublished, session: Session) -> None:
        _touch(session, e)

    @handle.register
    def _(self, e: Case.DueDateCorrected, session: Session) -> None:
        if e.clock == INTAKE_CLOCK:
            confirmed = e.limit_confirmed
            _touch(session, e, handling_due_date=e.due_date, handling_due_date_confirmed=confirmed)
        elif e.clock == SETTLEMENT_CLOCK:
            _touch(session, e, due_date=e.due_date, due_date_confirmed=e.limit_confirmed)
        else:  # publication, acceptance notice, enforcement: not the index's dates
            _touch(session, e)

    @handle.register
    def _(self, e: Case.CheckExtended, session: Session) -> None:
        confirmed = e.limit_confirmed
        _touch(
            session, e, handling_due_date=e.handling_due_date, handling_due_date_confirmed=confirmed
        )

    @handle.register
    def _(self, e: Case.KindCorrected, session: Session) -> None:
        confirmed = e.limit_confirmed
        _touch(
            session, e, kind=e.kind, due_date=e.due_date, extensions=0, due_date_confirmed=confirmed
        )

    @handle.register
    def _(self, e: Case.PartSplitOff, session: Session) -> None:
        _touch(session, e)

    @handle.register
    def _(self, e: Case.AcceptanceNotified, session: Session) -> None:
        _touch(session, e)

    @handle.register
    def _(self, e: Case.RefusalNotified, session: Session) -> None:
        _touch(session, e)

    @handle.register
    def _(self, e: Case.EnforcementStarted, session: Session) -> None:
        _touch(session, e)

    @handle.register
    def _(self, e: Case.FurtherDenounced, session: Session) -> None:
        _touch(session, e)

    @handle.register
    def _(self, e: Case.SummaryShredded, session: Session) -> None:
        """Only the version moves: a shredding is no act on the petition (its chronology)."""
        stamped = {"version": e.originator_version}
        if session.update(CASES, e.originator_id, **stamped) is not None:
            record(session, e.originator_id, e.legal_date, stamped)


def _accepted_confirmed(e: Case.Accepted, session: Session) -> bool:
    """An acceptance's limit confirmation; before v2, the kind's rule in VN-2020.1 decided."""
    if e.limit_confirmed is not None:
        return e.limit_confirmed
    entry = session.get(CASES, e.originator_id)
    return entry is not None and entry.kind in STATUTORY_V1


def _touch(session: Session, e: Acted, **changes: Any) -> None:  # noqa: ANN401
    """Change the entry now, and keep the change as a fact of its legal date (`history`)."""
    stamped = {"last_act_on": e.legal_date, "version": e.originator_version, **changes}
    if session.update(CASES, e.originator_id, **stamped) is not None:
        record(session, e.originator_id, e.legal_date, stamped)
