"""Random command sequences on a case, checking the invariants the law and replay require."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID, uuid4

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from domain.act import Act
from domain.calendar import WorkingCalendar
from domain.case import AgencyRef, Case
from domain.case_step_events import CLOCKS
from domain.errors import PetitionError
from domain.kinds import (
    FINAL_STATUSES,
    INTAKE_STATUSES,
    OUTCOMES,
    ArchiveGrounds,
    Complexity,
    EffectOnContested,
    Kind,
    ReexaminationGrounds,
    Status,
    TerminationGrounds,
)
from tests.domain.builders import (
    COMMUNE,
    CONCLUDED_ON,
    OTHER_COMMUNE,
    PROVINCE,
    concluded_complaint,
    petition,
    replay,
)

CALENDAR = WorkingCalendar.with_declarations(
    days_off=[date(2025, 6, 10)], working_days=[date(2025, 6, 14)]
)
ALLOWED_AFTER_FINAL: dict[Status, set[type]] = {
    Status.CONCLUDED: {
        Case.CitizenNotified,
        Case.DecisionPublished,
        Case.Appealed,
        Case.Reopened,
        Case.EnforcementStarted,
        Case.DueDateCorrected,  # publication and enforcement run on after the decision
    },
    Status.TERMINATED: {Case.Reopened},
    Status.ARCHIVED: {Case.RefusalNotified},
}
FITTING_EFFECT = {
    "right": EffectOnContested.ANNULLED,
    "partly_right": EffectOnContested.AMENDED,
    "wrong": EffectOnContested.UPHELD,
}

AGENCIES = {agency.id: agency for agency in (PROVINCE, COMMUNE, OTHER_COMMUNE)}
agencies = st.sampled_from(list(AGENCIES.values()))
# Mostly forward in time; a negative step dates the act before the previous one.
steps = st.integers(min_value=-2, max_value=40)
reasons = st.sampled_from(["", "grounds stated in writing"])
labels = st.sampled_from(["  ", "site visit", "site visit"])
# Final acts (archive, full withdrawal, guidance) are drawn rarely, so runs go deep.
rare_reasons = st.sampled_from(["", "", "", "grounds stated in writing"])
rare_labels = st.sampled_from(["", "", "", "Provincial Court"])
all_outcomes = st.sampled_from(sorted(set().union(*OUTCOMES.values())))
effects = st.one_of(st.none(), st.sampled_from(EffectOnContested))


class CaseMachine(RuleBasedStateMachine):
    case: Case

    def __init__(self) -> None:
        super().__init__()
        self.events: list[object] = []
        self.transitions: list[tuple[Status, type]] = []

    # ----- setup -------------------------------------------------------------------------

    @initialize(
        second_instance=st.booleans(),
        agency=agencies,
        anonymous=st.booleans(),
        days_after_decision=st.integers(min_value=0, max_value=60),
    )
    def receive_a_petition(
        self, second_instance: bool, agency: AgencyRef, anonymous: bool, days_after_decision: int
    ) -> None:
        """A first petition, or a second-instance complaint against a decided one."""
        if second_instance:
            first = concluded_complaint()
            filed_on = CONCLUDED_ON + timedelta(days=days_after_decision)
            self.case = Case.file_second_instance(
                first, petition(), PROVINCE, self.act(filed_on), CALENDAR, [PROVINCE, COMMUNE]
            )
        else:
            received = petition(anonymous=anonymous)
            self.case = Case.receive(received, agency, self.act(date(2025, 3, 3)), CALENDAR)
        self.record(None)

    # ----- helpers -----------------------------------------------------------------------

    def act(self, on: date, reason: str = "", by: AgencyRef = PROVINCE) -> Act:
        return Act("officer-1", by.id, on, reason)

    def at(self, step: int, reason: str = "", by: AgencyRef = PROVINCE) -> Act:
        return self.act(self.case.last_act_on + timedelta(days=step), reason, by)

    def record(self, status_before: Status | None) -> None:
        facts = self.case.collect_events()
        assert len(facts) == 1  # one command, one fact
        for fact in facts:
            self.events.append(fact)
            event(type(fact).__name__)  # shown by --hypothesis-show-statistics
            if status_before is not None:
                self.transitions.append((status_before, type(fact)))

    def attempt(self, command: Callable[[], None]) -> None:
        """Run a command: a refusal is a PetitionError that changes nothing."""
        before = copy.deepcopy(self.case)
        try:
            command()
        except PetitionError:
            assert self.case == before
            assert self.case.version == before.version
            return
        self.record(before.status)

    # ----- commands ----------------------------------------------------------------------

    @rule(
        kind=st.sampled_from(Kind),
        competent=agencies,
        known_days_before=st.one_of(st.none(), st.integers(min_value=-3, max_value=120)),
        step=steps,
    )
    def classify(
        self, kind: Kind, competent: AgencyRef, known_days_before: int | None, step: int
    ) -> None:
        known = (
            None
            if known_days_before is None
            else self.case.received_on - timedelta(days=known_days_before)
        )
        self.attempt(
            lambda: self.case.classify(kind, "land", competent, self.at(step), CALENDAR, known)
        )

    @rule(
        grounds=st.sampled_from(ArchiveGrounds),
        duplicate=st.sampled_from(["none", "other", "self"]),
        step=steps,
        reason=rare_reasons,
    )
    def archive(self, grounds: ArchiveGrounds, duplicate: str, step: int, reason: str) -> None:
        duplicate_of = {"none": None, "other": uuid4(), "self": self.case.id}[duplicate]
        self.attempt(
            lambda: self.case.archive(grounds, self.at(step, reason), duplicate_of, CALENDAR)
        )

    @rule(directed_to=rare_labels, step=steps)
    def guide(self, directed_to: str, step: int) -> None:
        self.attempt(lambda: self.case.guide(directed_to, self.at(step)))

    @rule(to=agencies, step=steps)
    def refer(self, to: AgencyRef, step: int) -> None:
        self.attempt(lambda: self.case.refer(to, self.at(step), CALENDAR))

    @rule(step=steps)
    def receive_referral(self, step: int) -> None:
        by = AGENCIES[self.case.handling_agency_id]
        self.attempt(lambda: self.case.receive_referral(self.at(step, by=by), CALENDAR))

    @rule(
        agency=st.one_of(st.none(), agencies),
        complexity=st.sampled_from(Complexity),
        remote=st.booleans(),
        excluded=st.integers(min_value=-1, max_value=10),
        step=steps,
    )
    def accept(
        self,
        agency: AgencyRef | None,
        complexity: Complexity,
        remote: bool,
        excluded: int,
        step: int,
    ) -> None:
        """`agency` None stands for the agency holding the petition."""
        by = agency or AGENCIES[self.case.handling_agency_id]
        self.attempt(
            lambda: self.case.accept(by, self.at(step), CALENDAR, complexity, remote, excluded)
        )

    @rule(officer=labels, step=steps)
    def assign(self, officer: str, step: int) -> None:
        self.attempt(lambda: self.case.assign(officer, self.at(step)))

    @rule(
        complexity=st.sampled_from(Complexity),
        days=st.integers(min_value=0, max_value=31),
        step=steps,
        reason=reasons,
    )
    def extend_deadline(self, complexity: Complexity, days: int, step: int, reason: str) -> None:
        self.attempt(
            lambda: self.case.extend_deadline(complexity, days, self.at(step, reason), CALENDAR)
        )

    @rule(step_name=labels, step=steps)
    def record_verification(self, step_name: str, step: int) -> None:
        self.attempt(lambda: self.case.record_verification(step_name, "findings", self.at(step)))

    @rule(outcome=all_outcomes, effect=effects, decision_ref=labels, step=steps)
    def conclude(
        self, outcome: str, effect: EffectOnContested | None, decision_ref: str, step: int
    ) -> None:
        self.attempt(
            lambda: self.case.conclude(outcome, decision_ref, self.at(step), effect, CALENDAR)
        )

    @rule(method=labels, step=steps)
    def notify_citizen(self, method: str, step: int) -> None:
        self.attempt(lambda: self.case.notify_citizen(method, self.at(step)))

    @rule(method=labels, step=steps)
    def publish_decision(self, method: str, step: int) -> None:
        self.attempt(lambda: self.case.publish_decision(method, self.at(step)))

    @rule(partial=st.sampled_from([True, True, True, False]), proceeds=st.booleans(), step=steps)
    def withdraw(self, partial: bool, proceeds: bool, step: int) -> None:
        self.attempt(lambda: self.case.withdraw(self.at(step), partial, proceeds))

    @rule(grounds=st.sampled_from(TerminationGrounds), step=steps, reason=reasons)
    def terminate(self, grounds: TerminationGrounds, step: int, reason: str) -> None:
        self.attempt(lambda: self.case.terminate(grounds, self.at(step, reason)))

    @rule(step=steps, reason=reasons)
    def suspend(self, step: int, reason: str) -> None:
        self.attempt(lambda: self.case.suspend(self.at(step, reason), CALENDAR))

    @rule(step=steps)
    def resume(self, step: int) -> None:
        self.attempt(lambda: self.case.resume(self.at(step), CALENDAR))

    @rule(
        authority=agencies,
        grounds=st.sampled_from(ReexaminationGrounds),
        step=steps,
        reason=reasons,
    )
    def reexamine(
        self, authority: AgencyRef, grounds: ReexaminationGrounds, step: int, reason: str
    ) -> None:
        on = self.at(step, reason, by=authority)
        self.attempt(lambda: self.case.reexamine(authority, grounds, on, CALENDAR))

    @rule(method=labels, step=steps)
    def notify_acceptance(self, method: str, step: int) -> None:
        self.attempt(lambda: self.case.notify_acceptance(method, self.at(step)))

    @rule(method=labels, step=steps, reason=reasons)
    def notify_refusal(self, method: str, step: int, reason: str) -> None:
        self.attempt(lambda: self.case.notify_refusal(method, self.at(step, reason)))

    @rule(step=steps, reason=reasons)
    def extend_check(self, step: int, reason: str) -> None:
        self.attempt(lambda: self.case.extend_check(self.at(step, reason), CALENDAR))

    @rule(kind=st.sampled_from(Kind), step=steps, reason=reasons)
    def correct_kind(self, kind: Kind, step: int, reason: str) -> None:
        self.attempt(lambda: self.case.correct_kind(kind, self.at(step, reason), CALENDAR))

    @rule(step=steps, reason=reasons, clock=st.sampled_from([None, *CLOCKS]))
    def correct_due_date(self, step: int, reason: str, clock: str | None) -> None:
        case = self.case
        dates = [case.due_date, case.handling_due_date, case.publication_due_date]
        late = CALENDAR.with_days_off([d for d in dates if d is not None])
        self.attempt(lambda: case.correct_due_date(self.at(step, reason), late, clock))

    @rule(step=steps)
    def start_enforcement(self, step: int) -> None:
        self.attempt(lambda: self.case.start_enforcement(self.at(step)))

    @rule(to=agencies, step=steps, reason=reasons)
    def forward_for_inspection(self, to: AgencyRef, step: int, reason: str) -> None:
        self.attempt(lambda: self.case.forward_for_inspection(to, self.at(step, reason)))

    @rule(step=steps)
    def record_appeal(self, step: int) -> None:
        second_id: UUID = uuid4()
        self.attempt(lambda: self.case.record_appeal(second_id, self.at(step)))

    # ----- progress: a valid next step, drawn often so that runs reach settlement ---------

    def next_step(self, data: st.DataObject) -> Callable[[], None]:
        case = self.case
        on = self.at(data.draw(st.integers(min_value=0, max_value=20)), "grounds")
        holder = AGENCIES[case.handling_agency_id]
        if case.status == Status.RECEIVED:
            kind = Kind.COMPLAINT if case.instance == 2 else data.draw(st.sampled_from(Kind))
            known = case.received_on - timedelta(days=data.draw(st.integers(0, 80)))
            return lambda: case.classify(kind, "land", holder, on, CALENDAR, known)
        if case.status in {Status.CLASSIFIED, Status.REFERRED}:
            complexity = data.draw(st.sampled_from(Complexity))
            return lambda: case.accept(holder, on, CALENDAR, complexity, data.draw(st.booleans()))
        if case.status == Status.IN_PROGRESS:
            assert case.kind is not None
            outcome = data.draw(st.sampled_from(sorted(OUTCOMES[case.kind])))
            effect = FITTING_EFFECT[outcome] if case.kind == Kind.COMPLAINT else None
            choices: list[Callable[[], None]] = [
                lambda: case.conclude(outcome, "QD-1", on, effect, CALENDAR),
                lambda: case.suspend(on, CALENDAR),
                lambda: case.extend_deadline(Complexity.COMPLEX, 30, on, CALENDAR),
                lambda: case.record_verification("dialogue", "heard", on),
            ]
            return data.draw(st.sampled_from(choices))
        if case.status == Status.SUSPENDED:
            return lambda: case.resume(on, CALENDAR)
        if case.status == Status.CONCLUDED:
            return data.draw(
                st.sampled_from(
                    [
                        lambda: case.notify_citizen("post", on),
                        lambda: case.publish_decision("portal", on),
                        self.reexamination(on),
                    ]
                )
            )
        return self.reexamination(on)

    def reexamination(self, on: Act) -> Callable[[], None]:
        by = self.act(on.legal_date, on.reason)
        return lambda: self.case.reexamine(
            PROVINCE, ReexaminationGrounds.NEW_EVIDENCE, by, CALENDAR
        )

    @rule(data=st.data())
    def advance(self, data: st.DataObject) -> None:
        self.attempt(self.next_step(data))

    @rule(data=st.data())
    def advance_once_more(self, data: st.DataObject) -> None:
        self.attempt(self.next_step(data))

    # ----- invariants --------------------------------------------------------------------

    @invariant()
    def the_due_date_is_never_before_acceptance(self) -> None:
        if self.case.accepted_on is not None:
            assert self.case.due_date is not None
            assert self.case.due_date >= self.case.accepted_on

    @invariant()
    def the_handling_due_date_is_never_before_receipt(self) -> None:
        due = self.case.handling_due_date
        assert due is None or due >= self.case.received_on
        # No intake clock while a referred petition awaits its recorded receipt; one otherwise
        # while in intake (acceptance in the gap ends intake without one).
        if self.case.awaiting_referral_receipt:
            assert due is None
        elif self.case.status in INTAKE_STATUSES:
            assert due is not None

    @invariant()
    def no_event_follows_a_final_status_unless_the_law_allows_it(self) -> None:
        for status, event_type in self.transitions:
            if status in FINAL_STATUSES:
                assert event_type in ALLOWED_AFTER_FINAL.get(status, set()), (status, event_type)

    @invariant()
    def the_replayed_history_equals_the_live_case(self) -> None:
        assert replay(self.events) == self.case
        assert self.case.version == len(self.events)

    @invariant()
    def the_chronology_never_goes_back(self) -> None:
        assert self.case.last_act_on == max(e.legal_date for e in self.events)  # type: ignore[attr-defined]

    @invariant()
    def an_overdue_case_is_in_progress(self) -> None:
        for days in (0, 1, 30, 400):
            if self.case.is_overdue(self.case.last_act_on + timedelta(days=days)):
                assert self.case.status == Status.IN_PROGRESS

    @invariant()
    def an_outcome_belongs_to_the_kind(self) -> None:
        if self.case.status == Status.CONCLUDED:
            assert self.case.kind is not None
            assert self.case.outcome in OUTCOMES[self.case.kind]

    @invariant()
    def a_second_instance_is_always_a_complaint(self) -> None:
        if self.case.instance == 2 and self.case.kind is not None:
            assert self.case.kind == Kind.COMPLAINT

    @invariant()
    def extensions_stay_within_the_law(self) -> None:
        assert 0 <= self.case.extensions <= 2

    @invariant()
    def a_suspension_keeps_the_signed_days_to_the_due_date(self) -> None:
        case = self.case
        if case.status == Status.SUSPENDED:
            assert case.suspended_on is not None
            assert case.due_date is not None
            end, on, due = case.limit_end, case.suspended_on, case.due_date
            if end is None or on <= end:
                expected = CALENDAR.signed_count(on, end or due, case.day_type)
            elif on <= due:
                expected = 0  # the grace days of a roll past a day off are no days of the limit
            else:
                expected = CALENDAR.signed_count(on, due, case.day_type)
            assert case.remaining_days == expected


CaseMachine.TestCase.settings = settings(max_examples=100, stateful_step_count=30, deadline=None)
TestCaseStateMachine = CaseMachine.TestCase
