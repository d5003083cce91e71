"""Events of the steps added for issue 8: notices, corrections, extensions, enforcement, links.

Like those of `domain.case_events`, each is subclassed inside `Case`, so its stored
topic is `domain.case:Case.<Name>`; never rename one. `apply` only assigns state.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from domain.calendar import DayType
from domain.case_events import UNRECORDED, Acted
from domain.kinds import Complexity, DueDateClock, Kind

INTAKE_CLOCK = DueDateClock.INTAKE.value
SETTLEMENT_CLOCK = DueDateClock.SETTLEMENT.value
ACCEPTANCE_NOTICE_CLOCK = DueDateClock.ACCEPTANCE_NOTICE.value
PUBLICATION_CLOCK = DueDateClock.PUBLICATION.value
ENFORCEMENT_CLOCK = DueDateClock.ENFORCEMENT.value
CLOCKS = tuple(clock.value for clock in DueDateClock)
# The state attribute each dated duty's due date lives in.
DUE_DATE_OF = {
    INTAKE_CLOCK: "handling_due_date",
    SETTLEMENT_CLOCK: "due_date",
    ACCEPTANCE_NOTICE_CLOCK: "acceptance_notice_due_date",
    PUBLICATION_CLOCK: "publication_due_date",
    ENFORCEMENT_CLOCK: "enforcement_due_date",
}


class DueDateCorrected(Acted):
    """A due date was recomputed on a calendar corrected after it was set (a day off declared late).

    `clock` says which dated duty: intake (handling), settlement, acceptance notice,
    publication or enforcement.
    """

    clock: str
    due_date: date
    previous_due_date: date
    limit_confirmed: bool
    calendar_version: str

    def apply(self, aggregate: Any) -> None:
        setattr(aggregate, DUE_DATE_OF.get(self.clock, "due_date"), self.due_date)
        if self.clock == SETTLEMENT_CLOCK and aggregate.day_type == DayType.WORKING:
            # A limit in working days ends on its due date: the end moves with it.
            aggregate.limit_end = self.due_date
        super().apply(aggregate)


class ReferralReceived(Acted):
    """The agency a petition was referred to received it: its own intake clock starts.

    Law on Complaints art. 27: the competent agency's limit runs from its receipt.
    """

    handling_due_date: date
    handling_limit_days: int
    handling_day_type: str
    limit_confirmed: bool
    calendar_version: str
    rulebook_version: str

    def apply(self, aggregate: Any) -> None:
        aggregate.awaiting_referral_receipt = False
        aggregate.handling_start = self.legal_date
        aggregate.handling_due_date = self.handling_due_date
        aggregate.handling_limit_days = self.handling_limit_days
        aggregate.handling_day_type = DayType(self.handling_day_type)
        aggregate.handling_confirmed = self.limit_confirmed
        super().apply(aggregate)


class CheckExtended(Acted):
    """The initial check of a denunciation was extended, from 7 to at most 10 working days."""

    handling_due_date: date
    handling_limit_days: int
    handling_day_type: str
    limit_confirmed: bool
    calendar_version: str

    def apply(self, aggregate: Any) -> None:
        aggregate.handling_due_date = self.handling_due_date
        aggregate.handling_limit_days = self.handling_limit_days
        aggregate.handling_day_type = DayType(self.handling_day_type)
        aggregate.handling_confirmed = self.limit_confirmed
        aggregate.check_extended = True
        super().apply(aggregate)


class KindCorrected(Acted):
    """An accepted case's kind was corrected; its settlement limit is the new kind's.

    Version 2 charges the new limit with the `days_used` of the old one (suspensions
    and re-examination included): the clock restarts on the correction with what is
    left. Version 1 restarted the new limit from acceptance, and replays so.
    """

    kind: str
    previous_kind: str
    limit_days: int
    day_type: str
    due_date: date
    limit_confirmed: bool
    calendar_version: str
    days_used: int | None  # None before v2
    decision_known_on: date | None  # corrected to a complaint: when the decision was known
    rulebook_version: str

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["days_used"] = None
        state["decision_known_on"] = None
        state["rulebook_version"] = UNRECORDED

    def apply(self, aggregate: Any) -> None:
        aggregate.kind = Kind(self.kind)
        aggregate.limit_days = self.limit_days
        aggregate.day_type = DayType(self.day_type)
        aggregate.due_date = self.due_date
        aggregate.due_confirmed = self.limit_confirmed
        aggregate.complexity = Complexity.ORDINARY
        aggregate.extensions = 0
        if self.decision_known_on is not None:
            aggregate.decision_known_on = self.decision_known_on
        if self.days_used is None:
            start: date = aggregate.accepted_on
            left = self.limit_days
        else:
            start, left = self.legal_date, self.limit_days - self.days_used
        aggregate.clock_start = start
        aggregate.clock_days = left
        end = start + timedelta(days=left)
        aggregate.limit_end = end if aggregate.day_type == DayType.CALENDAR else self.due_date
        super().apply(aggregate)


class PartSplitOff(Acted):
    """A part of a mixed petition, of another kind, was split off into its own case."""

    part_case_id: UUID
    kind: str
    summary: str
    summary_key_id: UUID | None  # version 2: sealed under this key (None: plain, as in v1)

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["summary_key_id"] = None

    def apply(self, aggregate: Any) -> None:
        aggregate.part_case_ids = [*aggregate.part_case_ids, self.part_case_id]
        super().apply(aggregate)


class AcceptanceNotified(Acted):
    """The petitioner (and, for a denunciation, the denounced) was notified of the acceptance."""

    method: str

    def apply(self, aggregate: Any) -> None:
        aggregate.acceptance_notified_on = self.legal_date
        super().apply(aggregate)


class RefusalNotified(Acted):
    """The petitioner was notified in writing that the petition is not accepted, and why."""

    method: str

    def apply(self, aggregate: Any) -> None:
        aggregate.refusal_notified_on = self.legal_date
        super().apply(aggregate)


class EnforcementStarted(Acted):
    """Enforcement of a complaint decision in force was organised."""

    def apply(self, aggregate: Any) -> None:
        aggregate.enforcement_started_on = self.legal_date
        super().apply(aggregate)


class FurtherDenounced(Acted):
    """The denouncer took the case further, to the superior (Law on Denunciations art. 37)."""

    further_case_id: UUID

    def apply(self, aggregate: Any) -> None:
        # The further denunciation is the citizen's act: it must not rewind the chronology.
        last_act_on = max(aggregate.last_act_on, self.legal_date)
        aggregate.further_case_id = self.further_case_id
        super().apply(aggregate)
        aggregate.last_act_on = last_act_on


class ChasedUp(Acted):
    """An agency urged the one holding a petition to settle it (đôn đốc), by a document.

    The agency that transferred the petition, or one above the agency holding it, chases
    it up; the letter-handling form counts it at the urging agency (docs/forms.md). It
    changes no duty of the case, and, being another agency's act, not its chronology.
    """

    document_ref: str
    urged_agency_id: UUID
    urging_agency_path: list[UUID]

    def apply(self, aggregate: Any) -> None:
        """Nothing of the case changes (its chronology stays its handlers')."""


class SummaryShredded(Acted):
    """An administrator erased the data key the case's own summary was sealed under.

    Only a summary sealed under a key of its own (an anonymous petition, or one whose
    identity was legacy or already shredded when it came) is shredded this way; a named
    petitioner's goes with the identity. The summary stays sealed in the log, unreadable
    by anyone. Not an act on the petition: its chronology and duties are unchanged.
    """

    summary_key_id: UUID

    def apply(self, aggregate: Any) -> None:
        """Only the mark: the key itself is erased from the key store after the save."""
        aggregate.summary_shredded = True
