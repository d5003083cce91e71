"""The reception register through the application, on SQLite and PostgreSQL (Law on Citizen
Reception 42/2013/QH13 art. 9 and 30; Decree 64/2014/ND-CP art. 6; Circular 04/2021/TT-TTCP)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.act import Act
from domain.application import MeetingHeld, PersonalData, Petitions
from domain.case import Petition
from domain.errors import NotFoundError, RuleViolationError
from domain.kinds import Channel
from domain.reception import MeetingKind, ReceptionMeeting
from domain.reception_register import Matter, RefusalGrounds, Visit
from ops.settings import Settings

DAY = date(2025, 6, 5)


class TestReceptionRegister:
    @pytest.fixture
    def commune(self, app: Petitions) -> UUID:
        act = Act("admin", UUID(int=0), date(2025, 1, 2))
        province = app.register_agency("UBND tỉnh", "P", "province", None, act).id
        return app.register_agency("UBND xã", "X", "commune", province, act).id

    @pytest.fixture
    def meeting(self, app: Petitions, commune: UUID) -> UUID:
        held = MeetingHeld("chairman", MeetingKind.HEAD_PERIODIC)
        return app.hold_meeting(held, self.act(commune)).id

    @staticmethod
    def act(agency: UUID, reason: str = "") -> Act:
        return Act("receptionist", agency, DAY, reason, "Law 42/2013/QH13")

    def petition(
        self,
        app: Petitions,
        commune: UUID,
        meeting: UUID,
        signers: int,
        visit: UUID | None = None,
        representatives: int = 0,
    ) -> UUID:
        petition = Petition(
            "", Channel.RECEPTION, "land", None, signers, meeting, visit, representatives
        )
        return app.record_petition(petition, self.act(commune), PersonalData("Đại diện")).id

    def test_visits_delegations_and_refusals_are_entered_in_the_register(
        self, app: Petitions, commune: UUID, meeting: UUID
    ) -> None:
        app.record_visit(meeting, Visit(1, Matter.NEW), self.act(commune))
        app.record_visit(meeting, Visit(12, Matter.REPEATED, 3), self.act(commune))
        app.refuse_reception(
            meeting, 2, RefusalGrounds.INCAPACITATED, self.act(commune, "notice no. 1")
        )
        held = app.get_meeting(meeting)
        assert (held.visits, held.citizens_received, held.delegations) == (2, 13, 1)
        assert (held.repeated_matters, held.refusals, held.refused_persons) == (1, 1, 2)

    def test_a_petition_signed_by_40_people_at_a_session_counts_40_persons(
        self, app: Petitions, commune: UUID, meeting: UUID
    ) -> None:
        """Law 42/2013/QH13 art. 30: the 40 chose their representatives (up to 5)."""
        case_id = self.petition(app, commune, meeting, 40, representatives=3)
        held = app.get_meeting(meeting)
        assert (held.case_ids, held.visits, held.citizens_received) == ([case_id], 1, 40)
        assert app.get_case(case_id).petitioner_count == 40

    def test_a_delegation_without_representatives_leaves_no_case_behind(
        self, app: Petitions, commune: UUID, meeting: UUID
    ) -> None:
        """Law 42/2013/QH13 art. 30; Decree 124/2020/ND-CP art. 7: a delegation is represented."""
        before = app.recorder.max_notification_id()
        with pytest.raises(RuleViolationError, match="mass delegation"):
            self.petition(app, commune, meeting, 40)
        assert app.recorder.max_notification_id() == before

    def test_a_petition_brought_by_an_entered_visit_is_linked_to_it(
        self, app: Petitions, commune: UUID, meeting: UUID
    ) -> None:
        written = app.record_visit(meeting, Visit(40, representatives=5), self.act(commune))
        visit = next(iter(app.get_meeting(meeting).visit_persons))
        case_id = self.petition(app, commune, meeting, 40, visit)
        held = app.get_meeting(meeting)
        assert (held.visits, held.citizens_received, held.case_ids) == (1, 40, [case_id])
        assert held.version == written.version + 1

    def test_a_visit_smaller_than_the_signatories_leaves_no_case_behind(
        self, app: Petitions, commune: UUID, meeting: UUID
    ) -> None:
        app.record_visit(meeting, Visit(2), self.act(commune))
        visit = next(iter(app.get_meeting(meeting).visit_persons))
        with pytest.raises(RuleViolationError, match="signatories"):
            self.petition(app, commune, meeting, 40, visit)
        assert app.get_meeting(meeting).case_ids == []

    def test_a_refusal_without_its_written_reason_is_refused(
        self, app: Petitions, commune: UUID, meeting: UUID
    ) -> None:
        with pytest.raises(RuleViolationError):
            app.refuse_reception(meeting, 1, RefusalGrounds.OTHER_LEGAL_GROUND, self.act(commune))

    def test_another_agencys_officer_cannot_enter_visits_in_this_register(
        self, app: Petitions, meeting: UUID
    ) -> None:
        with pytest.raises(NotFoundError):
            app.record_visit(meeting, Visit(1), self.act(UUID(int=9)))

    def test_the_register_replays_from_the_store(
        self, app: Petitions, commune: UUID, meeting: UUID
    ) -> None:
        app.record_visit(meeting, Visit(5, representatives=1), self.act(commune))
        stored = list(app._events(meeting))
        assert [type(e).__name__ for e in stored] == ["Held", "VisitRecorded"]
        assert isinstance(app.get_meeting(meeting), ReceptionMeeting)
        assert stored[1].delegation


def test_the_delegation_threshold_is_configuration_recorded_with_each_visit(
    sqlite_settings: Settings,
) -> None:
    """The 5-person threshold is unconfirmed: a province may configure it; the visit says so."""
    settings = sqlite_settings.model_copy(update={"delegation_min_persons": 7})
    app = Petitions(settings.eventsourcing_env())
    try:
        act = Act("admin", UUID(int=0), date(2025, 1, 2))
        commune = app.register_agency("UBND xã", "X", "commune", None, act).id
        meeting = app.hold_meeting(
            MeetingHeld("chair", MeetingKind.REGULAR), Act("r", commune, DAY)
        ).id
        app.record_visit(meeting, Visit(6), Act("r", commune, DAY))
        app.record_visit(meeting, Visit(7, representatives=2), Act("r", commune, DAY))
        visits = [e for e in app._events(meeting) if type(e).__name__ == "VisitRecorded"]
        assert [(v.delegation, v.delegation_rule_version) for v in visits] == [
            (False, "delegation/v2+min7"),
            (True, "delegation/v2+min7"),
        ]
    finally:
        app.close()
