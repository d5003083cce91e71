"""The settlement events of a case: from acceptance to conclusion, re-opening and transfer.

The second half of the event catalogue (`domain.case_events` holds the intake half and
the conventions): each is subclassed inside `Case`, so its stored topic is
`domain.case:Case.<Name>`, whichever module defines its base. Never rename one;
evolve it with `class_version` and `upcast_vN_vM`. `apply` only assigns state.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from domain.calendar import DayType
from domain.case_events import STATUTORY_V1, UNRECORDED, Acted
from domain.kinds import Complexity, Status


class Accepted(Acted):
    """The handling agency accepted the case for settlement (thụ lý); the clock starts."""

    agency_id: UUID
    agency_path: list[UUID]
    level: str
    rulebook_version: str
    complexity: str
    remote: bool
    limit_days: int
    day_type: str
    due_date: date
    filing_days_excluded: int
    limit_confirmed: bool | None  # None before v2: the kind's rule in VN-2020.1 decided
    calendar_version: str
    acceptance_notice_due_date: date | None
    acceptance_notice_confirmed: bool | None  # None before v3: confirmed in VN-2020.1

    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["limit_confirmed"] = None
        state["calendar_version"] = UNRECORDED
        state["acceptance_notice_due_date"] = None

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["acceptance_notice_confirmed"] = None

    def apply(self, aggregate: Any) -> None:
        confirmed = self.limit_confirmed
        aggregate.due_confirmed = aggregate.kind in STATUTORY_V1 if confirmed is None else confirmed
        aggregate.notice_confirmed = self.acceptance_notice_confirmed is not False
        aggregate.awaiting_referral_receipt = False
        aggregate.clock_start = self.legal_date
        aggregate.clock_days = self.limit_days
        aggregate.acceptance_notice_due_date = self.acceptance_notice_due_date
        aggregate.handling_agency_id = self.agency_id
        aggregate.handling_agency_path = list(self.agency_path)
        aggregate.handling_level = self.level
        aggregate.rulebook_version = self.rulebook_version
        aggregate.complexity = Complexity(self.complexity)
        aggregate.remote = self.remote
        aggregate.limit_days = self.limit_days
        aggregate.day_type = DayType(self.day_type)
        aggregate.due_date = self.due_date
        aggregate.limit_end = _limit_end(self.legal_date, self.limit_days, aggregate)
        aggregate.accepted_on = self.legal_date
        aggregate.status = Status.IN_PROGRESS
        super().apply(aggregate)


class OfficerAssigned(Acted):
    """An officer was put in charge of the case."""

    officer_id: str

    def apply(self, aggregate: Any) -> None:
        aggregate.officer_id = self.officer_id
        super().apply(aggregate)


class DeadlineExtended(Acted):
    """A written decision extended the settlement time limit."""

    complexity: str
    extension_number: int
    days: int
    due_date: date
    limit_confirmed: bool | None  # None before v2: unchanged by the extension
    calendar_version: str

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["limit_confirmed"] = None
        state["calendar_version"] = UNRECORDED

    def apply(self, aggregate: Any) -> None:
        if self.limit_confirmed is not None:
            aggregate.due_confirmed = self.limit_confirmed
        aggregate.clock_days += self.days
        aggregate.complexity = Complexity(self.complexity)
        aggregate.extensions = self.extension_number
        aggregate.limit_days += self.days
        aggregate.due_date = self.due_date
        aggregate.limit_end = _limit_end(aggregate.limit_end, self.days, aggregate)
        super().apply(aggregate)


class VerificationRecorded(Acted):
    """A verification step (document request, site visit, dialogue, expertise) was done."""

    step: str
    findings: str

    def apply(self, aggregate: Any) -> None:
        aggregate.verification_steps += 1
        super().apply(aggregate)


class Concluded(Acted):
    """The case was settled with a decision or conclusion stating its outcome."""

    outcome: str
    effect_on_contested: str | None
    decision_ref: str
    publication_due_date: date | None  # complaints: published within 15 days
    enforcement_due_date: date | None  # complaints: enforced within 5 working days of effect
    enforcement_confirmed: bool | None
    calendar_version: str
    publication_confirmed: bool | None  # None before v3: confirmed in VN-2020.1
    in_force_on: date | None  # the day the decision takes effect unless complained of again
    rulebook_version: str  # the book of the publication and enforcement limits
    # Version 4 (issue 11): money and land recovered or returned and persons whose rights
    # were restored (`domain.remedies.Remedies`), where the decision records them.
    remedies: dict[str, int] | None
    # Version 5 (legal re-read): sanctions recommended and transfers to investigators
    # (`domain.remedies.Measures`), where the settlement records them.
    measures: dict[str, int] | None
    # Version 6 (second legal re-read): a second-instance complaint decision's effect on the
    # first-instance decision (`domain.kinds.EffectOnFirst`), where recorded; None before.
    effect_on_first: str | None

    class_version = 6

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["publication_due_date"] = None
        state["enforcement_due_date"] = None
        state["enforcement_confirmed"] = None
        state["calendar_version"] = UNRECORDED

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["publication_confirmed"] = None
        state["in_force_on"] = None
        state["rulebook_version"] = UNRECORDED

    @staticmethod
    def upcast_v3_v4(state: dict[str, Any]) -> None:
        state["remedies"] = None

    @staticmethod
    def upcast_v4_v5(state: dict[str, Any]) -> None:
        state["measures"] = None

    @staticmethod
    def upcast_v5_v6(state: dict[str, Any]) -> None:
        state["effect_on_first"] = None

    def apply(self, aggregate: Any) -> None:
        aggregate.publication_confirmed = self.publication_confirmed is not False
        aggregate.in_force_on = self.in_force_on
        aggregate.publication_due_date = self.publication_due_date
        aggregate.enforcement_due_date = self.enforcement_due_date
        aggregate.enforcement_confirmed = bool(self.enforcement_confirmed)
        aggregate.outcome = self.outcome
        aggregate.effect_on_contested = self.effect_on_contested
        aggregate.concluded_on = self.legal_date
        aggregate.status = Status.CONCLUDED
        super().apply(aggregate)


class CitizenNotified(Acted):
    """The petitioner was notified of the result."""

    method: str

    def apply(self, aggregate: Any) -> None:
        aggregate.notified_on = self.legal_date
        super().apply(aggregate)


class DecisionPublished(Acted):
    """The decision or conclusion was made public."""

    method: str

    def apply(self, aggregate: Any) -> None:
        aggregate.published_on = self.legal_date
        super().apply(aggregate)


class Withdrawn(Acted):
    """The petitioner withdrew the petition, in whole or in part."""

    partial: bool
    proceeds: bool

    def apply(self, aggregate: Any) -> None:
        if not (self.partial or self.proceeds):
            aggregate.status = Status.WITHDRAWN
        super().apply(aggregate)


class Terminated(Acted):
    """Settlement was terminated (đình chỉ) on a legal ground other than withdrawal."""

    grounds: str

    def apply(self, aggregate: Any) -> None:
        aggregate.termination_grounds = self.grounds
        aggregate.status = Status.TERMINATED
        super().apply(aggregate)


class Suspended(Acted):
    """Settlement was suspended (tạm đình chỉ); the clock stops."""

    remaining_days: int
    calendar_version: str
    # Version 3 (second legal re-read): the rule book's suspension rule for the kind
    # (`domain.suspension`), whether it is confirmed, and the book; none before.
    suspension_rule: str
    rule_confirmed: bool | None
    rulebook_version: str

    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["calendar_version"] = UNRECORDED

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["suspension_rule"] = ""
        state["rule_confirmed"] = None
        state["rulebook_version"] = UNRECORDED

    def apply(self, aggregate: Any) -> None:
        aggregate.remaining_days = self.remaining_days
        aggregate.suspended_on = self.legal_date
        aggregate.status = Status.SUSPENDED
        super().apply(aggregate)


class Resumed(Acted):
    """Settlement resumed; the clock restarts with the days that remained."""

    due_date: date
    calendar_version: str
    limit_confirmed: bool | None  # None before v3: the case's limit decided, as it still does

    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["calendar_version"] = UNRECORDED

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["limit_confirmed"] = None

    def apply(self, aggregate: Any) -> None:
        if self.limit_confirmed is not None:
            aggregate.due_confirmed = self.limit_confirmed
        aggregate.clock_start = self.legal_date
        aggregate.clock_days = aggregate.remaining_days
        aggregate.due_date = self.due_date
        aggregate.limit_end = _limit_end(self.legal_date, aggregate.remaining_days, aggregate)
        aggregate.suspended_on = None
        aggregate.remaining_days = 0
        aggregate.status = Status.IN_PROGRESS
        super().apply(aggregate)


class Reopened(Acted):
    """A settled case was re-examined by a competent higher authority on legal grounds.

    Before v2 the agency itself re-opened a case at will with a fresh limit; such events
    (no `authority_agency_id`) still replay exactly as they did.
    """

    due_date: date
    grounds: str
    authority_agency_id: UUID | None
    authority_agency_path: list[UUID] | None
    authority_level: str
    limit_days: int | None
    limit_confirmed: bool | None
    calendar_version: str
    rulebook_version: str  # the book of the re-examination limit ("" before v3)
    competence_rule: str  # the rule that let the authority re-examine ("" before v3)

    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["grounds"] = ""
        state["authority_agency_id"] = None
        state["authority_agency_path"] = None
        state["authority_level"] = ""
        state["limit_days"] = None
        state["limit_confirmed"] = None
        state["calendar_version"] = UNRECORDED

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["rulebook_version"] = UNRECORDED
        state["competence_rule"] = ""

    def apply(self, aggregate: Any) -> None:
        if self.rulebook_version:
            aggregate.rulebook_version = self.rulebook_version
        if self.authority_agency_id is not None and self.authority_agency_path is not None:
            aggregate.handling_agency_id = self.authority_agency_id
            aggregate.handling_agency_path = list(self.authority_agency_path)
            aggregate.handling_level = self.authority_level
            aggregate.complexity = Complexity.ORDINARY
            aggregate.extensions = 0
            aggregate.reexaminations += 1
            aggregate.termination_grounds = ""
        if self.limit_days is not None:
            aggregate.limit_days = self.limit_days
        if self.limit_confirmed is not None:
            aggregate.due_confirmed = self.limit_confirmed
        aggregate.clock_start = self.legal_date
        aggregate.clock_days = aggregate.limit_days
        aggregate.publication_due_date = None
        aggregate.enforcement_due_date = None
        aggregate.in_force_on = None
        aggregate.due_date = self.due_date
        aggregate.limit_end = _limit_end(self.legal_date, aggregate.limit_days, aggregate)
        aggregate.outcome = ""
        aggregate.effect_on_contested = None
        aggregate.concluded_on = None
        aggregate.notified_on = None
        aggregate.published_on = None
        aggregate.status = Status.IN_PROGRESS
        super().apply(aggregate)


class Appealed(Acted):
    """A second-instance complaint was filed against this case's decision."""

    second_instance_case_id: UUID

    def apply(self, aggregate: Any) -> None:
        # The appeal is the citizen's act, often dated before the first case's last act
        # (a notice or publication entered earlier): it must not rewind the chronology.
        last_act_on = max(aggregate.last_act_on, self.legal_date)
        aggregate.second_instance_case_id = self.second_instance_case_id
        super().apply(aggregate)
        aggregate.last_act_on = last_act_on


