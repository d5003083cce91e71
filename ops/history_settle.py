"""The generator's settlement steps: acceptance to closure, second instance, the reform.

`Settling` is the base of `ops.history.Generator` that takes an accepted petition to
its end (extension, suspension, withdrawal, termination or conclusion, an appeal to
the second instance), moves open cases out of agencies the reform closed, and holds
the helpers every step uses.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.act import Act
from domain.application import Petitions
from domain.calendar import WorkingCalendar
from domain.case import AgencyRef, Case
from domain.kinds import EFFECTS_BY_OUTCOME, Channel, Complexity, Kind, TerminationGrounds
from domain.succession import TransferGrounds
from ops.history_data import OPEN, OUTCOME, SHARES, History
from ops.history_hooks import HistoryHooks, Record
from ops.history_tree import Tree


class Settling(HistoryHooks):
    """Settlement and reform steps, and the helpers of every step (state: `Generator`)."""

    app: Petitions
    calendar: WorkingCalendar
    pending: list[Aggregate]
    history: History | None
    start: date
    end: date

    def active(self, on: date) -> list[AgencyRef]:
        return self._tree().acting(on)

    def _settle(self, case: Case, r: Record, kind: Kind, day: date) -> None:
        rng = self.rng
        self._succeed(case, r, day)
        if not self._with_competent(case, r, day):
            return  # left in intake: the agency found competent no longer acts
        agency = r.holder
        case.accept(agency, self._act(day, agency=agency), self.calendar, Complexity.ORDINARY)
        r.status, r.accepted_on, r.jurisdiction = "in_progress", day, agency
        r.due_date = case.due_date
        if self._chance("assigned"):
            r.officer = self._officer(agency, day)
            case.assign(r.officer, self._act(day, agency=agency))
        self._accepted(case, r, kind, day)
        if self._chance("extended") and kind in {Kind.COMPLAINT, Kind.DENUNCIATION}:
            day += timedelta(days=rng.randrange(1, 10))
            self._succeed(case, r, day)
            act = self._act(day, self._reason("complex"), r.holder)
            case.extend_deadline(Complexity.COMPLEX, 20, act, self.calendar)
            r.due_date, r.extended = case.due_date, True
        if self._chance("suspended"):
            day += timedelta(days=rng.randrange(1, 10))
            self._succeed(case, r, day)
            case.suspend(self._act(day, self._reason("awaiting court"), r.holder), self.calendar)
            r.status, r.suspended = "suspended", True
            later = day + timedelta(days=rng.randrange(5, 40))
            if later > self.end or self._chance("stays_suspended"):
                return
            day = later
            self._succeed(case, r, day)
            case.resume(self._act(day, agency=r.holder), self.calendar)
            r.status, r.suspended, r.due_date = "in_progress", False, case.due_date
        self._close(case, r, kind, day)

    def _close(self, case: Case, r: Record, kind: Kind, day: date) -> None:
        rng = self.rng
        roll = rng.random()
        end = day + timedelta(days=rng.randrange(3, 75))
        if end > self.end:
            return  # still open at the end of the history
        self._succeed(case, r, end)
        self._before_closing(case, r, kind, day, end)
        if roll < SHARES["withdrawn"]:
            case.withdraw(self._act(end, agency=r.holder))
            r.status, r.closed_on, r.withdrawn_on = "withdrawn", end, end
            return
        if roll < SHARES["withdrawn"] + SHARES["terminated"]:
            act = self._act(end, self._reason("ground"), r.holder)
            case.terminate(TerminationGrounds.OTHER_LEGAL_GROUND, act)
            r.status, r.closed_on, r.terminated_on = "terminated", end, end
            return
        outcome = rng.choice(OUTCOME[kind])
        effect = None
        if kind == Kind.COMPLAINT:  # an effect that fits the finding (art. 31(2))
            effect = rng.choice(sorted(EFFECTS_BY_OUTCOME[outcome]))
        case.conclude(
            outcome, self._decision_ref(r), self._act(end, agency=r.holder), effect, self.calendar
        )
        r.status, r.closed_on, r.concluded_on, r.outcome = "concluded", end, end, outcome
        r.effect = effect.value if effect else None
        r.on_time = r.due_date is not None and end <= r.due_date
        self._concluded(case, r, kind, end)
        if kind == Kind.COMPLAINT and r.instance == 1 and self._chance("appealed"):
            self._second_instance(case, r, end)
        if case.second_instance_case_id is None:
            self._settled(case, r, kind, end)

    def _second_instance(self, first: Case, r: Record, decided: date) -> None:
        rng = self.rng
        filed = decided + timedelta(days=rng.randrange(1, 25))
        if filed > self.end - timedelta(days=5):
            return
        decided_by = r.jurisdiction or r.receiving
        if len(decided_by.path) < 2:  # noqa: PLR2004  # nothing above the province
            return
        upper = self._parent(decided_by)
        if upper not in self.active(filed):
            upper = self._tree().province  # the district above no longer acts
        # The People's Committee above the decider hears the second instance (art. 18, 21).
        province = self._tree().province
        chain = [province, upper] if upper.id != province.id else [province]
        petition = self._petition(r.field, Channel.POST, 1, None, filed, second_instance=True)
        second = Case.file_second_instance(
            first,
            petition,
            upper,
            self._act(filed, agency=upper),
            self.calendar,
            [*chain, decided_by],
            seal=self._summary_seal(petition.identity_id),
        )
        self._received(second, petition)
        first.record_appeal(second.id, self._act(filed, agency=upper))
        record = Record(second.id, filed, upper, field=r.field, instance=2, handling=upper)
        record.intake_due = second.handling_due_date
        self._history().records.append(record)
        self.pending.append(second)
        second.classify(
            Kind.COMPLAINT, r.field, upper, self._act(filed, agency=upper), self.calendar
        )
        record.kind, record.competent, record.status = "complaint", upper, "classified"
        record.intake_due = second.handling_due_date
        self._settle(second, record, Kind.COMPLAINT, filed + timedelta(days=2))
        self._succeed(second, record, self.end)

    # ----- the reform ---------------------------------------------------------------------

    def _with_competent(self, case: Case, r: Record, day: date) -> bool:
        """Refer the petition to the agency found competent, which alone accepts it.

        A petition still held above (or beside) its competent agency is referred down to it
        on `day`, and its receipt recorded; False when that agency no longer acts.
        """
        competent = r.competent
        if competent is None or case.competent_agency_id == r.holder.id:
            return True
        if competent not in self.active(day):
            return False
        case.refer(competent, self._act(day, agency=r.holder), self.calendar)
        case.receive_referral(self._act(day, agency=competent), self.calendar)
        r.handling, r.status, r.left_receiver = competent, "referred", True
        r.intake_due = case.handling_due_date
        return True

    def _succeed(self, case: Case, r: Record, day: date) -> None:
        """Before an act on `day`: move an open case out of agencies closed by then."""
        tree = self._tree()
        while r.status in OPEN and (closed := tree.closed_on.get(r.holder.id)) is not None:
            if closed > day:
                return
            rule = tree.rules[r.holder.id]
            successor = tree.by_id(rule.successor_for(case.field, list(case.agency_paths)))
            act = self._reform_act(closed, r.holder)
            case.transfer(successor, act, TransferGrounds.SUCCESSION, rule.version)
            r.handling, r.left_receiver, r.officer = successor, True, ""
            r.transfers += 1
            if r.accepted_on is not None:
                r.jurisdiction = successor

    # ----- helpers ------------------------------------------------------------------------

    def _parent(self, agency: AgencyRef) -> AgencyRef:
        if len(agency.path) < 2:  # noqa: PLR2004
            return agency
        return self._tree().by_id(agency.path[-2])

    def _chance(self, what: str) -> bool:
        return self.rng.random() < SHARES[what]

    def _act(self, on: date, reason: str = "", agency: AgencyRef | None = None) -> Act:
        agency_id = agency.id if agency else UUID(int=0)
        return Act(self._actor(agency_id, on), agency_id, on, reason, "")

    def _history(self) -> History:
        if self.history is None:
            raise RuntimeError("register the agencies first")
        return self.history

    def _tree(self) -> Tree:
        return self._history().tree
