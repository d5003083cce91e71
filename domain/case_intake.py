"""The intake of a petition, mixed into `Case`: classify, archive, guide, refer, transfer.

Until a petition is accepted its receiving (then handling) agency decides what it is
and who is competent (classification, correctable until acceptance), files it away
with grounds, guides the citizen elsewhere, or refers it; an open case, accepted or
not, may be transferred with its history to another competent agency.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.act import Act
from domain.agency_kinds import RECEIVES_FOR_PARENT
from domain.calendar import WorkingCalendar
from domain.case_clocks import SECOND_INSTANCE
from domain.case_filing import intake_clock
from domain.case_mixin import CaseMixin
from domain.errors import RuleViolationError
from domain.fields import normalise_field
from domain.kinds import INTAKE_STATUSES, ArchiveGrounds, Kind, Procedure
from domain.routing import received_beyond_level, referred_beyond_level
from domain.rules import RULES, RuleBook, RuleBooks, TimeLimit
from domain.succession import TRANSFERABLE_STATUSES, TransferGrounds
from domain.text import clean_label

if TYPE_CHECKING:
    from domain import case_events as ev
    from domain import settlement_events as stl
    from domain.case import AgencyRef

DEFAULT_CALENDAR = WorkingCalendar()  # public holidays only, for callers without a configuration


class CaseIntake(CaseMixin):
    """Intake commands; state is declared here only for the type checker."""

    instance: int
    further_of_case_id: UUID | None
    received_on: date
    handling_start: date
    handling_agency_id: UUID
    receiving_agency_id: UUID
    receiving_agency_path: list[UUID] | tuple[()]
    competent_agency_path: list[UUID] | tuple[()]
    beyond_level_by_routing: bool | None
    left_receiver: bool
    received_beyond_level: bool
    anonymous: bool

    if TYPE_CHECKING:
        Classified: type[ev.Classified]
        Archived: type[ev.Archived]
        Guided: type[ev.Guided]
        Referred: type[ev.Referred]
        Transferred: type[stl.Transferred]

        @property
        def id(self) -> UUID: ...
        def intake_limit_for(self, kind: Kind, competent_id: UUID, book: RuleBook) -> TimeLimit: ...
        def _require_receipt_recorded(self, action: str) -> None: ...
        def _require_filing_limit_passed(
            self, book: RuleBook, calendar: WorkingCalendar, remote: bool, excluded_days: int
        ) -> None: ...

    def classify(
        self,
        kind: Kind,
        field: str,
        competent: AgencyRef,
        act: Act,
        calendar: WorkingCalendar,
        decision_known_on: date | None = None,
        procedure: Procedure | None = None,
        *,
        rules: RuleBooks = RULES,
        first_procedure: Procedure | None = None,
        receiver: AgencyRef | None = None,
    ) -> None:
        """Decide the kind and the competent agency; may be corrected until acceptance.

        The intake clock runs from the handling agency's own receipt: a referred
        petition's from the day the receiver recorded receiving it (Law on Complaints
        art. 27). A second-instance complaint follows the first case's procedure
        (`first_procedure`, chapter IV for a disciplinary decision); `receiver` is the
        receiving agency, whose kind says whether it received for its People's Committee.
        """
        self._require_status(INTAKE_STATUSES, "classify")
        self._require_chronology(act)
        self._require_receipt_recorded("classify")
        if self.instance == SECOND_INSTANCE and kind != Kind.COMPLAINT:
            raise RuleViolationError("a second-instance petition is always a complaint")
        if self.further_of_case_id is not None and kind != Kind.DENUNCIATION:
            raise RuleViolationError("a further denunciation is always a denunciation")
        procedure = self._procedure_for(procedure, first_procedure)
        if procedure != Procedure.ADMINISTRATIVE and kind != Kind.COMPLAINT:
            raise RuleViolationError("only a complaint follows the disciplinary procedure")
        if decision_known_on is not None and decision_known_on > self.received_on:
            raise RuleViolationError("decision_known_on is after the petition was received")
        book = rules.in_force(self.received_on)
        limit = self.intake_limit_for(kind, competent.id, book)
        due = calendar.add(self.handling_start, limit.days, limit.day_type)
        self.trigger_event(
            self.Classified,
            kind=kind.value,
            field=normalise_field(clean_label(field, "field")),
            competent_agency_id=competent.id,
            competent_agency_path=list(competent.path),
            competent_level=competent.level,
            beyond_competence=self._beyond_level_at_receipt(competent, receiver),
            decision_known_on=decision_known_on,
            handling_due_date=due,
            procedure=procedure.value,
            rulebook_version=book.version,
            **intake_clock(limit, calendar, self.handling_start, due),
            **act.fields(),
        )

    def _procedure_for(
        self, procedure: Procedure | None, first_procedure: Procedure | None
    ) -> Procedure:
        """The procedure given, or a second instance's first case's; a mismatch is refused."""
        if self.instance != SECOND_INSTANCE or first_procedure is None:
            return procedure or Procedure.ADMINISTRATIVE
        if procedure is not None and procedure != first_procedure:
            raise RuleViolationError(
                f"a second-instance complaint follows its first case's {first_procedure} "
                "procedure (Law on Complaints ch. IV for disciplinary decisions)"
            )
        return first_procedure

    def archive(
        self,
        grounds: ArchiveGrounds,
        act: Act,
        duplicate_of: UUID | None = None,
        calendar: WorkingCalendar = DEFAULT_CALENDAR,
        *,
        remote: bool = False,
        filing_days_excluded: int = 0,
        rules: RuleBooks = RULES,
        duplicate_received_on: date | None = None,
    ) -> None:
        """File the petition away, with the grounds and a written reason.

        Only a petition without a petitioner's identity is archived as anonymous. A
        duplicate repeats a petition received before it (`duplicate_received_on`, the
        other petition's receipt, where the caller read it).

        "Limitation expired" needs a kind with a filing limit, and that limit passed:
        denunciations have none, and a complaint within its limit (a remote area's, with
        the days excluded for illness or disaster, as at acceptance) is not expired.
        """
        self._require_status(INTAKE_STATUSES, "archive")
        self._require_chronology(act.require_reason())
        if (grounds == ArchiveGrounds.DUPLICATE) != (duplicate_of is not None):
            raise RuleViolationError("duplicate_of is required exactly for duplicates")
        if duplicate_of == self.id:
            raise RuleViolationError("a petition cannot duplicate itself")
        if duplicate_received_on is not None and duplicate_received_on > self.received_on:
            raise RuleViolationError(
                f"the petition it duplicates was received after it ({duplicate_received_on})"
            )
        if grounds == ArchiveGrounds.ANONYMOUS and not self.anonymous:
            raise RuleViolationError(
                "a petition that names its petitioner is not archived as anonymous"
            )
        if filing_days_excluded < 0:
            raise RuleViolationError("filing_days_excluded cannot be negative")
        if grounds == ArchiveGrounds.LIMITATION_EXPIRED:
            book = rules.in_force(act.legal_date)
            self._require_filing_limit_passed(book, calendar, remote, filing_days_excluded)
        self.trigger_event(
            self.Archived,
            grounds=grounds.value,
            duplicate_of=duplicate_of,
            inspection_agency_id=None,
            inspection_agency_path=None,
            **act.fields(),
        )

    def guide(self, directed_to: str, act: Act) -> None:
        """Answer with guidance: the citizen is told which body to address."""
        self._require_classified("guide")
        self._require_chronology(act)
        self.trigger_event(
            self.Guided,
            directed_to=clean_label(directed_to, "directed_to", required=True),
            **act.fields(),
        )

    def refer(
        self,
        to: AgencyRef,
        act: Act,
        calendar: WorkingCalendar = DEFAULT_CALENDAR,
        *,
        rules: RuleBooks = RULES,
    ) -> None:
        """Transfer the petition to another agency, which then handles it.

        The receiving agency's own limit is recorded; its clock starts on the day it
        records receiving the petition (`receive_referral`; Law on Complaints art. 27).
        """
        kind = self._require_classified("refer")
        self._require_chronology(act)
        if to.id == self.handling_agency_id:
            raise RuleViolationError("the petition is already with that agency")
        book = rules.in_force(self.received_on)
        limit = book.intake_limit(kind)
        if self.further_of_case_id is not None and kind == Kind.DENUNCIATION:
            limit = book.deadlines.further_denunciation
        del calendar  # the receiver's clock is computed on its receipt
        self.trigger_event(
            self.Referred,
            handling_due_date=None,
            handling_limit_days=limit.days,
            handling_day_type=limit.day_type.value,
            limit_confirmed=limit.confirmed,
            calendar_version="",
            rulebook_version=book.version,
            clock_from_receipt=True,
            to_agency_id=to.id,
            to_agency_path=list(to.path),
            to_level=to.level,
            beyond_competence=referred_beyond_level(to.id, self.competent_agency_path),
            **act.fields(),
        )

    def _beyond_level_at_receipt(self, competent: AgencyRef, receiver: AgencyRef | None) -> bool:
        """Whether the receiving agency is an ancestor of the competent one (vượt cấp).

        A reception office receives for its People's Committee, which is then the
        receiver. The receiving agency decides it with its classification, and may
        correct itself while it holds the petition; once the petition has left it
        (referred or transferred), a later classification may set the fact (the
        receiver is an ancestor of the agency now found competent), never clear it.
        A request filed online through a routed service carries the routing rules'
        verdict instead: the portal's agency receiving it says nothing of the citizen.
        """
        receiving_path = list(self.receiving_agency_path) or [self.receiving_agency_id]
        receiving = receiving_path[-1]
        for_parent = receiver is not None and receiver.kind in RECEIVES_FOR_PARENT
        if for_parent and len(receiving_path) > 1:
            receiving = receiving_path[-2]
        beyond = received_beyond_level(receiving, competent.path)
        if self.beyond_level_by_routing is not None:
            return self.beyond_level_by_routing
        if self.left_receiver:
            return self.received_beyond_level or beyond
        return beyond

    def transfer(
        self,
        to: AgencyRef,
        act: Act,
        grounds: TransferGrounds = TransferGrounds.COMPETENCE,
        succession_rule_version: str = "",
    ) -> None:
        """Move an open case, accepted or not, with its history to another competent agency.

        For a successor after a merger or dissolution (Resolution 190/2025/QH15: the
        receiving body continues the files of the reorganised one) `grounds` is
        succession and the rule that chose the successor is recorded; otherwise the
        act's reason says why the other body is competent. The clock runs on.
        """
        self._require_status(TRANSFERABLE_STATUSES, "transfer")
        self._require_chronology(act.require_reason())
        if to.id == self.handling_agency_id:
            raise RuleViolationError("the case is already with that agency")
        if (grounds == TransferGrounds.SUCCESSION) != bool(succession_rule_version):
            raise RuleViolationError("a succession rule version is given exactly for successions")
        self.trigger_event(
            self.Transferred,
            grounds=grounds.value,
            from_agency_id=self.handling_agency_id,
            to_agency_id=to.id,
            to_agency_path=list(to.path),
            to_level=to.level,
            to_kind=to.kind,
            succession_rule_version=succession_rule_version,
            **act.fields(),
        )
