"""A synthetic, legally valid history of petitions over several years, for tests and benchmarks.

Cases are driven through the domain's own commands (so every event is one the
service could have stored) and saved in bulk. Alongside, the generator keeps its
own plain record of what it did to each case, from which tests compute the
expected figures without the projections' code.
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.act import Act
from domain.agency import Agency
from domain.application import Petitions
from domain.case import AgencyRef, Case, Petition
from domain.kinds import (
    EFFECTS_BY_OUTCOME,
    ArchiveGrounds,
    Channel,
    Complexity,
    Kind,
    TerminationGrounds,
)
from domain.reception import MeetingKind, ReceptionMeeting

START = date(2022, 1, 3)
END = date(2025, 11, 28)
MERGE_ON = date(2024, 7, 1)
SAVE_EVERY = 200
SHARES = {
    "meeting": 0.2,
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
}
OUTCOME = {
    Kind.COMPLAINT: ("right", "partly_right", "wrong"),
    Kind.DENUNCIATION: ("true", "partly_true", "false"),
    Kind.RECOMMENDATION: ("accepted", "not_accepted", "answered"),
    Kind.REFLECTION: ("accepted", "not_accepted", "answered"),
}


@dataclass
class Record:
    """What the generator did to one petition, in plain values."""

    case_id: UUID
    received_on: date
    receiving: AgencyRef
    kind: str | None = None
    instance: int = 1
    competent: AgencyRef | None = None
    escalated_via: str = ""
    escalated_at: UUID | None = None
    handling: AgencyRef | None = None
    status: str = "received"
    accepted_on: date | None = None
    jurisdiction: AgencyRef | None = None
    due_date: date | None = None
    officer: str = ""
    suspended: bool = False
    closed_on: date | None = None
    concluded_on: date | None = None
    on_time: bool | None = None
    outcome: str = ""
    effect: str | None = None
    withdrawn_on: date | None = None
    terminated_on: date | None = None
    intake_due: date | None = None
    meeting_id: UUID | None = None
    extended: bool = False


@dataclass
class MeetingRecord:
    meeting_id: UUID
    held_on: date
    agency: AgencyRef
    host_id: str
    kind: str
    citizens: int
    petitions: int = 0


@dataclass
class History:
    province: AgencyRef
    districts: list[AgencyRef]
    communes: list[AgencyRef]
    merged: AgencyRef
    successor: AgencyRef
    records: list[Record] = field(default_factory=list)
    meetings: list[MeetingRecord] = field(default_factory=list)
    events: int = 0
    last_position: int = 0


class Generator:
    def __init__(self, app: Petitions, seed: int = 7) -> None:
        self.app = app
        self.rng = random.Random(seed)  # noqa: S311  # synthetic data, not secrets
        self.calendar = app.calendar
        self.pending: list[Aggregate] = []
        self.history: History | None = None

    # ----- agencies -----------------------------------------------------------------------

    def agencies(self) -> History:
        on = date(2021, 12, 1)
        province = Agency.register(
            "Province People's Committee", "P", "province", None, self._act(on)
        )
        ref_p = AgencyRef(province.id, [province.id], "province")
        self.pending.append(province)
        districts, communes = [], []
        for d in range(3):
            district = Agency.register(
                f"District {d}", f"D{d}", "district", province, self._act(on)
            )
            ref_d = AgencyRef(district.id, [province.id, district.id], "district")
            districts.append(ref_d)
            self.pending.append(district)
            for c in range(2):
                commune = Agency.register(
                    f"Commune {d}.{c}", f"C{d}{c}", "commune", district, self._act(on)
                )
                communes.append(AgencyRef(commune.id, [*ref_d.path, commune.id], "commune"))
                self.pending.append(commune)
        merged, successor = districts[2], districts[1]
        merging = next(a for a in self.pending if a.id == merged.id)
        target = next(a for a in self.pending if a.id == successor.id)
        assert isinstance(merging, Agency)  # noqa: S101
        assert isinstance(target, Agency)  # noqa: S101
        merging.merge_into(target, self._act(MERGE_ON, "provincial merger resolution"))
        self.history = History(ref_p, districts, communes, merged, successor)
        return self.history

    def active(self, on: date) -> list[AgencyRef]:
        h = self._history()
        everything = [h.province, *h.districts, *h.communes]
        return [a for a in everything if on < MERGE_ON or a.id != h.merged.id]

    # ----- cases --------------------------------------------------------------------------

    def generate(self, cases: int) -> History:
        history = self.history or self.agencies()
        days = (END - START).days
        dates = sorted(START + timedelta(days=self.rng.randrange(days)) for _ in range(cases))
        for received_on in dates:
            self._case(received_on)
            if len(self.pending) >= SAVE_EVERY:
                self.flush()
        self.flush()
        return history

    def flush(self) -> None:
        if not self.pending:
            return
        recordings = self.app.save(*self.pending)
        h = self._history()
        h.events += len(recordings)
        h.last_position = max([h.last_position, *(r.notification.id for r in recordings)])
        self.pending = []

    def _case(self, received_on: date) -> None:
        rng = self.rng
        receiving = rng.choice(self.active(received_on))
        meeting = self._meeting(received_on, receiving) if self._chance("meeting") else None
        petition = Petition(
            f"G-{uuid4().hex[:12]}",
            Channel.RECEPTION if meeting else Channel.POST,
            "generated petition",
            uuid4(),
            1,
            meeting.id if meeting else None,
        )
        case = Case.receive(petition, receiving, self._act(received_on), self.calendar)
        record = Record(case.id, received_on, receiving, handling=receiving)
        record.intake_due = case.handling_due_date
        record.meeting_id = meeting.id if meeting else None
        self._history().records.append(record)
        self.pending.append(case)
        if meeting is not None:
            _take(meeting, case.id, receiving.id, received_on)
            self._meeting_record(meeting.id).petitions += 1
        self._intake(case, record)

    def _meeting(self, on: date, agency: AgencyRef) -> ReceptionMeeting:
        kind = self.rng.choice([MeetingKind.REGULAR, MeetingKind.AD_HOC, MeetingKind.DIALOGUE])
        group = "farmers" if kind == MeetingKind.DIALOGUE else ""
        host = f"leader-{agency.id.hex[:4]}-{self.rng.randrange(2)}"
        citizens = self.rng.randrange(1, 6)
        meeting = ReceptionMeeting.hold(
            host, agency.id, agency.path, kind, citizens, self._act(on, agency=agency), group
        )
        self.pending.append(meeting)
        self._history().meetings.append(
            MeetingRecord(meeting.id, on, agency, host, kind.value, citizens)
        )
        return meeting

    def _meeting_record(self, meeting_id: UUID) -> MeetingRecord:
        return next(m for m in reversed(self._history().meetings) if m.meeting_id == meeting_id)

    def _intake(self, case: Case, r: Record) -> None:
        rng = self.rng
        day = r.received_on + timedelta(days=rng.randrange(0, 4))
        if self._chance("archived"):
            case.archive(ArchiveGrounds.INELIGIBLE, self._act(day, "no signature"))
            r.status = "archived"
            return
        kind = rng.choices(list(Kind), weights=(40, 15, 30, 15))[0]
        competent = self._competent(r.receiving, r.received_on)
        known = r.received_on - timedelta(days=10) if kind == Kind.COMPLAINT else None
        case.classify(kind, "land", competent, self._act(day), self.calendar, known)
        r.kind, r.competent, r.intake_due = kind.value, competent, case.handling_due_date
        if _above(r.receiving, competent):
            r.escalated_via, r.escalated_at = "received", r.receiving.id
        if self._chance("guided"):
            case.guide("the district court", self._act(day))
            r.status = "guided"
            return
        r.status = "classified"
        handling = r.receiving
        if handling.id != competent.id and self._chance("referred_down"):
            day += timedelta(days=1)
            case.refer(competent, self._act(day), self.calendar)
            handling, r.status = competent, "referred"
            r.intake_due = case.handling_due_date  # the competent agency's own clock
        elif (
            competent.level == "commune"
            and handling.id == competent.id
            and self._chance("referred_up")
        ):
            upper = self._parent(competent)
            day += timedelta(days=1)
            case.refer(upper, self._act(day), self.calendar)
            handling, r.status = upper, "referred"
            r.intake_due = case.handling_due_date
            r.escalated_via, r.escalated_at = "referred", upper.id
        r.handling = handling
        if day > END - timedelta(days=3) or self._chance("left_in_intake"):
            return  # left in intake
        self._settle(case, r, kind, handling, day + timedelta(days=rng.randrange(1, 6)))

    def _settle(self, case: Case, r: Record, kind: Kind, agency: AgencyRef, day: date) -> None:
        rng = self.rng
        case.accept(agency, self._act(day, agency=agency), self.calendar, Complexity.ORDINARY)
        r.status, r.accepted_on, r.jurisdiction = "in_progress", day, agency
        r.due_date = case.due_date
        if self._chance("assigned"):
            r.officer = f"officer-{rng.randrange(12)}"
            case.assign(r.officer, self._act(day))
        if self._chance("extended") and kind in {Kind.COMPLAINT, Kind.DENUNCIATION}:
            day += timedelta(days=rng.randrange(1, 10))
            case.extend_deadline(Complexity.COMPLEX, 20, self._act(day, "complex"), self.calendar)
            r.due_date, r.extended = case.due_date, True
        if self._chance("suspended"):
            day += timedelta(days=rng.randrange(1, 10))
            case.suspend(self._act(day, "awaiting court"), self.calendar)
            r.status, r.suspended = "suspended", True
            later = day + timedelta(days=rng.randrange(5, 40))
            if later > END or self._chance("stays_suspended"):
                return
            day = later
            case.resume(self._act(day), self.calendar)
            r.status, r.suspended, r.due_date = "in_progress", False, case.due_date
        self._close(case, r, kind, day)

    def _close(self, case: Case, r: Record, kind: Kind, day: date) -> None:
        rng = self.rng
        roll = rng.random()
        end = day + timedelta(days=rng.randrange(3, 75))
        if end > END:
            return  # still open at the end of the history
        if roll < SHARES["withdrawn"]:
            case.withdraw(self._act(end))
            r.status, r.closed_on, r.withdrawn_on = "withdrawn", end, end
            return
        if roll < SHARES["withdrawn"] + SHARES["terminated"]:
            case.terminate(TerminationGrounds.OTHER_LEGAL_GROUND, self._act(end, "ground"))
            r.status, r.closed_on, r.terminated_on = "terminated", end, end
            return
        outcome = rng.choice(OUTCOME[kind])
        effect = None
        if kind == Kind.COMPLAINT:  # an effect that fits the finding (art. 31(2))
            effect = rng.choice(sorted(EFFECTS_BY_OUTCOME[outcome]))
        case.conclude(outcome, "QD-1", self._act(end), effect, self.calendar)
        r.status, r.closed_on, r.concluded_on, r.outcome = "concluded", end, end, outcome
        r.effect = effect.value if effect else None
        r.on_time = r.due_date is not None and end <= r.due_date
        if kind == Kind.COMPLAINT and r.instance == 1 and self._chance("appealed"):
            self._second_instance(case, r, end)

    def _second_instance(self, first: Case, r: Record, decided: date) -> None:
        rng = self.rng
        filed = decided + timedelta(days=rng.randrange(1, 25))
        if filed > END - timedelta(days=5):
            return
        decided_by = r.jurisdiction or r.receiving
        if len(decided_by.path) < 2:  # noqa: PLR2004  # nothing above the province
            return
        upper = self._parent(decided_by)
        if filed >= MERGE_ON and upper.id == self._history().merged.id:
            upper = self._history().successor  # the merged district's successor hears it
        # The People's Committee above the decider hears the second instance (art. 18, 21).
        province = self._history().province
        chain = [province, upper] if upper.id != province.id else [province]
        petition = Petition(f"G-{uuid4().hex[:12]}", Channel.POST, "second", uuid4())
        second = Case.file_second_instance(
            first,
            petition,
            upper,
            self._act(filed, agency=upper),
            self.calendar,
            [*chain, decided_by],
        )
        first.record_appeal(second.id, self._act(filed))
        record = Record(second.id, filed, upper, instance=2, handling=upper)
        record.intake_due = second.handling_due_date
        self._history().records.append(record)
        self.pending.append(second)
        second.classify(Kind.COMPLAINT, "land", upper, self._act(filed), self.calendar)
        record.kind, record.competent, record.status = "complaint", upper, "classified"
        record.intake_due = second.handling_due_date
        self._settle(second, record, Kind.COMPLAINT, upper, filed + timedelta(days=2))

    # ----- helpers ------------------------------------------------------------------------

    def _competent(self, receiving: AgencyRef, on: date) -> AgencyRef:
        if self._chance("competent_is_receiver"):
            return receiving
        below = [a for a in self.active(on) if a.path[:-1] == receiving.path]
        if below:
            return self.rng.choice(below)
        return receiving

    def _parent(self, agency: AgencyRef) -> AgencyRef:
        h = self._history()
        if len(agency.path) < 2:  # noqa: PLR2004
            return agency
        parent_id = agency.path[-2]
        return next(a for a in [h.province, *h.districts] if a.id == parent_id)

    def _chance(self, what: str) -> bool:
        return self.rng.random() < SHARES[what]

    def _act(self, on: date, reason: str = "", agency: AgencyRef | None = None) -> Act:
        agency_id = agency.id if agency else UUID(int=0)
        return Act("generator", agency_id, on, reason, "")

    def _history(self) -> History:
        if self.history is None:
            raise RuntimeError("register the agencies first")
        return self.history


def _take(meeting: ReceptionMeeting, case_id: UUID, agency_id: UUID, on: date) -> None:
    # `take_petition` is gaining the agency and date it checks; accept either signature.
    if "agency_id" in inspect.signature(meeting.take_petition).parameters:
        meeting.take_petition(case_id, agency_id, on)  # type: ignore[call-arg,unused-ignore]
    else:
        meeting.take_petition(case_id)  # type: ignore[call-arg,unused-ignore]


def _above(holder: AgencyRef, competent: AgencyRef) -> bool:
    order = ("central", "province", "district", "commune")
    return order.index(holder.level) < order.index(competent.level)


def generate(app: Petitions, cases: int, seed: int = 7) -> History:
    """Register an agency tree (one district merged into another on 1 July 2024) and `cases`."""
    generator = Generator(app, seed)
    generator.agencies()
    return generator.generate(cases)


def iter_records(history: History) -> Iterator[Record]:
    return iter(history.records)
