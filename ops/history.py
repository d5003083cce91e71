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
from datetime import date, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Recording
from eventsourcing.postgres import PostgresFactory

from domain.application import Petitions
from domain.case import AgencyRef, Case
from domain.kinds import ArchiveGrounds, Channel, Kind
from domain.reception import MeetingKind, ReceptionMeeting
from domain.reception_register import (
    DELEGATION_RULES,
    DelegationRule,
    Matter,
    RefusalGrounds,
    Visit,
    delegation_rule_in_force,
)
from ops.bulk import BackgroundWriter, EventBatch
from ops.history_data import END, OPEN, OUTCOME, SAVE_EVERY, SHARES, START, History, MeetingRecord
from ops.history_hooks import Record
from ops.history_settle import Settling
from ops.history_tree import MERGE_ON, REFORM_ON, build_tree

__all__ = [
    "END", "MERGE_ON", "OPEN", "OUTCOME", "REFORM_ON", "SHARES", "START",
    "Generator", "History", "MeetingRecord", "Record", "generate",
]  # fmt: skip


class Generator(Settling):
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

    # ----- helpers ---------------------------------------------------------------------

    def _competent(self, holder: AgencyRef, on: date) -> AgencyRef:
        if self._chance("competent_is_receiver"):
            return holder
        below = [a for a in self.active(on) if a.path[:-1] == holder.path]
        if below:
            return self.rng.choice(below)
        return holder


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
