"""The Petitions application on SQLite and PostgreSQL: one class, run once per store."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from domain import application as application_module
from domain.act import Act
from domain.application import Accept, Classify, MeetingHeld, PersonalData, Petitions
from domain.calendar import DayType
from domain.case import Case, Petition
from domain.errors import (
    ChronologyError,
    ConcurrentChangeError,
    DuplicateError,
    InvalidAgencyError,
    InvalidTransitionError,
    NotFoundError,
    RuleViolationError,
)
from domain.kinds import (
    ArchiveGrounds,
    Channel,
    Complexity,
    EffectOnContested,
    Kind,
    ReexaminationGrounds,
    Status,
    TerminationGrounds,
)
from domain.reception import MeetingKind
from domain.typed_store import SNAPSHOT_TAIL
from ops.settings import Settings

FOUNDED = date(2025, 1, 2)
RECEIVED = date(2025, 5, 26)  # Monday
KNOWN = date(2025, 5, 1)
ACCEPTED = date(2025, 6, 2)  # Monday; + 30 days = Wednesday 2 July
CONCLUDED = date(2025, 6, 20)


class TestPetitions:
    @pytest.fixture
    def province(self, app: Petitions) -> UUID:
        act = Act("admin", uuid4(), FOUNDED, "establishment")
        return app.register_agency("UBND tỉnh Bắc Kạn", "BK", "province", None, act).id

    @pytest.fixture
    def commune(self, app: Petitions, province: UUID) -> UUID:
        act = Act("admin", province, FOUNDED)
        return app.register_agency("UBND xã Cẩm Giàng", "CG", "commune", province, act).id

    # ----- helpers -------------------------------------------------------------------------

    @staticmethod
    def act(agency: UUID, on: date, reason: str = "", actor: str = "officer-1") -> Act:
        return Act(actor, agency, on, reason, "Law on Complaints 02/2011/QH13")

    def record(
        self, app: Petitions, agency: UUID, summary: str = "Land recovery contested"
    ) -> UUID:
        petition = Petition("", Channel.POST, summary)
        personal = PersonalData("Nguyễn Văn A", "Bắc Kạn", "0912000000", "001")
        return app.record_petition(petition, self.act(agency, RECEIVED), personal).id

    def accepted_complaint(self, app: Petitions, province: UUID) -> UUID:
        case_id = self.record(app, province)
        classify = Classify(Kind.COMPLAINT, "land", province, KNOWN)
        app.classify(case_id, classify, self.act(province, RECEIVED))
        app.accept(case_id, Accept(Complexity.ORDINARY), self.act(province, ACCEPTED))
        return case_id

    @staticmethod
    def max_position(app: Petitions) -> int:
        return app.recorder.max_notification_id() or 0

    # ----- use cases -----------------------------------------------------------------------

    def test_a_complaint_is_followed_from_receipt_to_notification(
        self, app: Petitions, province: UUID
    ) -> None:
        # A letter arrives by post; it gets a reference code and a receipt.
        received = app.record_petition(
            Petition("", Channel.POST, "Land recovery contested"),
            self.act(province, RECEIVED),
            PersonalData("Nguyễn Văn A", "Bắc Kạn"),
        )
        case_id = received.id
        details = app.case_details(case_id, on=RECEIVED)
        assert (received.version, details.status, details.kind) == (1, "received", None)
        assert received.position > 0
        # The petitioner's identity is stored apart from the case.
        assert details.identity_id is not None
        assert sealed_name(app, details.identity_id) == "Nguyễn Văn A"
        # Classified as a complaint under the province's own jurisdiction.
        classify = Classify(Kind.COMPLAINT, "land", province, KNOWN, expected_version=1)
        classified = app.classify(case_id, classify, self.act(province, date(2025, 5, 28)))
        assert classified.version == 2
        assert classified.position > received.position
        # Accepted: the 30-day clock starts.
        accept = Accept(Complexity.ORDINARY, expected_version=2)
        app.accept(case_id, accept, self.act(province, ACCEPTED))
        details = app.case_details(case_id, on=ACCEPTED)
        assert (details.status, details.accepted_on, details.due_date) == (
            "in_progress",
            ACCEPTED,
            date(2025, 7, 2),
        )
        # An officer verifies, and the province decides.
        app.assign(case_id, "officer-7", self.act(province, ACCEPTED), expected=3)
        app.record_verification(case_id, "site visit", "fence moved", self.act(province, CONCLUDED))
        app.conclude(
            case_id,
            "partly_right",
            "QD-12",
            self.act(province, CONCLUDED),
            EffectOnContested.AMENDED,
        )
        # The citizen is notified; the case is closed in time.
        notified = app.notify_citizen(case_id, "registered post", self.act(province, CONCLUDED))
        details = app.case_details(case_id, on=date(2025, 12, 31))
        assert (details.status, details.outcome, details.officer_id, details.overdue) == (
            "concluded",
            "partly_right",
            "officer-7",
            False,
        )
        assert notified.version == details.version == 7
        assert app.get_case(case_id).notified_on == CONCLUDED

    def test_an_unanswered_complaint_is_overdue_after_its_due_date(
        self, app: Petitions, province: UUID
    ) -> None:
        case_id = self.accepted_complaint(app, province)
        assert not app.case_details(case_id, on=date(2025, 7, 2)).overdue
        assert app.case_details(case_id, on=date(2025, 7, 3)).overdue

    def test_a_second_instance_complaint_is_filed_against_the_first_decision(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        first_id = self.accepted_complaint(app, commune)
        app.conclude(
            first_id, "wrong", "QD-1", self.act(commune, CONCLUDED), EffectOnContested.UPHELD
        )
        filed = app.file_second_instance(
            first_id,
            Petition("", Channel.POST, "The first decision is wrong"),
            self.act(province, date(2025, 7, 1)),
            PersonalData("Nguyễn Văn A"),
        )
        second = app.case_details(filed.id, on=date(2025, 7, 1))
        first = app.case_details(first_id, on=date(2025, 7, 1))
        assert (second.instance, second.first_instance_case_id) == (2, first_id)
        assert first.second_instance_case_id == filed.id
        assert app.case_history(first_id)[-1].event == "Appealed"
        # The second instance is classified as a complaint and due within 45 days.
        app.classify(
            filed.id,
            Classify(Kind.COMPLAINT, "land", province),
            self.act(province, date(2025, 7, 1)),
        )
        app.accept(filed.id, Accept(Complexity.ORDINARY), self.act(province, date(2025, 7, 1)))
        assert app.case_details(filed.id).due_date == date(2025, 8, 15)

    def test_a_second_instance_complaint_needs_a_first_decision_or_its_lapse(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        first_id = self.accepted_complaint(app, commune)
        before = self.max_position(app)
        with pytest.raises(InvalidTransitionError):
            app.file_second_instance(
                first_id, Petition("", Channel.POST, "too early"), self.act(province, ACCEPTED)
            )
        assert self.max_position(app) == before

    def test_petitions_taken_at_a_reception_meeting_are_linked_to_it(
        self, app: Petitions, province: UUID
    ) -> None:
        held = app.hold_meeting(
            MeetingHeld("chair-1", MeetingKind.REGULAR), self.act(province, RECEIVED)
        )
        taken = [
            app.record_petition(
                Petition("", Channel.RECEPTION, f"petition {n}", meeting_id=held.id),
                self.act(province, RECEIVED),
            ).id
            for n in range(2)
        ]
        meeting = app.get_meeting(held.id)
        assert (meeting.case_ids, meeting.citizens_received, meeting.agency_id) == (
            taken,
            2,
            province,
        )
        assert app.get_case(taken[0]).meeting_id == held.id

    def test_a_petition_cannot_name_an_unknown_meeting(
        self, app: Petitions, province: UUID
    ) -> None:
        with pytest.raises(NotFoundError):
            app.record_petition(
                Petition("", Channel.RECEPTION, "lost", meeting_id=uuid4()),
                self.act(province, RECEIVED),
            )

    def test_a_case_is_found_by_its_reference_code_typed_loosely(
        self, app: Petitions, province: UUID, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(
            application_module, "new_reference_code", lambda prefix, year: "PA-2025-0A1B-10KM-Z0"
        )
        case_id = self.record(app, province)
        assert app.case_details(case_id).reference_code == "PA-2025-0A1B-10KM-Z0"
        assert app.find_by_reference("PA-2025-0A1B-10KM-Z0") == case_id
        assert app.find_by_reference(" pa-2025-oa1b-10km-z0 ") == case_id
        assert app.find_by_reference("PA-2025-OAIB-lOKM-ZO") == case_id

    def test_an_unknown_reference_code_is_not_found(self, app: Petitions, province: UUID) -> None:
        self.record(app, province)
        with pytest.raises(NotFoundError):
            app.find_by_reference("PA-2025-0000-0000-00")

    def test_every_case_gets_its_own_reference_code(self, app: Petitions, province: UUID) -> None:
        codes = {app.case_details(self.record(app, province)).reference_code for _ in range(3)}
        assert len(codes) == 3

    def test_a_reference_code_collision_draws_another_code(
        self, app: Petitions, province: UUID, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        codes = iter(["PA-2025-AAAA-AAAA-AA", "PA-2025-AAAA-AAAA-AA", "PA-2025-BBBB-BBBB-BB"])
        monkeypatch.setattr(application_module, "new_reference_code", lambda p, y: next(codes))
        held = app.hold_meeting(
            MeetingHeld("chair-1", MeetingKind.REGULAR), self.act(province, RECEIVED)
        )
        self.record(app, province)
        second = app.record_petition(
            Petition("", Channel.RECEPTION, "second", meeting_id=held.id),
            self.act(province, RECEIVED),
            PersonalData("Trần Thị B"),
        )
        details = app.case_details(second.id)
        assert details.reference_code == "PA-2025-BBBB-BBBB-BB"
        assert details.identity_id is not None
        assert sealed_name(app, details.identity_id) == "Trần Thị B"
        assert app.get_meeting(held.id).case_ids == [second.id]

    def test_case_history_lists_every_act_in_order_with_who_when_and_why(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        case_id = self.record(app, province)
        long_known = date(2025, 1, 6)  # 140 days before receipt: the 90-day limit passed
        app.classify(
            case_id,
            Classify(Kind.COMPLAINT, "land", commune, long_known),
            self.act(province, date(2025, 5, 27), actor="clerk-2"),
        )
        app.refer(case_id, commune, self.act(province, date(2025, 5, 28), "commune competent"))
        app.archive(
            case_id,
            ArchiveGrounds.LIMITATION_EXPIRED,
            self.act(commune, date(2025, 5, 30), "filed after 90 days"),
        )
        history = app.case_history(case_id)
        assert [(h.version, h.event) for h in history] == [
            (1, "Received"),
            (2, "Classified"),
            (3, "Referred"),
            (4, "Archived"),
        ]
        assert [h.legal_date for h in history] == [
            RECEIVED,
            date(2025, 5, 27),
            date(2025, 5, 28),
            date(2025, 5, 30),
        ]
        assert [h.actor_id for h in history] == ["officer-1", "clerk-2", "officer-1", "officer-1"]
        assert history[3].actor_agency_id == commune
        assert history[3].reason == "filed after 90 days"
        assert history[3].legal_basis == "Law on Complaints 02/2011/QH13"
        assert history[3].fields["grounds"] == "limitation_expired"
        assert history[2].fields["to_agency_id"] == commune
        recorded = [h.recorded_at for h in history]
        assert recorded == sorted(recorded)
        assert all(r.tzinfo is not None for r in recorded)
        assert recorded[0].date() > history[-1].legal_date  # entered long after the acts

    def test_history_keeps_personal_data_out_of_the_case(
        self, app: Petitions, province: UUID
    ) -> None:
        case_id = self.record(app, province)
        (received,) = app.case_history(case_id)
        assert "Nguyễn Văn A" not in repr(received)
        assert received.fields["identity_id"] == app.get_case(case_id).identity_id

    def test_a_stale_expected_version_is_refused(self, app: Petitions, province: UUID) -> None:
        case_id = self.record(app, province)
        before = self.max_position(app)
        with pytest.raises(ConcurrentChangeError):
            app.classify(
                case_id,
                Classify(Kind.COMPLAINT, "land", province, KNOWN, expected_version=2),
                self.act(province, RECEIVED),
            )
        with pytest.raises(ConcurrentChangeError):
            app.assign(case_id, "officer-7", self.act(province, RECEIVED), expected=0)
        assert self.max_position(app) == before

    def test_two_instances_saving_the_same_version_conflict(
        self,
        app: Petitions,
        province: UUID,
        store_settings: Settings,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        case_id = self.accepted_complaint(app, province)
        other = Petitions(store_settings.eventsourcing_env())
        try:
            stale = other.get_case(case_id)
            app.assign(case_id, "officer-7", self.act(province, ACCEPTED))
            monkeypatch.setattr(other, "get_case", lambda _: stale)
            with pytest.raises(DuplicateError):
                other.assign(case_id, "officer-8", self.act(province, ACCEPTED))
        finally:
            other.close()
        assert app.case_details(case_id).officer_id == "officer-7"
        assert app.case_details(case_id).version == 4

    def test_an_act_dated_in_the_future_is_refused(self, app: Petitions, province: UUID) -> None:
        case_id = self.record(app, province)
        before = self.max_position(app)
        tomorrow = app.today() + timedelta(days=1)
        with pytest.raises(ChronologyError):
            app.classify(
                case_id, Classify(Kind.REFLECTION, "land", province), self.act(province, tomorrow)
            )
        with pytest.raises(ChronologyError):
            app.record_petition(Petition("", Channel.POST, "x"), self.act(province, tomorrow))
        assert self.max_position(app) == before

    def test_an_act_dated_today_is_accepted(self, app: Petitions, province: UUID) -> None:
        case_id = self.record(app, province)
        app.classify(
            case_id, Classify(Kind.REFLECTION, "land", province), self.act(province, app.today())
        )
        assert app.get_case(case_id).status == Status.CLASSIFIED

    def test_unknown_ids_are_not_found(self, app: Petitions, province: UUID) -> None:
        unknown = uuid4()
        with pytest.raises(NotFoundError):
            app.get_case(unknown)
        with pytest.raises(NotFoundError):
            app.case_details(unknown)
        with pytest.raises(NotFoundError):
            app.case_history(unknown)
        with pytest.raises(NotFoundError):
            app.get_agency(unknown)
        with pytest.raises(NotFoundError):
            app.get_meeting(unknown)
        with pytest.raises(NotFoundError):
            app.assign(unknown, "officer-7", self.act(province, RECEIVED))

    def test_an_aggregate_of_another_type_is_not_found(
        self, app: Petitions, province: UUID
    ) -> None:
        with pytest.raises(NotFoundError):
            app.get_case(province)
        with pytest.raises(NotFoundError):
            app.get_agency(self.record(app, province))

    def test_a_petition_received_by_an_unknown_agency_is_refused(self, app: Petitions) -> None:
        with pytest.raises(NotFoundError):
            app.record_petition(Petition("", Channel.POST, "x"), self.act(uuid4(), RECEIVED))

    def test_a_merged_agency_receives_no_new_petitions(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Judged on the act's legal date: from the merger on, the commune takes nothing."""
        app.merge_agency(commune, province, self.act(province, date(2025, 5, 1), "reform"))
        with pytest.raises(InvalidAgencyError):
            self.record(app, commune)
        assert app.get_agency(commune).successor_id == province

    def test_the_agency_tree_is_read_with_its_ancestry(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        ref = app.agency_ref(commune)
        assert (ref.path, ref.level) == ([province, commune], "commune")

    def test_a_case_with_a_long_history_is_loaded_from_a_snapshot(
        self, app: Petitions, province: UUID, store_settings: Settings
    ) -> None:
        case_id = self.accepted_complaint(app, province)
        for n in range(55):
            app.record_verification(case_id, f"step {n}", "findings", self.act(province, ACCEPTED))
        # Snapshots are taken at version 50 and on each load past an 8-event tail.
        snapshots = list(app.snapshots.get(case_id)) if app.snapshots else []
        assert 50 in [s.originator_version for s in snapshots]
        assert 58 - snapshots[-1].originator_version <= SNAPSHOT_TAIL + 1
        from_events = None
        for stored in app.repository.event_store.get(case_id):
            from_events = stored.mutate(from_events)
        loaded = app.get_case(case_id)
        assert isinstance(loaded, Case)
        assert loaded == from_events
        assert loaded.version == 58
        assert loaded.verification_steps == 55
        fresh = Petitions(store_settings.eventsourcing_env())
        try:
            from_snapshot = fresh.get_case(case_id)
            assert from_snapshot == from_events
            assert type(from_snapshot.status) is Status
            assert type(from_snapshot.kind) is Kind
            assert type(from_snapshot.day_type) is DayType
        finally:
            fresh.close()

    def test_an_agency_with_a_long_history_is_loaded_from_a_snapshot(
        self, app: Petitions, province: UUID
    ) -> None:
        for n in range(50):
            app.rename_agency(province, f"UBND tỉnh {n}", self.act(province, FOUNDED))
        snapshots = list(app.snapshots.get(province)) if app.snapshots else []
        assert 50 in [s.originator_version for s in snapshots]
        assert 51 - snapshots[-1].originator_version <= SNAPSHOT_TAIL + 1
        from_events = None
        for stored in app.repository.event_store.get(province):
            from_events = stored.mutate(from_events)
        assert app.get_agency(province) == from_events
        assert app.get_agency(province).name == "UBND tỉnh 49"

    def test_a_snapshot_loaded_case_accepts_further_commands(
        self, app: Petitions, province: UUID
    ) -> None:
        case_id = self.accepted_complaint(app, province)
        for n in range(50):
            app.record_verification(case_id, f"step {n}", "", self.act(province, ACCEPTED))
        app.conclude(
            case_id, "right", "QD-1", self.act(province, CONCLUDED), EffectOnContested.ANNULLED
        )
        details = app.case_details(case_id)
        assert (details.status, details.version) == ("concluded", 54)

    def test_a_failed_command_writes_no_event(self, app: Petitions, province: UUID) -> None:
        case_id = self.record(app, province)
        before = self.max_position(app)
        with pytest.raises(InvalidTransitionError):
            app.conclude(
                case_id, "right", "QD-1", self.act(province, CONCLUDED), EffectOnContested.UPHELD
            )
        with pytest.raises(RuleViolationError):
            app.archive(case_id, ArchiveGrounds.DUPLICATE, self.act(province, RECEIVED, "dup"))
        with pytest.raises(RuleViolationError):
            app.record_petition(Petition("", Channel.POST, "  "), self.act(province, RECEIVED))
        assert self.max_position(app) == before
        assert app.case_details(case_id).version == 1

    def test_a_denunciation_is_extended_suspended_resumed_and_concluded(
        self, app: Petitions, province: UUID
    ) -> None:
        # A signed denunciation is accepted on Monday 2 June: due Wednesday 2 July.
        case_id = self.record(app, province, "Officials took bribes")
        app.classify(
            case_id, Classify(Kind.DENUNCIATION, "bribery", province), self.act(province, RECEIVED)
        )
        app.accept(case_id, Accept(Complexity.ORDINARY), self.act(province, ACCEPTED))
        # Found particularly complex: extended by 30 days, to Friday 1 August.
        app.extend_deadline(
            case_id,
            Complexity.PARTICULARLY_COMPLEX,
            30,
            self.act(province, date(2025, 6, 10), "many officials involved"),
        )
        assert app.case_details(case_id).due_date == date(2025, 8, 1)
        # Suspended on Friday 11 July awaiting the police: 21 days remain.
        app.suspend(case_id, self.act(province, date(2025, 7, 11), "awaiting the police"))
        assert not app.case_details(case_id, on=date(2025, 9, 1)).overdue
        # Resumed on Monday 1 September: the clock restarts, 21 days to Monday 22 September.
        app.resume(case_id, self.act(province, date(2025, 9, 1)))
        assert app.case_details(case_id).due_date == date(2025, 9, 22)
        # The denouncer withdraws, but the conduct shows a violation: settlement proceeds.
        app.withdraw(case_id, self.act(province, date(2025, 9, 2)), proceeds=True)
        app.conclude(case_id, "partly_true", "KL-3", self.act(province, date(2025, 9, 15)))
        app.publish_decision(case_id, "provincial portal", self.act(province, date(2025, 9, 16)))
        details = app.case_details(case_id, on=date(2025, 12, 1))
        assert (details.status, details.outcome, details.overdue) == (
            "concluded",
            "partly_true",
            False,
        )
        assert app.get_case(case_id).published_on == date(2025, 9, 16)

    def test_a_terminated_case_is_reexamined_by_the_higher_authority(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        """Law on Complaints arts. 18-25: a settled case is re-examined above, not re-opened."""
        case_id = self.accepted_complaint(app, commune)
        app.terminate(
            case_id,
            TerminationGrounds.COMPLAINANT_DIED,
            self.act(commune, date(2025, 6, 5), "death certificate"),
        )
        assert app.case_details(case_id).status == "terminated"
        before = self.max_position(app)
        with pytest.raises(RuleViolationError):  # the commune cannot re-open its own case
            app.reexamine(
                case_id,
                ReexaminationGrounds.VIOLATION_OF_LAW,
                self.act(commune, date(2025, 7, 1), "heirs continue"),
            )
        assert self.max_position(app) == before
        app.reexamine(
            case_id,
            ReexaminationGrounds.VIOLATION_OF_LAW,
            self.act(province, date(2025, 7, 1), "heirs continue; termination unlawful"),
        )
        details = app.case_details(case_id)
        assert (details.status, details.due_date, details.handling_agency_id) == (
            "in_progress",
            date(2025, 7, 31),
            province,
        )
        assert details.due_date_confirmed is False  # the re-examination limit awaits confirmation

    def test_a_withdrawn_complaint_is_closed(self, app: Petitions, province: UUID) -> None:
        case_id = self.accepted_complaint(app, province)
        app.withdraw(case_id, self.act(province, date(2025, 6, 5), "letter of withdrawal"))
        assert app.case_details(case_id).status == "withdrawn"

    def test_a_citizen_is_guided_to_the_competent_body(
        self, app: Petitions, province: UUID
    ) -> None:
        case_id = self.record(app, province)
        app.classify(
            case_id, Classify(Kind.RECOMMENDATION, "court", province), self.act(province, RECEIVED)
        )
        app.guide(case_id, "Provincial People's Court", self.act(province, RECEIVED))
        assert app.case_details(case_id).status == "guided"

    def test_an_agency_is_renamed_and_moved(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        other = app.register_agency(
            "UBND tỉnh Thái Nguyên", "TN", "province", None, self.act(province, FOUNDED)
        ).id
        app.rename_agency(commune, "UBND xã Cẩm Giàng mới", self.act(province, date(2025, 7, 1)))
        app.reparent_agency(commune, other, self.act(province, date(2025, 7, 1)))
        agency = app.get_agency(commune)
        assert (agency.name, agency.parent_id) == ("UBND xã Cẩm Giàng mới", other)
        assert app.agency_ref(commune).path == [other, commune]

    def test_an_agency_cannot_be_moved_under_its_own_child(
        self, app: Petitions, province: UUID, commune: UUID
    ) -> None:
        before = self.max_position(app)
        with pytest.raises(InvalidAgencyError):
            app.reparent_agency(province, commune, self.act(province, date(2025, 7, 1)))
        assert self.max_position(app) == before

    def test_a_reference_code_that_keeps_colliding_is_refused(
        self, app: Petitions, province: UUID, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(
            application_module, "new_reference_code", lambda p, y: "PA-2025-AAAA-AAAA-AA"
        )
        self.record(app, province)
        before = self.max_position(app)
        with pytest.raises(DuplicateError):
            self.record(app, province)
        assert self.max_position(app) == before

    def test_a_day_off_declared_in_configuration_moves_a_due_date(
        self, store_settings: Settings
    ) -> None:
        env = store_settings.eventsourcing_env()
        env["EXTRA_DAYS_OFF"] = "2025-07-02"
        app = Petitions(env)
        try:
            act = Act("admin", uuid4(), FOUNDED)
            province = app.register_agency("UBND tỉnh", "BK", "province", None, act).id
            case_id = self.accepted_complaint(app, province)
            # Due Wednesday 2 July, declared off: the limit ends on Thursday 3 July.
            assert app.case_details(case_id).due_date == date(2025, 7, 3)
        finally:
            app.close()

    def test_an_identity_disclosure_is_recorded(self, app: Petitions, province: UUID) -> None:
        case_id = self.record(app, province)
        shown = app.disclose_identity(case_id, "inspector-1", "verification")
        assert (shown.person.full_name, shown.disclosures, shown.legacy) == (
            "Nguyễn Văn A",
            1,
            False,
        )
        identity_id = app.get_case(case_id).identity_id
        assert identity_id is not None
        assert app.get_identity(identity_id).disclosures == 1

    def test_an_anonymous_petition_has_no_identity_to_disclose(
        self, app: Petitions, province: UUID
    ) -> None:
        case_id = app.record_petition(
            Petition("", Channel.POST, "anonymous letter"), self.act(province, RECEIVED)
        ).id
        with pytest.raises(NotFoundError):
            app.disclose_identity(case_id, "inspector-1", "verification")


class TestSnapshotsOnLoad:
    """Any history loads from a snapshot and at most a short tail of events."""

    def test_a_load_past_a_long_tail_takes_a_snapshot(self, app: Petitions) -> None:
        act = Act("admin", UUID(int=0), date(2025, 8, 1))
        province = app.register_agency("UBND tỉnh", "TN", "province", None, act).id
        agency = app.get_agency(province)
        for n in range(20):  # no load between: one long tail, past no interval
            agency.rename(f"UBND tỉnh {n}", act)
        app.save(agency)
        assert app.snapshots is not None
        assert list(app.snapshots.get(province)) == []
        assert app.get_agency(province).version == 21  # replays 21 events: takes a snapshot
        (snapshot,) = app.snapshots.get(province)
        assert snapshot.originator_version == 21
        loaded = app.get_agency(province)  # from the snapshot, nothing replayed
        assert (loaded.name, loaded.version) == ("UBND tỉnh 19", 21)
        for n in range(SNAPSHOT_TAIL + 1):  # loads replaying 0 to 8 events take none
            app.rename_agency(province, f"tên {n}", act)
        assert [s.originator_version for s in app.snapshots.get(province)] == [21]
        app.rename_agency(province, "tên", act)  # its load replays 9: a snapshot at 30
        assert [s.originator_version for s in app.snapshots.get(province)] == [21, 30]


def sealed_name(app: Petitions, identity_id: UUID) -> str:
    """The full name sealed in a stored identity, opened with its data key (no read recorded)."""
    identity = app.get_identity(identity_id)
    assert identity.key_id is not None
    fields = app.vault.unseal(identity.key_id, identity.sealed)
    assert fields is not None
    return fields["full_name"]
