"""Settling a case: assignment, verification, conclusion and what follows it.

Mixed into `Petitions`: notifying and publishing, withdrawal, termination,
suspension and resumption, and transfer to another competent agency. Each use case
loads the case, runs one command and saves it, like those of `domain.application`.
"""

from __future__ import annotations

from uuid import UUID

from domain.act import Act
from domain.application_plumbing import CaseCommandPlumbing
from domain.case import Case
from domain.kinds import Complexity, EffectOnContested, EffectOnFirst, TerminationGrounds
from domain.remedies import Measures, Remedies
from domain.views import Written


class CaseSettlementCommands(CaseCommandPlumbing):
    """The settlement use cases; the plumbing they use is `Petitions`'."""

    def assign(
        self, case_id: UUID, officer_id: str, act: Act, expected: int | None = None
    ) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.assign(officer_id, a))

    def extend_deadline(
        self,
        case_id: UUID,
        complexity: Complexity,
        days: int,
        act: Act,
        expected: int | None = None,
    ) -> Written:
        return self._change(
            case_id,
            expected,
            act,
            lambda c, a: c.extend_deadline(complexity, days, a, self.calendar, rules=self.rules),
        )

    def record_verification(
        self, case_id: UUID, step: str, findings: str, act: Act, expected: int | None = None
    ) -> Written:
        return self._change(
            case_id, expected, act, lambda c, a: c.record_verification(step, findings, a)
        )

    def conclude(
        self,
        case_id: UUID,
        outcome: str,
        decision_ref: str,
        act: Act,
        effect: EffectOnContested | None = None,
        expected: int | None = None,
        remedies: Remedies | None = None,
        measures: Measures | None = None,
        effect_on_first: EffectOnFirst | None = None,
    ) -> Written:
        """Settle the case; remedies, measures and effect on the first, where recorded."""
        return self._change(
            case_id,
            expected,
            act,
            lambda c, a: c.conclude(
                outcome,
                decision_ref,
                a,
                effect,
                self.calendar,
                rules=self.rules,
                remedies=remedies,
                measures=measures,
                effect_on_first=effect_on_first,
                first=self._first_instance(c) if effect_on_first else None,
            ),
        )

    def _first_instance(self, case: Case) -> Case | None:
        """The first-instance case whose decision (or silence) a second instance hears."""
        first_id = case.first_instance_case_id
        return self.get_case(first_id) if first_id is not None else None

    def notify_citizen(
        self, case_id: UUID, method: str, act: Act, expected: int | None = None
    ) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.notify_citizen(method, a))

    def publish_decision(
        self, case_id: UUID, method: str, act: Act, expected: int | None = None
    ) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.publish_decision(method, a))

    def withdraw(
        self,
        case_id: UUID,
        act: Act,
        partial: bool = False,
        proceeds: bool = False,
        expected: int | None = None,
    ) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.withdraw(a, partial, proceeds))

    def terminate(
        self, case_id: UUID, grounds: TerminationGrounds, act: Act, expected: int | None = None
    ) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.terminate(grounds, a))

    def suspend(self, case_id: UUID, act: Act, expected: int | None = None) -> Written:
        """Suspend settlement under the case's rule book (`domain.suspension`)."""
        return self._change(
            case_id, expected, act, lambda c, a: c.suspend(a, self.calendar, rules=self.rules)
        )

    def resume(self, case_id: UUID, act: Act, expected: int | None = None) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.resume(a, self.calendar))

    def transfer(
        self, case_id: UUID, to_agency_id: UUID, act: Act, expected: int | None = None
    ) -> Written:
        """Transfer an open case, accepted or not, to another competent agency."""
        case = self._case(case_id, expected)
        to = self._active_agency_ref(to_agency_id, act.legal_date)
        case.transfer(to, self._checked(act))
        return self._save(case)
