"""Issue 8, points 4-10, through the Petitions application on SQLite and PostgreSQL.

Each test names the legal source of the behaviour it shows.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.act import Act
from domain.agency_kinds import AgencyKind
from domain.application import Accept, Classify, PersonalData, Petitions
from domain.application_steps import KnownDecision
from domain.case import Petition
from domain.errors import (
    InvalidOutcomeError,
    RuleViolationError,
    TimeLimitExpiredError,
)
from domain.kinds import (
    ArchiveGrounds,
    Channel,
    Complexity,
    EffectOnContested,
    Kind,
    Procedure,
    ReexaminationGrounds,
    Status,
    TerminationGrounds,
)
from ops.settings import Settings

FOUNDED = date(2025, 1, 2)
RECEIVED = date(2025, 5, 26)  # Monday
KNOWN = date(2025, 5, 1)
ACCEPTED = date(2025, 6, 2)  # Monday; + 30 days = Wednesday 2 July
DECIDED = date(2025, 6, 20)  # Friday


class TestTheLaw:
    @pytest.fixture
    def province(self, app: Petitions) -> UUID:
        act = Act("admin", uuid4(), FOUNDED, "establishment")
        return app.register_agency("UBND tỉnh", "BK", "province", None, act).id

    @pytest.fixture
    def commune(self, app: Petitions, province: UUID) -> UUID:
        act = Act("admin", province, FOUNDED)
        return app.register_agency("UBND xã", "CG", "commune", province, act).id

    @staticmethod
    def act(agency: UUID, on: date, reason: str = "") -> Act:
        return Act("officer-1", agency, on, reason, "")

    def record(self, app: Petitions, agency: UUID, anonymous: bool = False) -> UUID:
        personal = None if anonymous else PersonalData("Nguyễn Văn A")
        petition = Petition("", Channel.POST, "Land recovery contested")
        return app.record_petition(petition, self.act(agency, RECEIVED), personal).id

    def accepted(self, app: Petitions, agency: UUID, kind: Kind = Kind.COMPLAINT) -> UUID:
        case_id = self.record(app, agency)
        known = KNOWN if kind == Kind.COMPLAINT else None
        app.classify(case_id, Classify(kind, "land", agency, known), self.act(agency, RECEIVED))
        app.accept(case_id, Accept(Complexity.ORDINARY), self.act(agency, ACCEPTED))
        return case_id

    def decided(self, app: Petitions, agency: UUID, notified_on: date | None = None) -> UUID:
        case_id = self.accepted(app, agency)
        effect = EffectOnContested.UPHELD
        app.conclude(case_id, "wrong", "QD-1", self.act(agency, DECIDED), effect)
        if notified_on:
            app.notify_citizen(case_id, "registered post", self.act(agency, notified_on))
        return case_id

    @staticmethod
    def position(app: Petitions) -> int:
        return app.recorder.max_notification_id() or 0

    # ----- point 4: second instance -------------------------------------------------------

    def test_the_second_instance_limit_runs_from_the_notified_receipt(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Law on Complaints art. 33: 30 days from receiving the first decision."""
        first = self.decided(app, commune, notified_on=date(2025, 6, 30))
        filed = date(2025, 7, 30)  # 40 days after the decision, 30 after its receipt
        petition = Petition("", Channel.POST, "second")
        person = PersonalData("Nguyễn Văn A")
        second = app.file_second_instance(first, petition, self.act(province, filed), person).id
        app.classify(second, Classify(Kind.COMPLAINT, "land", province), self.act(province, filed))
        app.accept(second, Accept(Complexity.ORDINARY), self.act(province, filed))
        assert app.get_case(second).first_decision_on == date(2025, 6, 30)
        history = app.case_history(second)
        assert history[0].fields["second_instance_basis"] == "notified"

    def test_a_provincial_decision_goes_to_the_minister_of_its_field(
        self, app: Petitions, province: UUID
    ) -> None:
        """Law on Complaints art. 23(2): the minister, who is no ancestor of the province."""
        ministry = app.register_agency(
            "Bộ Nông nghiệp và Môi trường",
            "BNNMT",
            "central",
            None,
            Act("admin", province, FOUNDED),
            AgencyKind.MINISTRY,
        ).id
        first = self.decided(app, province, notified_on=DECIDED)
        petition = Petition("", Channel.POST, "second")
        before = self.position(app)
        with pytest.raises(RuleViolationError):  # the province cannot hear its own decision
            app.file_second_instance(first, petition, self.act(province, date(2025, 7, 1)))
        assert self.position(app) == before
        second = app.file_second_instance(first, petition, self.act(ministry, date(2025, 7, 1)))
        assert app.case_details(second.id).receiving_agency_id == ministry

    # ----- point 5: the missing steps -----------------------------------------------------

    def test_acceptance_and_refusal_are_notified(self, app: Petitions, province: UUID) -> None:
        """Law on Complaints art. 27; Law on Denunciations art. 29: written notices."""
        accepted = self.accepted(app, province, Kind.DENUNCIATION)
        deadline = app.case_details(accepted, on=ACCEPTED).deadlines
        assert ("acceptance_notice", date(2025, 6, 9)) in [(d.name, d.due_date) for d in deadline]
        app.notify_acceptance(accepted, "registered post", self.act(province, date(2025, 6, 3)))
        assert app.get_case(accepted).acceptance_notified_on == date(2025, 6, 3)
        refused = self.record(app, province)
        app.classify(
            refused, Classify(Kind.COMPLAINT, "land", province, KNOWN), self.act(province, RECEIVED)
        )
        app.archive(refused, ArchiveGrounds.INELIGIBLE, self.act(province, ACCEPTED, "unsigned"))
        app.notify_refusal(refused, "post", self.act(province, ACCEPTED, "the letter is unsigned"))
        assert [h.event for h in app.case_history(refused)][-1] == "RefusalNotified"

    def test_a_denunciation_check_is_extended_to_10_working_days(
        self, app: Petitions, province: UUID
    ) -> None:
        """Law on Denunciations art. 24(1): up to 10 working days."""
        case_id = self.record(app, province)
        app.classify(
            case_id, Classify(Kind.DENUNCIATION, "land", province), self.act(province, RECEIVED)
        )
        app.extend_check(case_id, self.act(province, date(2025, 5, 28), "three places"))
        assert app.case_details(case_id).handling_due_date == date(2025, 6, 9)

    def test_a_denunciation_for_another_agency_is_due_for_transfer_in_5_working_days(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Law on Denunciations art. 24(2): transfer within 5 working days."""
        case_id = self.record(app, province)
        classify = Classify(Kind.DENUNCIATION, "land", commune)
        app.classify(case_id, classify, self.act(province, RECEIVED))
        (transfer,) = app.case_details(case_id, on=date(2025, 6, 3)).deadlines
        assert (transfer.name, transfer.due_date, transfer.overdue) == (
            "transfer",
            date(2025, 6, 2),
            True,
        )

    def test_enforcement_and_publication_are_deadline_items(
        self, app: Petitions, province: UUID
    ) -> None:
        """Decree 124/2020/ND-CP art. 31 (15 days to publish); enforcement within 5 working days."""
        case_id = self.decided(app, province, notified_on=DECIDED)
        items = {d.name: d for d in app.case_details(case_id, on=date(2025, 7, 8)).deadlines}
        assert (items["publication"].due_date, items["publication"].overdue) == (
            date(2025, 7, 7),
            True,
        )
        # In force on Sunday 20 July (30 days; art. 148 moves no effective date): 21-25 July.
        assert (items["enforcement"].due_date, items["enforcement"].confirmed) == (
            date(2025, 7, 25),
            False,
        )
        app.start_enforcement(case_id, self.act(province, date(2025, 7, 22)))
        items = {d.name: d for d in app.case_details(case_id, on=date(2025, 8, 1)).deadlines}
        assert (items["enforcement"].done_on, items["enforcement"].overdue) == (
            date(2025, 7, 22),
            False,
        )

    def test_an_overdue_denunciation_is_taken_further_and_settled_by_the_superior(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Law on Denunciations art. 37: further denunciation to the superior, who settles."""
        first = self.accepted(app, commune, Kind.DENUNCIATION)  # due Wednesday 2 July
        petition = Petition("", Channel.POST, "still unsettled")
        on = date(2025, 7, 10)
        person = PersonalData("Nguyễn Văn A")
        further = app.file_further_denunciation(first, petition, self.act(province, on), person).id
        assert app.get_case(first).further_case_id == further
        app.classify(further, Classify(Kind.DENUNCIATION, "land", province), self.act(province, on))
        app.accept(further, Accept(Complexity.ORDINARY), self.act(province, date(2025, 7, 14)))
        app.conclude(further, "true", "KL-5", self.act(province, date(2025, 8, 1)))
        assert app.case_details(further).status == "concluded"

    def test_an_anonymous_denunciation_with_evidence_is_forwarded_for_inspection(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Law on Denunciations art. 25: inspected, not settled as a denunciation."""
        case_id = self.record(app, commune, anonymous=True)
        app.classify(
            case_id, Classify(Kind.DENUNCIATION, "land", commune), self.act(commune, RECEIVED)
        )
        app.forward_for_inspection(
            case_id, province, self.act(commune, ACCEPTED, "invoices attached")
        )
        (*_, last) = app.case_history(case_id)
        assert (last.event, last.fields["inspection_agency_id"]) == ("Archived", province)

    def test_a_kind_is_corrected_and_a_mixed_petition_split_after_acceptance(
        self, app: Petitions, province: UUID
    ) -> None:
        """Circular 05/2021/TT-TTCP: each content of a mixed petition follows its procedure."""
        case_id = self.accepted(app, province, Kind.RECOMMENDATION)
        app.correct_kind(
            case_id,
            Kind.COMPLAINT,
            self.act(province, date(2025, 6, 5), "contests a decision"),
            complaint=KnownDecision(KNOWN),
        )
        assert app.case_details(case_id).kind == "complaint"
        part = app.split_off(
            case_id, Kind.DENUNCIATION, "a bribe", self.act(province, date(2025, 6, 10), "mixed")
        ).id
        details = app.case_details(part)
        assert (details.status, details.received_on, details.handling_due_date) == (
            "received",
            RECEIVED,
            date(2025, 6, 24),
        )
        assert app.get_case(case_id).part_case_ids == [part]

    # ----- point 6: refused steps ---------------------------------------------------------

    def test_refused_steps_write_nothing(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Law on Complaints arts. 9, 28, 31(2); Law on Denunciations art. 34."""
        decided = self.decided(app, commune, notified_on=DECIDED)
        complaint = self.record(app, province)
        app.classify(
            complaint,
            Classify(Kind.COMPLAINT, "land", province, KNOWN),
            self.act(province, RECEIVED),
        )
        in_progress = self.accepted(app, province)
        dead = self.accepted(app, commune, Kind.DENUNCIATION)
        app.terminate(dead, TerminationGrounds.DENOUNCED_DIED, self.act(commune, ACCEPTED, "died"))
        before = self.position(app)
        grounds = ReexaminationGrounds.VIOLATION_OF_LAW
        refusals = [
            lambda: app.reexamine(decided, grounds, self.act(commune, date(2025, 7, 1), "again")),
            lambda: app.reexamine(dead, grounds, self.act(province, date(2025, 7, 1), "again")),
            lambda: app.accept(
                complaint, Accept(Complexity.PARTICULARLY_COMPLEX), self.act(province, ACCEPTED)
            ),
            lambda: app.archive(
                complaint, ArchiveGrounds.LIMITATION_EXPIRED, self.act(province, ACCEPTED, "old")
            ),
            lambda: app.conclude(
                in_progress, "right", "QD", self.act(province, DECIDED), EffectOnContested.UPHELD
            ),
        ]
        for refused in refusals:
            with pytest.raises((RuleViolationError, InvalidOutcomeError)):
                refused()
        assert self.position(app) == before
        app.reexamine(decided, grounds, self.act(province, date(2025, 7, 1), "unlawful"))
        assert app.case_details(decided).status == "in_progress"

    def test_a_late_disciplinary_complaint_is_refused(self, app: Petitions, province: UUID) -> None:
        """Law on Complaints ch. IV: 15 days from receiving the disciplinary decision (verify)."""
        case_id = self.record(app, province)
        classify = Classify(
            Kind.COMPLAINT,
            "discipline",
            province,
            date(2025, 5, 8),
            procedure=Procedure.DISCIPLINARY,
        )
        app.classify(case_id, classify, self.act(province, RECEIVED))
        with pytest.raises(TimeLimitExpiredError):
            app.accept(case_id, Accept(Complexity.ORDINARY), self.act(province, ACCEPTED))

    # ----- point 7: the referred agency's own clock ---------------------------------------

    def test_a_referral_starts_the_competent_agencys_clock(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Law on Complaints art. 27: the limit runs from the competent agency's receipt."""
        case_id = self.record(app, province)
        app.classify(
            case_id, Classify(Kind.COMPLAINT, "land", commune, KNOWN), self.act(province, RECEIVED)
        )
        app.refer(case_id, commune, self.act(province, date(2025, 6, 2)))
        assert app.case_details(case_id).handling_due_date is None  # not received yet
        app.receive_referral(case_id, self.act(commune, date(2025, 6, 4)))
        details = app.case_details(case_id, on=date(2025, 6, 10))
        assert (details.handling_due_date, details.handling_due_date_confirmed) == (
            date(2025, 6, 16),
            False,
        )
        assert not any(d.overdue for d in details.deadlines)

    # ----- point 8: compensating working Saturdays ----------------------------------------

    def test_a_compensating_saturday_is_a_working_day_in_an_intake_limit(
        self, app: Petitions, province: UUID
    ) -> None:
        """Government decision: Saturday 26 April 2025 worked for Friday 2 May off."""
        petition = Petition("", Channel.POST, "x")
        case_id = app.record_petition(petition, self.act(province, date(2025, 4, 21))).id
        # 10 working days from Monday 21 April: 22-25, Sat 26, 28, 29 (30 Apr-2 May off), 5, 6, 7.
        assert app.case_details(case_id).handling_due_date == date(2025, 5, 7)

    # ----- point 9: the calendar is versioned data ----------------------------------------

    def test_a_day_off_declared_late_is_corrected_by_a_dated_event(
        self, store_settings: Settings
    ) -> None:
        """Civil Code art. 148: a limit ending on a day off moves to the next working day."""
        env = store_settings.eventsourcing_env()
        first = Petitions(env)
        try:
            province = first.register_agency(
                "UBND", "BK", "province", None, self.act(uuid4(), FOUNDED)
            ).id
            case_id = self.accepted(first, province)
            assert first.case_details(case_id).due_date == date(2025, 7, 2)
        finally:
            first.close()
        env["EXTRA_DAYS_OFF"] = "2025-07-02"  # declared on 20 June, after the due date was set
        later = Petitions(env)
        try:
            later.correct_due_date(case_id, self.act(province, DECIDED, "Decision 1/QĐ-TTg"))
            (*_, corrected) = later.case_history(case_id)
            assert corrected.event == "DueDateCorrected"
            assert (corrected.fields["previous_due_date"], corrected.fields["due_date"]) == (
                date(2025, 7, 2),
                date(2025, 7, 3),
            )
            assert "declared off 2025-07-02" in corrected.fields["calendar_version"]
        finally:
            later.close()

    def test_a_suspension_in_the_roll_forward_days_keeps_none(
        self, app: Petitions, province: UUID
    ) -> None:
        """Civil Code art. 148: the roll past the weekend adds no days to the limit."""
        case_id = self.record(app, province)
        app.classify(
            case_id, Classify(Kind.COMPLAINT, "land", province, KNOWN), self.act(province, RECEIVED)
        )
        app.accept(case_id, Accept(Complexity.ORDINARY), self.act(province, date(2025, 6, 5)))
        app.suspend(case_id, self.act(province, date(2025, 7, 6), "awaiting the court"))
        app.resume(case_id, self.act(province, date(2025, 8, 4)))
        assert app.case_details(case_id).due_date == date(2025, 8, 4)

    # ----- point 10: unconfirmed limits are surfaced --------------------------------------

    def test_a_due_date_from_an_unconfirmed_limit_says_so_in_details_and_history(
        self, app: Petitions, province: UUID
    ) -> None:
        """DOMAIN.md: a default limit with no statutory rule is flagged unconfirmed."""
        case_id = self.accepted(app, province, Kind.RECOMMENDATION)
        details = app.case_details(case_id)
        assert (details.due_date_confirmed, details.handling_due_date_confirmed) == (False, False)
        accepted = next(h for h in app.case_history(case_id) if h.event == "Accepted")
        assert accepted.fields["limit_confirmed"] is False
        assert accepted.fields["calendar_version"].startswith("holidays ")
        complaint = self.accepted(app, province, Kind.COMPLAINT)
        assert app.case_details(complaint).due_date_confirmed is True
        assert app.get_case(complaint).status == Status.IN_PROGRESS
