"""The legal review of issue 8 through the Petitions application, on SQLite and PostgreSQL.

Each test names the legal source of the behaviour it shows; "(verify)" marks a point kept
as configuration.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.act import Act
from domain.agency_kinds import AgencyKind
from domain.application import Accept, Classify, Filing, PersonalData, Petitions
from domain.application_steps import KnownDecision
from domain.calendar import WorkingCalendar
from domain.case import Case, Petition
from domain.errors import (
    ChronologyError,
    InvalidAgencyError,
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
)
from domain.succession import SuccessionPlan
from ops.settings import Settings

FOUNDED = date(2025, 1, 2)
RECEIVED = date(2025, 5, 26)  # Monday
KNOWN = date(2025, 5, 21)
ACCEPTED = date(2025, 6, 2)  # Monday
DECIDED = date(2025, 6, 20)  # Friday


class TestTheLawReview:
    @pytest.fixture
    def commune(self, app: Petitions, province: UUID) -> UUID:
        act = Act("admin", province, FOUNDED)
        return app.register_agency("UBND xã", "X1", "commune", province, act).id

    @staticmethod
    def act(agency: UUID, on: date, reason: str = "") -> Act:
        return Act("officer-1", agency, on, reason, "")

    @staticmethod
    def position(app: Petitions) -> int:
        return app.recorder.max_notification_id() or 0

    def register(
        self, app: Petitions, name: str, level: str, parent: UUID | None, **kw: object
    ) -> UUID:
        act = Act("admin", parent or uuid4(), FOUNDED)
        code = str(kw.get("code", name[:4].upper()))
        kind = AgencyKind(str(kw.get("kind", AgencyKind.PEOPLES_COMMITTEE)))
        return app.register_agency(name, code, level, parent, act, kind).id

    def record(self, app: Petitions, agency: UUID, on: date = RECEIVED) -> UUID:
        petition = Petition("", Channel.POST, "Khiếu nại quyết định")
        return app.record_petition(petition, self.act(agency, on), PersonalData("Nguyễn Văn A")).id

    def decided(
        self,
        app: Petitions,
        agency: UUID,
        field: str = "land",
        procedure: Procedure = Procedure.ADMINISTRATIVE,
    ) -> UUID:
        """A complaint decided by `agency` on Friday 20 June 2025 and notified that day."""
        case_id = self.record(app, agency)
        classify = Classify(Kind.COMPLAINT, field, agency, KNOWN, procedure=procedure)
        app.classify(case_id, classify, self.act(agency, RECEIVED))
        app.accept(case_id, Accept(Complexity.ORDINARY), self.act(agency, ACCEPTED))
        effect = EffectOnContested.UPHELD
        app.conclude(case_id, "wrong", "QD-1", self.act(agency, DECIDED), effect)
        app.notify_citizen(case_id, "post", self.act(agency, DECIDED))
        return case_id

    def appeal(self, app: Petitions, first: UUID, body: UUID, on: date) -> UUID:
        petition = Petition("", Channel.POST, "Khiếu nại lần hai")
        person = PersonalData("Nguyễn Văn A")
        return app.file_second_instance(first, petition, self.act(body, on), person).id

    # ----- D1: chapter IV at the second instance ------------------------------------------

    def test_a_disciplinary_second_instance_is_classified_and_timed_under_chapter_iv(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Law on Complaints art. 48 (10 days, verify): the second complaint keeps ch. IV."""
        first = self.decided(app, commune, "home affairs", Procedure.DISCIPLINARY)
        late = self.appeal(app, first, province, date(2025, 7, 1))  # 11 days after receipt
        before = self.position(app)
        administrative = Classify(Kind.COMPLAINT, "x", province, procedure=Procedure.ADMINISTRATIVE)
        with pytest.raises(RuleViolationError, match="disciplinary"):
            app.classify(late, administrative, self.act(province, date(2025, 7, 1)))
        assert self.position(app) == before
        app.classify(
            late, Classify(Kind.COMPLAINT, "x", province), self.act(province, date(2025, 7, 1))
        )
        assert app.get_case(late).procedure == Procedure.DISCIPLINARY
        with pytest.raises(TimeLimitExpiredError):
            app.accept(late, Accept(Complexity.ORDINARY), self.act(province, date(2025, 7, 2)))
        app.archive(
            late, ArchiveGrounds.LIMITATION_EXPIRED, self.act(province, date(2025, 7, 2), "late")
        )
        assert app.case_details(late).status == "archived"

    # ----- D2 and D12: the ministry of the field, the book's version recorded -------------

    def test_a_provincial_transport_decision_goes_to_the_ministry_of_construction(
        self, app: Petitions, province: UUID
    ) -> None:
        """Law on Complaints art. 23(3); Resolution 176/2025/QH15: transport is the MoC's."""
        construction = self.register(
            app, "Bộ Xây dựng", "central", None, code="BXD", kind="ministry"
        )
        finance = self.register(app, "Bộ Tài chính", "central", None, code="BTC", kind="ministry")
        first = self.decided(app, province, "Giao thông vận tải")
        with pytest.raises(RuleViolationError, match="BXD"):
            self.appeal(app, first, finance, date(2025, 7, 1))
        second = self.appeal(app, first, construction, date(2025, 7, 1))
        received = app.case_history(second)[0]
        assert received.fields["competence_rule"] == (
            "VN-2025.2: Law on Complaints 02/2011/QH13 art. 23(3)"
        )
        assert app.get_case(first).field == "transport"

    # ----- D3: limitation expired judged as acceptance judges it ---------------------------

    def test_a_complaint_within_its_limit_with_days_excluded_is_not_archived_as_expired(
        self, app: Petitions, province: UUID
    ) -> None:
        """Law on Complaints art. 9: days lost to illness are not counted in the 90."""
        case_id = self.record(app, province)
        old = Classify(Kind.COMPLAINT, "land", province, date(2025, 2, 20))  # 95 days before
        app.classify(case_id, old, self.act(province, RECEIVED))
        expired = self.act(province, ACCEPTED, "filed after 90 days")
        before = self.position(app)
        with pytest.raises(RuleViolationError, match="within"):
            app.archive(
                case_id, ArchiveGrounds.LIMITATION_EXPIRED, expired, filing=Filing(days_excluded=7)
            )
        assert self.position(app) == before
        app.archive(case_id, ArchiveGrounds.LIMITATION_EXPIRED, expired)
        assert app.case_details(case_id).status == "archived"

    # ----- D4 and (f): a corrected kind charges the days used -------------------------------

    def test_a_kind_corrected_after_a_suspension_keeps_the_days_already_used(
        self, app: Petitions, province: UUID
    ) -> None:
        """Law on Complaints art. 28 (remote 45 days): 13 days used, 32 left."""
        case_id = self.record(app, province)
        app.classify(
            case_id, Classify(Kind.RECOMMENDATION, "land", province), self.act(province, RECEIVED)
        )
        app.accept(case_id, Accept(Complexity.ORDINARY, remote=True), self.act(province, ACCEPTED))
        app.suspend(case_id, self.act(province, date(2025, 6, 12), "expert opinion"))
        app.resume(case_id, self.act(province, date(2025, 6, 22)))
        correction = self.act(province, date(2025, 6, 25), "contests a decision")
        with pytest.raises(RuleViolationError, match="decision_known_on"):
            app.correct_kind(case_id, Kind.COMPLAINT, correction)
        app.correct_kind(case_id, Kind.COMPLAINT, correction, complaint=KnownDecision(KNOWN))
        details = app.case_details(case_id)
        assert (details.kind, details.due_date) == ("complaint", date(2025, 7, 28))
        (*_, corrected) = app.case_history(case_id)
        assert (corrected.fields["days_used"], corrected.fields["rulebook_version"]) == (
            13,
            "VN-2020.2",
        )

    # ----- D5: the resumption says whether its limit is confirmed --------------------------

    def test_a_resumed_due_date_says_it_is_unconfirmed_in_the_history(
        self, app: Petitions, province: UUID
    ) -> None:
        """DOMAIN.md: a recommendation's 30 days are a default, not confirmed law."""
        case_id = self.record(app, province)
        app.classify(
            case_id, Classify(Kind.RECOMMENDATION, "land", province), self.act(province, RECEIVED)
        )
        app.accept(case_id, Accept(Complexity.ORDINARY), self.act(province, ACCEPTED))
        app.suspend(case_id, self.act(province, date(2025, 6, 5), "awaiting"))
        app.resume(case_id, self.act(province, date(2025, 6, 9)))
        (*_, resumed) = app.case_history(case_id)
        assert (resumed.event, resumed.fields["limit_confirmed"]) == ("Resumed", False)

    # ----- D9 and D10: enforcement from the day in force; every duty corrected ------------

    def test_enforcement_waits_for_the_decision_to_take_effect_and_is_corrected(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Law on Complaints art. 44 (verify); Civil Code art. 148 for the correction."""
        case_id = self.decided(app, commune)
        items = {d.name: d.due_date for d in app.case_details(case_id).deadlines}
        assert items["enforcement"] == date(2025, 7, 25)
        with pytest.raises(ChronologyError):
            app.start_enforcement(case_id, self.act(commune, date(2025, 7, 19)))
        app.calendar = WorkingCalendar.with_declarations(days_off=[date(2025, 7, 23)])
        app.correct_due_date(
            case_id, self.act(commune, date(2025, 6, 23), "Decision 2/QĐ-TTg"), clock="enforcement"
        )
        items = {d.name: d.due_date for d in app.case_details(case_id).deadlines}
        assert items["enforcement"] == date(2025, 7, 28)
        app.start_enforcement(case_id, self.act(commune, date(2025, 7, 21)))

    # ----- D11: re-examination by the competent authority, as data -------------------------

    def test_the_ministry_of_the_field_re_examines_a_provincial_decision(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Law on Complaints art. 23; Decree 124/2020/ND-CP (verify): not the province's child."""
        ministry = self.register(app, "Bộ NN&MT", "central", None, code="BNNMT", kind="ministry")
        case_id = self.decided(app, province)
        grounds = ReexaminationGrounds.NEW_EVIDENCE
        before = self.position(app)
        with pytest.raises(RuleViolationError):
            app.reexamine(case_id, grounds, self.act(commune, date(2025, 7, 1), "why"))
        assert self.position(app) == before
        app.reexamine(case_id, grounds, self.act(ministry, date(2025, 7, 1), "new survey"))
        (*_, reopened) = app.case_history(case_id)
        assert reopened.fields["competence_rule"].startswith("reexamination/VN-2020.1: ")
        assert app.case_details(case_id).handling_agency_id == ministry

    # ----- D13: a body under a department ---------------------------------------------------

    def test_a_sub_departments_decision_goes_to_its_director(
        self, app: Petitions, province: UUID
    ) -> None:
        """Law on Complaints art. 20(2): the department heads its sub-departments."""
        department = self.register(app, "Sở Nội vụ", "province", province, kind="department")
        sub = self.register(app, "Chi cục", "province", department, kind="department")
        first = self.decided(app, sub)
        with pytest.raises(RuleViolationError):
            self.appeal(app, first, province, date(2025, 7, 1))
        second = self.appeal(app, first, department, date(2025, 7, 1))
        assert "art. 20(2)" in app.case_history(second)[0].fields["competence_rule"]

    # ----- D14 and (j): vượt cấp --------------------------------------------------------------

    def test_a_province_that_called_itself_competent_still_received_beyond_the_level(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Circular 05/2021/TT-TTCP (verify): the commune's classification shows the province
        received a commune matter; the fact is set then, and stays."""
        case_id = self.record(app, province)
        app.classify(
            case_id, Classify(Kind.REFLECTION, "land", province), self.act(province, RECEIVED)
        )
        app.refer(case_id, commune, self.act(province, date(2025, 5, 27)))
        app.receive_referral(case_id, self.act(commune, date(2025, 5, 28)))
        app.classify(
            case_id,
            Classify(Kind.REFLECTION, "land", commune),
            self.act(commune, date(2025, 5, 28)),
        )
        beyond = [
            e.beyond_competence for e in app._events(case_id) if isinstance(e, Case.Classified)
        ]
        assert beyond == [False, True]

    def test_a_reception_office_receives_for_its_peoples_committee(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Law 42/2013/QH13: the Ban tiếp công dân receives for the provincial committee."""
        office = self.register(
            app, "Ban tiếp công dân", "province", province, kind="reception_office"
        )
        case_id = self.record(app, office)
        app.classify(
            case_id, Classify(Kind.REFLECTION, "land", commune), self.act(office, RECEIVED)
        )
        (*_, classified) = app.case_history(case_id)
        assert classified.fields["beyond_competence"] is True

    # ----- (b): an agency's closure is judged on the act's legal date -----------------------

    def test_a_letter_postmarked_before_a_dissolution_is_recorded_then_transferred(
        self, app: Petitions, province: UUID
    ) -> None:
        """Law 72/2025/QH15; Resolution 190/2025/QH15: the district was open on the postmark."""
        district = self.register(app, "UBND huyện", "district", province)
        successor = self.register(app, "UBND xã mới", "commune", province)
        reform = self.act(province, date(2025, 7, 1), "districts abolished")
        app.dissolve_agency(district, SuccessionPlan("district/v1", successor), reform)
        with pytest.raises(InvalidAgencyError):
            self.record(app, district, date(2025, 7, 2))
        case_id = self.record(app, district, date(2025, 6, 20))  # entered after the reform
        assert app.case_details(case_id).receiving_agency_id == district
        app.transfer_to_successor(case_id, self.act(province, date(2025, 7, 3), "reform"))
        details = app.case_details(case_id)
        assert (details.handling_agency_id, details.status) == (successor, Status.RECEIVED)

    # ----- D6: configured limits are a book of their own -----------------------------------

    def test_a_configured_intake_day_type_is_recorded_as_its_own_rule_book(
        self, store_settings: Settings
    ) -> None:
        """Law on Complaints art. 27: the 10 days' type is configuration (DOMAIN.md)."""
        settings = store_settings.model_copy(update={"limit_complaint_intake_day_type": "working"})
        app = Petitions(settings.eventsourcing_env())
        try:
            province = self.register(app, "UBND tỉnh", "province", None)
            case_id = self.record(app, province)
            app.classify(
                case_id,
                Classify(Kind.COMPLAINT, "land", province, KNOWN),
                self.act(province, RECEIVED),
            )
            (_, classified) = app.case_history(case_id)
            assert classified.fields["rulebook_version"].startswith("VN-2020.2+cfg-")
            assert classified.fields["handling_day_type"] == "working"
            assert app.case_details(case_id).handling_due_date == date(2025, 6, 9)
        finally:
            app.close()
