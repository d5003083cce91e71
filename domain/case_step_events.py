"""Events of the steps added for issue 8: notices, corrections, extensions, enforcement, links.

Like those of `domain.case_events`, each is subclassed inside `Case`, so its stored
topic is `domain.case:Case.<Name>`; never rename one. `apply` only assigns state.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from domain.calendar import DayType
from domain.case_events import Acted
from domain.kinds import Complexity, Kind

INTAKE_CLOCK = "intake"
SETTLEMENT_CLOCK = "settlement"


class DueDateCorrected(Acted):
    """A due date was recomputed on a calendar corrected after it was set (a day off declared late).

    `clock` says which due date: the intake one (handling) or the settlement one.
    """

    clock: str
    due_date: date
    previous_due_date: date
    limit_confirmed: bool
    calendar_version: str

    def apply(self, aggregate: Any) -> None:
        if self.clock == INTAKE_CLOCK:
            aggregate.handling_due_date = self.due_date
        else:
            aggregate.due_date = self.due_date
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
    """An accepted case's kind was corrected; its settlement limit is the new kind's."""

    kind: str
    previous_kind: str
    limit_days: int
    day_type: str
    due_date: date
    limit_confirmed: bool
    calendar_version: str

    def apply(self, aggregate: Any) -> None:
        aggregate.kind = Kind(self.kind)
        aggregate.limit_days = self.limit_days
        aggregate.day_type = DayType(self.day_type)
        aggregate.due_date = self.due_date
        aggregate.due_confirmed = self.limit_confirmed
        aggregate.complexity = Complexity.ORDINARY
        aggregate.extensions = 0
        aggregate.clock_start = aggregate.accepted_on
        aggregate.clock_days = self.limit_days
        start: date = aggregate.accepted_on
        end = start + timedelta(days=self.limit_days)
        aggregate.limit_end = end if aggregate.day_type == DayType.CALENDAR else self.due_date
        super().apply(aggregate)


class PartSplitOff(Acted):
    """A part of a mixed petition, of another kind, was split off into its own case."""

    part_case_id: UUID
    kind: str
    summary: str

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
