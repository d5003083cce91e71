"""A paper backlog taken in: historical petitions with their legal dates and steps.

Each record becomes a case by the same commands the API runs (receive, classify,
refer, archive or guide or accept, conclude, withdraw), dated as they were decided
and attributed to the officers who did them, or to the actor `imported` with the
source file and row as the reason. A broken rule names the step it broke, so the
importer can point at the row's column. An `ImportedRow` index, saved in the same
`save()` as the case, keys the row by its stable import id, so a file imported twice
adds nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.act import Act
from domain.calendar import WorkingCalendar
from domain.case import AgencyRef, Case, Petition
from domain.errors import PetitionError
from domain.kinds import ArchiveGrounds, Complexity, EffectOnContested, Kind, Procedure
from domain.sealing import SummarySeal

T = TypeVar("T")
IMPORTED = "imported"  # the actor of a step whose officer the backlog does not name
AgencyOn = Callable[[UUID, date], AgencyRef]  # an agency as it acted on a past date


@dataclass(frozen=True)
class Step:
    """One dated act of the record: when, by whom (a user id, or `imported`), and why."""

    on: date
    actor_id: str = IMPORTED
    reason: str = ""


@dataclass(frozen=True)
class Classification:
    step: Step
    kind: Kind
    field: str
    competent_agency_id: UUID
    decision_known_on: date | None = None
    procedure: Procedure = Procedure.ADMINISTRATIVE


@dataclass(frozen=True)
class Referral:
    step: Step
    to_agency_id: UUID


@dataclass(frozen=True)
class Archival:
    step: Step
    grounds: ArchiveGrounds


@dataclass(frozen=True)
class Guidance:
    step: Step
    directed_to: str


@dataclass(frozen=True)
class Acceptance:
    step: Step
    complexity: Complexity = Complexity.ORDINARY


@dataclass(frozen=True)
class Conclusion:
    step: Step
    outcome: str
    decision_ref: str
    effect: EffectOnContested | None = None


@dataclass(frozen=True)
class HistoricalPetition:
    """One petition of the backlog: its receipt and every later step it went through."""

    import_id: str
    source: str  # the file and row it came from, recorded as the reason of every step
    receiving_agency_id: UUID
    petition: Petition
    received: Step
    classification: Classification | None = None
    referral: Referral | None = None
    archival: Archival | None = None
    guidance: Guidance | None = None
    acceptance: Acceptance | None = None
    conclusion: Conclusion | None = None
    withdrawal: Step | None = None

    def build(
        self, agency_on: AgencyOn, calendar: WorkingCalendar, seal: SummarySeal | None = None
    ) -> Case:
        """The case this record describes, its steps checked by the case's own rules.

        `seal` seals its summary (docs/summary-sealing.md).
        """
        holder = self.receiving_agency_id
        case = _step("received", lambda: self._receive(agency_on, calendar, seal))
        if (c := self.classification) is not None:
            _step("classified", lambda: self._classify(case, c, holder, agency_on, calendar))
        if (r := self.referral) is not None:
            to = _step("referred", lambda: agency_on(r.to_agency_id, r.step.on))
            _step("referred", lambda: case.refer(to, self._act(r.step, holder), calendar))
            holder = r.to_agency_id
        self._settle(case, holder, agency_on, calendar)
        if (w := self.withdrawal) is not None:
            _step("withdrawn", lambda: case.withdraw(self._act(w, case.handling_agency_id)))
        return case

    def _receive(
        self, agency_on: AgencyOn, calendar: WorkingCalendar, seal: SummarySeal | None
    ) -> Case:
        agency = agency_on(self.receiving_agency_id, self.received.on)
        act = self._act(self.received, agency.id)
        return Case.receive(self.petition, agency, act, calendar, seal=seal)

    def _classify(
        self,
        case: Case,
        c: Classification,
        holder: UUID,
        agency_on: AgencyOn,
        calendar: WorkingCalendar,
    ) -> None:
        competent = agency_on(c.competent_agency_id, c.step.on)
        act = self._act(c.step, holder)
        case.classify(c.kind, c.field, competent, act, calendar, c.decision_known_on, c.procedure)

    def _settle(
        self, case: Case, holder: UUID, agency_on: AgencyOn, calendar: WorkingCalendar
    ) -> None:
        if (a := self.archival) is not None:
            act = self._act(a.step, holder)
            _step("archived", lambda: case.archive(a.grounds, act, None, calendar))
        if (g := self.guidance) is not None:
            _step("guided", lambda: case.guide(g.directed_to, self._act(g.step, holder)))
        if (acc := self.acceptance) is not None:
            agency = _step("accepted", lambda: agency_on(holder, acc.step.on))
            act = self._act(acc.step, holder)
            _step("accepted", lambda: case.accept(agency, act, calendar, acc.complexity))
        if (c := self.conclusion) is not None:
            act = self._act(c.step, holder)
            _step("concluded", lambda: case.conclude(c.outcome, c.decision_ref, act, c.effect))

    def _act(self, step: Step, agency_id: UUID) -> Act:
        reason = f"{step.reason} ({self.source})" if step.reason else self.source
        return Act(step.actor_id, agency_id, step.on, reason)


def _step(name: str, command: Callable[[], T]) -> T:
    try:
        return command()
    except PetitionError as error:
        raise StepRefusedError(name, error) from error


class ImportedRow(Aggregate):
    """Keys one row of a backlog by its stable import id; its id makes the row unique."""

    @staticmethod
    def create_id(import_id: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"/imports/{import_id}")

    @event("Registered")
    def __init__(self, import_id: str, case_id: UUID, source: str) -> None:
        self.import_id = import_id
        self.case_id = case_id
        self.source = source


class StepRefusedError(PetitionError):
    """A step of a historical record broke a rule of the case."""

    def __init__(self, step: str, error: PetitionError) -> None:
        super().__init__(str(error))
        self.step = step
        self.error = error
