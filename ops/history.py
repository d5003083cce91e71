"""A synthetic, legally valid history of petitions over several years, for tests and benchmarks.

Cases are driven through the domain's own commands (so every event is one the
service could have stored) and saved in bulk. Alongside, the generator keeps its
own plain record of what it did to each case, from which tests compute the
expected figures without the projections' code.

The agency tree (`ops.history_tree`) has a department and an inspectorate under
the province, a district merged into another in 2024, and the 2025 reform: the
districts and their communes closed on 1 July 2025, their open cases transferred
that day to the successors their succession rules name.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Recording
from eventsourcing.postgres import PostgresFactory

from domain.act import Act
from domain.application import Petitions
from domain.case import AgencyRef, Case
from domain.kinds import (
    EFFECTS_BY_OUTCOME,
    ArchiveGrounds,
    Channel,
    Complexity,
    Kind,
    TerminationGrounds,
)
from domain.reception import MeetingKind, ReceptionMeeting
from domain.reception_register import (
    DELEGATION_RULES,
    DelegationRule,
    Matter,
    RefusalGrounds,
    Visit,
    delegation_rule_in_force,
)
from domain.succession import TransferGrounds
from ops.bulk import BackgroundWriter, EventBatch
from ops.history_hooks import HistoryHooks, Record
from ops.history_tree import MERGE_ON, REFORM_ON, Tree, build_tree

START = date(2022, 1, 3)
END = date(2025, 11, 28)
SAVE_EVERY = 200
DELEGATION_PERSONS = 5  # a mass delegation (đoàn đông người), as the register counts it
OPEN = frozenset({"received", "classified", "referred", "in_progress", "suspended"})
SHARES = {
    "meeting": 0.2,
    "signed_by_many": 0.15,
    "refusal": 0.1,
    "archived": 0.05,
    "guided": 0.05,
    "referred_down": 0.7,
    "referred_up": 0.05,
    "left_in_intake": 0.03,
    "assigned": 0.9,
    "extended": 0.2,
    "suspended": 0.05,
    "stays_suspended": 0.3,
    "withdrawn": 0.05,
    "terminated": 0.03,
    "appealed": 0.15,
    "competent_is_receiver": 0.8,
    "environment": 0.2,
}
OUTCOME = {
    Kind.COMPLAINT: ("right", "partly_right", "wrong"),
    Kind.DENUNCIATION: ("true", "partly_true", "false"),
    Kind.RECOMMENDATION: ("accepted", "not_accepted", "answered"),
    Kind.REFLECTION: ("accepted", "not_accepted", "answered"),
}
__all__ = ["MERGE_ON", "REFORM_ON", "Generator", "History", "MeetingRecord", "Record", "generate"]


@dataclass
class MeetingRecord:
    meeting_id: UUID
    held_on: date
    agency: AgencyRef
    host_id: str
    kind: str
    visits: int = 0
    persons: int = 0
    new_matters: int = 0
    repeated_matters: int = 0
    delegations: int = 0
    delegation_persons: int = 0
    refusals: int = 0
    refused_persons: int = 0
    petitions: int = 0

    def visit(self, persons: int, matter: Matter) -> None:
        self.visits += 1
        self.persons += persons
        self.new_matters += matter == Matter.NEW
        self.repeated_matters += matter == Matter.REPEATED
        if persons >= DELEGATION_PERSONS:
            self.delegations += 1
            self.delegation_persons += persons


@dataclass
class History:
    tree: Tree
    records: list[Record] = field(default_factory=list)
    meetings: list[MeetingRecord] = field(default_factory=list)
    events: int = 0
    last_position: int = 0

    @property
    def province(self) -> AgencyRef:
        return self.tree.province

    @property
    def districts(self) -> list[AgencyRef]:
        return self.tree.districts

    @property
    def communes(self) -> list[AgencyRef]:
        return self.tree.communes

    @property
    def merged(self) -> AgencyRef:
        return self.tree.merged

    @property
    def successor(self) -> AgencyRef:
        return self.tree.successor


class Generator(HistoryHooks):
    """Drives petitions through the domain's commands; subclasses refine the hooks.

    The hooks (`ops.history_hooks`) leave the history as the tests know it unless
    overridden: the demo province (`ops.demo`) gives it names, people and the further
    steps of the law.
    """

    def __init__(self, app: Petitions, seed: int = 7, start: date = START, end: date = END) -> None:
        self.app = app
        self.rng = random.Random(seed)  # noqa: S311  # synthetic data, not secrets
        self.calendar = app.calendar
        self.pending: list[Aggregate] = []
        self.history: History | None = None
        self.start = start
        self.end = end
        self._writer: BackgroundWriter | None = None

    # ----- agencies -----------------------------------------------------------------------

    def agencies(self) -> History:
        self.history = History(build_tree(self.pending))
        return self.history

    def active(self, on: date) -> list[AgencyRef]:
        return self._tree().acting(on)

    # ----- cases --------------------------------------------------------------------------

    def generate(self, cases: int) -> History:
        """Generate `cases` cases, each batch saved while the next one is built."""
        history = self.history or self.agencies()
        days = (self.end - self.start).days
        dates = sorted(self.start + timedelta(days=self.rng.randrange(days)) for _ in range(cases))
        # On PostgreSQL the saves wait on the network: overlap them with the domain's work.
        # On SQLite both compete for the one interpreter lock, and overlapping was slower.
        if isinstance(self.app.factory, PostgresFactory):
            self._writer = BackgroundWriter(self.app, self._saved)
        try:
            for received_on in dates:
                self._case(received_on)
                if len(self.pending) >= SAVE_EVERY:
                    self.flush()
            self.flush()
        finally:
            writer, self._writer = self._writer, None
            if writer is not None:
                writer.close()
        return history

    def flush(self) -> None:
        """Save the pending aggregates' new events (in the background inside `generate`)."""
        if not self.pending:
            return
        # The events are collected here, so the domain may go on changing the aggregates
        # while the writer saves them.
        events = [e for aggregate in self.pending for e in aggregate.collect_events()]
        self.pending = []
        if self._writer is not None:
            self._writer.put(events)
        else:
            self._saved(self.app.save(EventBatch(events)))

    def _saved(self, recordings: list[Recording[UUID]]) -> None:
        h = self._history()
        h.events += len(recordings)
        h.last_position = max([h.last_position, *(r.notification.id for r in recordings)])

    def _case(self, received_on: date) -> None:
        rng = self.rng
        receiving = rng.choice(self.active(received_on))
        meeting = self._meeting(received_on, receiving) if self._chance("meeting") else None
        signers = rng.randrange(2, 41) if self._chance("signed_by_many") else 1
        field = self._field()
        channel = Channel.RECEPTION if meeting else Channel.POST
        petition = self._petition(
            field, channel, signers, meeting.id if meeting else None, received_on
        )
        act = self._act(received_on, agency=receiving)
        seal = self._summary_seal(petition.identity_id)
        case = Case.receive(petition, receiving, act, self.calendar, seal=seal)
        self._received(case, petition)
        record = Record(case.id, received_on, receiving, handling=receiving)
        record.field = field
        record.intake_due = case.handling_due_date
        record.meeting_id = meeting.id if meeting else None
        self._history().records.append(record)
        self.pending.append(case)
        if meeting is not None:
            chosen = representatives_chosen(received_on, signers)
            meeting.take_petition(
                case.id, receiving.id, received_on, signers, representatives=chosen
            )
            taken = self._meeting_record(meeting.id)
            taken.visit(signers, Matter.NEW)
            taken.petitions += 1
        self._intake(case, record)
        self._succeed(case, record, self.end)

    def _meeting(self, on: date, agency: AgencyRef) -> ReceptionMeeting:
        rng = self.rng
        kind = rng.choice(list(MeetingKind))
        group = self._dialogue_group() if kind == MeetingKind.DIALOGUE else ""
        host = self._host(agency, on)
        act = self._act(on, agency=agency)
        meeting = ReceptionMeeting.hold(host, agency.id, agency.path, kind, act, group)
        self.pending.append(meeting)
        held = MeetingRecord(meeting.id, on, agency, host, kind.value)
        self._history().meetings.append(held)
        for _ in range(rng.randrange(0, 3)):
            persons = rng.choice((1, 1, 2, 3, 5, 8, 12))
            matter = rng.choice((Matter.NEW, Matter.NEW, Matter.REPEATED))
            representatives = representatives_chosen(on, persons)
            meeting.record_visit(Visit(persons, matter, representatives), act)
            held.visit(persons, matter)
        if self._chance("refusal"):
            persons = rng.randrange(1, 3)
            refusal = self._act(on, self._reason("written notice: threatening behaviour"), agency)
            meeting.refuse(persons, RefusalGrounds.THREATENING_OR_DISORDERLY, refusal)
            held.refusals += 1
            held.refused_persons += persons
        return meeting

    def _meeting_record(self, meeting_id: UUID) -> MeetingRecord:
        return next(m for m in reversed(self._history().meetings) if m.meeting_id == meeting_id)

    def _intake(self, case: Case, r: Record) -> None:
        rng = self.rng
        day = r.received_on + timedelta(days=rng.randrange(0, 4))
        self._succeed(case, r, day)
        if self._chance("archived"):
            case.archive(
                ArchiveGrounds.INELIGIBLE, self._act(day, self._reason("no signature"), r.holder)
            )
            r.status = "archived"
            self._archived(case, r, day)
            return
        kind = rng.choices(list(Kind), weights=(40, 15, 30, 15))[0]
        competent = self._competent(r.holder, day)
        known = r.received_on - timedelta(days=10) if kind == Kind.COMPLAINT else None
        act = self._act(day, agency=r.holder)
        case.classify(kind, r.field, competent, act, self.calendar, known)
        r.kind, r.competent, r.intake_due = kind.value, competent, case.handling_due_date
        if self._classified(case, r, kind, day):
            return
        if not r.left_receiver and r.receiving.id in competent.path[:-1]:
            r.escalated_via, r.escalated_at = "received", r.receiving
        if self._chance("guided"):
            case.guide(self._guided_to(), self._act(day, agency=r.holder))
            r.status = "guided"
            return
        r.status = "classified"
        self._route(case, r, kind, competent, day)

    def _route(self, case: Case, r: Record, kind: Kind, competent: AgencyRef, day: date) -> None:
        rng = self.rng
        handling = r.holder
        if handling.id != competent.id and self._chance("referred_down"):
            day += timedelta(days=1)
            self._succeed(case, r, day)
            if r.holder.id != competent.id and competent in self.active(day):
                case.refer(competent, self._act(day, agency=r.holder), self.calendar)
                # The competent agency records its receipt: its own clock starts (art. 27).
                case.receive_referral(self._act(day, agency=competent), self.calendar)
                r.handling, r.status, r.left_receiver = competent, "referred", True
                r.intake_due = case.handling_due_date
        elif (
            competent.level == "commune"
            and handling.id == competent.id
            and self._chance("referred_up")
        ):
            upper = self._parent(competent)
            day += timedelta(days=1)
            self._succeed(case, r, day)
            if r.holder.id == competent.id and upper in self.active(day):
                case.refer(upper, self._act(day, agency=r.holder), self.calendar)
                case.receive_referral(self._act(day, agency=upper), self.calendar)
                r.handling, r.status, r.left_receiver = upper, "referred", True
                r.intake_due = case.handling_due_date
                if competent.id != upper.id and upper.id in competent.path[:-1]:
                    r.escalated_via, r.escalated_at = "referred", upper
        if day > self.end - timedelta(days=3) or self._chance("left_in_intake"):
            return  # left in intake
        self._settle(case, r, kind, day + timedelta(days=rng.randrange(1, 6)))

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

    def _competent(self, holder: AgencyRef, on: date) -> AgencyRef:
        if self._chance("competent_is_receiver"):
            return holder
        below = [a for a in self.active(on) if a.path[:-1] == holder.path]
        if below:
            return self.rng.choice(below)
        return holder

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


def generate(app: Petitions, cases: int, seed: int = 7) -> History:
    """Register the agency tree (a merger in 2024, the reform in 2025) and `cases` petitions."""
    generator = Generator(app, seed)
    generator.agencies()
    return generator.generate(cases)


def iter_records(history: History) -> Iterator[Record]:
    return iter(history.records)


def representatives_chosen(
    on: date, persons: int, rules: tuple[DelegationRule, ...] = DELEGATION_RULES
) -> int:
    """As many as a delegation may choose (Law 42/2013/QH13 art. 30); none for a few persons."""
    rule = delegation_rule_in_force(on, rules)
    return rule.representatives_for(persons)[1] if rule.is_delegation(persons) else 0
