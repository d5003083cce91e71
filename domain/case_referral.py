"""A referred petition's arrival, mixed into `Case`: the receiver's own intake clock starts.

Law on Complaints art. 27: the competent agency's limit runs from its receipt. A
referral records the limit the receiver will have; the receiver records the day the
petition reached it (`ReferralReceived`), and the intake due date runs from that day.
Between the two the petition has no intake due date and is overdue on nothing: the
sender's duty ended with the referral and the receiver's has not begun. A receiver
that accepts, archives, guides or refers the petition on without recording its
receipt ends the gap with that act; classifying or extending a check needs the clock.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.act import Act
from domain.calendar import DayType, WorkingCalendar
from domain.case_mixin import CaseMixin
from domain.errors import InvalidTransitionError, RuleViolationError
from domain.kinds import FINAL_STATUSES, Status
from domain.rules import RULES, RuleBooks
from domain.text import clean_label

if TYPE_CHECKING:
    from domain import case_step_events as sev
    from domain.case import AgencyRef


class CaseReferral(CaseMixin):
    """The receipt of a referred petition; state is declared here only for the type checker."""

    status: Status
    received_on: date
    handling_agency_id: UUID
    handling_agency_path: list[UUID]
    receiving_agency_id: UUID
    handling_limit_days: int
    handling_day_type: DayType
    handling_confirmed: bool
    awaiting_referral_receipt: bool
    last_act_on: date

    if TYPE_CHECKING:
        ReferralReceived: type[sev.ReferralReceived]
        ChasedUp: type[sev.ChasedUp]

    def receive_referral(
        self, act: Act, calendar: WorkingCalendar, *, rules: RuleBooks = RULES
    ) -> None:
        """Record the day the agency a petition was referred to received it.

        Its intake limit, fixed by the referral, runs from that day (art. 27).
        """
        if self.status != Status.REFERRED or not self.awaiting_referral_receipt:
            raise InvalidTransitionError("no referred petition awaits its receipt here")
        act.require_not_before(self.last_act_on, "referral")
        if act.agency_id != self.handling_agency_id:
            raise RuleViolationError("only the agency the petition was referred to records it")
        days, day_type = self.handling_limit_days, self.handling_day_type
        due = calendar.add(act.legal_date, days, day_type)
        self.trigger_event(
            self.ReferralReceived,
            handling_due_date=due,
            handling_limit_days=days,
            handling_day_type=day_type.value,
            limit_confirmed=self.handling_confirmed,
            calendar_version=calendar.version_between(act.legal_date, due),
            rulebook_version=rules.in_force(self.received_on).version,
            **act.fields(),
        )

    def chase_up(self, urging: AgencyRef, document_ref: str, act: Act) -> None:
        """Record a document urging the agency holding the petition to settle it (đôn đốc).

        Only the agency that received and transferred it, or one above the agency holding
        it, chases it up, and only while it is not settled, guided or archived.
        """
        if self.status in FINAL_STATUSES:
            raise InvalidTransitionError(f"cannot chase up a case that is {self.status}")
        if urging.id == self.handling_agency_id:
            raise RuleViolationError("the agency holding the petition does not chase itself up")
        if urging.id != self.receiving_agency_id and urging.id not in self.handling_agency_path:
            raise RuleViolationError(
                "only the agency that transferred the petition, or one above the agency "
                "holding it, chases it up"
            )
        act.require_not_before(self.received_on, "receipt of the petition")
        self.trigger_event(
            self.ChasedUp,
            document_ref=clean_label(document_ref, "document_ref", required=True),
            urged_agency_id=self.handling_agency_id,
            urging_agency_path=list(urging.path),
            **act.fields(),
        )

    def _require_receipt_recorded(self, action: str) -> None:
        if self.awaiting_referral_receipt:
            raise InvalidTransitionError(
                f"record the day the referred petition was received before you {action} it"
            )