def _limit_end(start: date, days: int, aggregate: Any) -> date:
    """The limit's last day before any roll past a day off (the due date for working days).

    Later extensions count from here, so a roll-forward is never counted twice.
    """
    if aggregate.day_type == DayType.CALENDAR:
        return start + timedelta(days=days)
    due: date = aggregate.due_date
    return due


class Transferred(Acted):
    """An open case moved, with its whole history, to another competent agency.

    `grounds` is "succession" when the agency holding it was dissolved or merged
    (the 2025 reform), with the version of the succession rule that chose the
    successor, or "competence" when another body is competent. The time limit runs
    on: the successor continues the settlement, it does not restart it.
    """

    grounds: str
    from_agency_id: UUID
    to_agency_id: UUID
    to_agency_path: list[UUID]
    to_level: str
    to_kind: str
    succession_rule_version: str

    def apply(self, aggregate: Any) -> None:
        if aggregate.competent_agency_id == self.from_agency_id:
            aggregate.competent_agency_id = self.to_agency_id
            aggregate.competent_agency_path = list(self.to_agency_path)
            aggregate.competent_level = self.to_level
        aggregate.handling_agency_id = self.to_agency_id
        aggregate.handling_agency_path = list(self.to_agency_path)
        aggregate.handling_level = self.to_level
        aggregate.left_receiver = True
        aggregate.officer_id = ""
        super().apply(aggregate)
