"""Ending a case, mixed into `Case`: its conclusion and notices, withdrawal, termination.

A conclusion's outcome must be one allowed for the case's kind; a complaint decision
then starts its publication and enforcement dates. Each command checks its rule and
triggers one event of `Case`; the events themselves are in `domain.settlement_events`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.act import Act
from domain.calendar import WorkingCalendar
from domain.case_clocks import SECOND_INSTANCE
from domain.case_intake import DEFAULT_CALENDAR
from domain.case_mixin import CaseMixin
from domain.errors import InvalidOutcomeError, InvalidTransitionError, RuleViolationError
from domain.kinds import (
    EFFECTS_BY_OUTCOME,
    INTAKE_STATUSES,
    OPEN_CASE_STATUSES,
    OUTCOMES,
    EffectOnContested,
    EffectOnFirst,
    Kind,
    Status,
    TerminationGrounds,
)
from domain.remedies import Measures, Remedies
from domain.rules import RULES, RuleBooks
from domain.text import clean_label

if TYPE_CHECKING:
    from domain import settlement_events as stl
    from domain.case import Case

TERMINATION_KINDS = {
    TerminationGrounds.DENOUNCED_DIED: frozenset({Kind.DENUNCIATION}),
    TerminationGrounds.COMPLAINANT_DIED: frozenset({Kind.COMPLAINT}),
}


class CaseConclusion(CaseMixin):
    """Commands that end a case; state is declared here only for the type checker."""

    status: Status
    kind: Kind | None
    instance: int
    first_instance_case_id: UUID | None
    notified_on: date | None
    published_on: date | None

    if TYPE_CHECKING:
        Concluded: type[stl.Concluded]
        CitizenNotified: type[stl.CitizenNotified]
        DecisionPublished: type[stl.DecisionPublished]
        Withdrawn: type[stl.Withdrawn]
        Terminated: type[stl.Terminated]

        def _after_decision(
            self, kind: Kind, on: date, calendar: WorkingCalendar, rules: RuleBooks
        ) -> dict[str, Any]: ...

    def conclude(
        self,
        outcome: str,
        decision_ref: str,
        act: Act,
        effect_on_contested: EffectOnContested | None = None,
        calendar: WorkingCalendar = DEFAULT_CALENDAR,
        *,
        rules: RuleBooks = RULES,
        remedies: Remedies | None = None,
        measures: Measures | None = None,
        effect_on_first: EffectOnFirst | None = None,
        first: Case | None = None,
    ) -> None:
        """Settle the case with an outcome allowed for its kind.

        A complaint decision's effect on the contested decision must fit its finding
        (one found right is not upheld); it is then due for publication within 15
        days and, once in force, for enforcement within 5 working days. `remedies`
        records what the decision recovered, returned or restored, where it says so;
        `measures` the sanctions it recommends and its transfer to investigators, which
        only a complaint decision or a denunciation conclusion orders. `effect_on_first`
        is what a second-instance complaint decision does to the first-instance decision,
        `first`'s (the case whose silence or decision it hears).
        """
        kind = self._require_classified("conclude")
        self._require_status({Status.IN_PROGRESS}, "conclude")
        self._require_chronology(act)
        if outcome not in OUTCOMES[kind]:
            allowed = ", ".join(sorted(OUTCOMES[kind]))
            raise InvalidOutcomeError(f"a {kind} ends as one of: {allowed}")
        if (kind == Kind.COMPLAINT) != (effect_on_contested is not None):
            raise InvalidOutcomeError("effect_on_contested is required exactly for complaints")
        if effect_on_contested is not None and effect_on_contested not in EFFECTS_BY_OUTCOME.get(
            outcome, frozenset()
        ):
            raise InvalidOutcomeError(
                f"a complaint found {outcome} cannot leave the contested decision "
                f"{effect_on_contested} (Law on Complaints art. 31(2), 40(2))"
            )
        if measures is not None and kind not in {Kind.COMPLAINT, Kind.DENUNCIATION}:
            raise InvalidOutcomeError(
                "sanctions and transfers to investigators are ordered by settling a complaint "
                "or a denunciation"
            )
        if effect_on_first is not None:
            self._require_first_decision(kind, first, act.legal_date)
            _require_fitting_effect_on_first(effect_on_first, effect_on_contested, first)
        self.trigger_event(
            self.Concluded,
            **self._after_decision(kind, act.legal_date, calendar, rules),
            effect_on_first=effect_on_first.value if effect_on_first else None,
            outcome=outcome,
            effect_on_contested=effect_on_contested.value if effect_on_contested else None,
            decision_ref=clean_label(decision_ref, "decision_ref", required=True),
            remedies=remedies.as_event() if remedies is not None else None,
            measures=measures.as_event() if measures is not None else None,
            **act.fields(),
        )

    def notify_citizen(self, method: str, act: Act) -> None:
        """Record that the petitioner was notified of the result."""
        self._require_status({Status.CONCLUDED}, "notify the citizen of")
        self._require_chronology(act)
        if self.notified_on is not None:
            raise InvalidTransitionError("the citizen was already notified")
        self.trigger_event(
            self.CitizenNotified,
            method=clean_label(method, "method", required=True),
            **act.fields(),
        )

    def publish_decision(self, method: str, act: Act) -> None:
        """Record the publication of the decision or conclusion."""
        self._require_status({Status.CONCLUDED}, "publish the decision of")
        self._require_chronology(act)
        if self.published_on is not None:
            raise InvalidTransitionError("the decision was already published")
        self.trigger_event(
            self.DecisionPublished,
            method=clean_label(method, "method", required=True),
            **act.fields(),
        )

    def withdraw(self, act: Act, partial: bool = False, proceeds: bool = False) -> None:
        """Record a written withdrawal; a denunciation may proceed regardless (art. 33)."""
        self._require_status(INTAKE_STATUSES | OPEN_CASE_STATUSES, "withdraw")
        self._require_chronology(act)
        if proceeds and self.kind != Kind.DENUNCIATION:
            raise RuleViolationError("only a denunciation proceeds after withdrawal")
        self.trigger_event(self.Withdrawn, partial=partial, proceeds=proceeds, **act.fields())

    def _require_first_decision(self, kind: Kind, first: Case | None, on: date) -> None:
        """A second-instance decision changes or recognises a first decision made before it.

        On the first instance's silence (Law on Complaints art. 33) there is none.
        """
        if (kind, self.instance) != (Kind.COMPLAINT, SECOND_INSTANCE):
            raise InvalidOutcomeError(
                "effect_on_first: only a second-instance complaint decision acts on the first"
            )
        ours = first is not None and first.id == self.first_instance_case_id
        decided_on = first.concluded_on if first is not None and ours else None
        if decided_on is None or decided_on > on:
            raise InvalidOutcomeError(
                "effect_on_first: there is no first-instance decision to annul, amend or uphold"
            )

    def terminate(self, grounds: TerminationGrounds, act: Act) -> None:
        """Terminate settlement (đình chỉ) on a legal ground other than withdrawal."""
        self._require_status(OPEN_CASE_STATUSES, "terminate")
        self._require_chronology(act.require_reason())
        kinds = TERMINATION_KINDS.get(grounds)
        if kinds is not None and self.kind not in kinds:
            raise RuleViolationError(f"{grounds} is no ground to terminate a {self.kind}")
        self.trigger_event(self.Terminated, grounds=grounds.value, **act.fields())


def _require_fitting_effect_on_first(
    effect: EffectOnFirst, on_contested: EffectOnContested | None, first: Case | None
) -> None:
    """A decision recognising the first leaves the contested decision as the first did."""
    left = first.effect_on_contested if first is not None else None
    changed = on_contested is not None and left is not None and on_contested.value != left
    if effect == EffectOnFirst.UPHELD and changed:
        raise InvalidOutcomeError(
            f"effect_on_first: a decision recognising the first leaves the contested "
            f"decision {left}, not {on_contested.value if on_contested else ''}"
        )
