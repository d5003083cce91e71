"""Points of issue 8 shown until now only on the pure domain, here through the stores.

Each test runs through the `Petitions` application on SQLite and PostgreSQL and names
its legal source: a refused step writes nothing, an allowed one is read back from the
store.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.act import Act
from domain.agency_kinds import AgencyKind
from domain.application import Accept, Classify, PersonalData, Petitions
from domain.case import Case, Petition
from domain.errors import InvalidAgencyError, RuleViolationError, TimeLimitExpiredError
from domain.kinds import ArchiveGrounds, Channel, Complexity, Kind, Status
from domain.rules import DECREE_124_IN_FORCE, RULEBOOK_2020

FOUNDED = date(2025, 1, 2)
RECEIVED = date(2025, 5, 26)  # Monday
ACCEPTED = date(2025, 6, 2)  # Monday


class TestTheLawThroughTheStores:
    @staticmethod
    def act(agency: UUID, on: date, reason: str = "") -> Act:
        return Act("officer-1", agency, on, reason, "")

    @staticmethod
    def position(app: Petitions) -> int:
        return app.recorder.max_notification_id() or 0

    def register(
        self,
        app: Petitions,
        name: str,
        level: str,
        parent: UUID | None,
        kind: AgencyKind = AgencyKind.PEOPLES_COMMITTEE,
    ) -> UUID:
        act = Act("admin", parent or uuid4(), FOUNDED, "establishment")
        return app.register_agency(name, name[:6].upper(), level, parent, act, kind).id

    def record(self, app: Petitions, agency: UUID, on: date = RECEIVED) -> UUID:
        petition = Petition("", Channel.POST, "Đơn")
        return app.record_petition(petition, self.act(agency, on), PersonalData("Trần B")).id

    def beyond(self, app: Petitions, case_id: UUID) -> list[bool]:
        events = app._events(case_id)
        return [e.beyond_competence for e in events if isinstance(e, Case.Classified)]

    # ----- point 1: an inspectorate beside the departments ---------------------------------

    def test_an_inspectorate_is_stored_under_its_peoples_committee_at_the_same_level(
        self, app: Petitions
    ) -> None:
        """Law on Organisation of Local Government arts. 4-5; Law on Inspection: the
        provincial inspectorate is a body of the provincial People's Committee."""
        province = self.register(app, "UBND tỉnh", "province", None)
        inspectorate = self.register(
            app, "Thanh tra tỉnh", "province", province, AgencyKind.INSPECTORATE
        )
        stored = app.get_agency(inspectorate)
        assert (stored.parent_id, stored.level, stored.kind) == (
            province,
            "province",
            AgencyKind.INSPECTORATE,
        )
        before = self.position(app)
        with pytest.raises(InvalidAgencyError):  # an inspectorate heads no People's Committee
            self.register(app, "UBND huyện", "district", inspectorate)
        assert self.position(app) == before

    # ----- point 2: another province is never above ours -----------------------------------

    def test_another_provinces_agency_receiving_our_communes_petition_is_not_beyond(
        self, app: Petitions
    ) -> None:
        """Decree 124/2020/ND-CP art. 7 (vượt cấp): only an ancestor of the competent
        agency receives beyond the level; another province is a wrong address."""
        ours = self.register(app, "UBND tỉnh A", "province", None)
        commune = self.register(app, "UBND xã A1", "commune", ours)
        theirs = self.register(app, "UBND tỉnh B", "province", None)
        misdirected = self.record(app, theirs)
        classify = Classify(Kind.REFLECTION, "land", commune)
        app.classify(misdirected, classify, self.act(theirs, RECEIVED))
        escalated = self.record(app, ours)
        app.classify(escalated, classify, self.act(ours, RECEIVED))
        assert self.beyond(app, misdirected) == [False]
        assert self.beyond(app, escalated) == [True]

    # ----- point 4: the second-instance limit after the first deadline passed --------------

    def test_silence_after_the_first_deadline_opens_30_days_for_the_second_instance(
        self, app: Petitions
    ) -> None:
        """Law on Complaints art. 33: unanswered when the first limit has passed, the
        complainant has 30 days from that day; on the 31st the second instance is late."""
        province = self.register(app, "UBND tỉnh", "province", None)
        commune = self.register(app, "UBND xã", "commune", province)
        first = self.record(app, commune)
        classify = Classify(Kind.COMPLAINT, "land", commune, date(2025, 5, 21))
        app.classify(first, classify, self.act(commune, RECEIVED))
        app.accept(first, Accept(Complexity.ORDINARY), self.act(commune, ACCEPTED))
        due = app.get_case(first).due_date
        assert due is not None
        petition = Petition("", Channel.POST, "Khiếu nại lần hai")
        on_time = date.fromordinal(due.toordinal() + 30)
        second = app.file_second_instance(
            first, petition, self.act(province, on_time), PersonalData("Trần B")
        ).id
        assert app.case_history(second)[0].fields["second_instance_basis"] == "unanswered"
        app.classify(
            second, Classify(Kind.COMPLAINT, "land", province), self.act(province, on_time)
        )
        app.accept(second, Accept(Complexity.ORDINARY), self.act(province, on_time))
        assert app.get_case(second).status == Status.IN_PROGRESS

        late_first = self.record(app, commune)
        app.classify(late_first, classify, self.act(commune, RECEIVED))
        app.accept(late_first, Accept(Complexity.ORDINARY), self.act(commune, ACCEPTED))
        late_on = date.fromordinal(due.toordinal() + 31)
        late = app.file_second_instance(
            late_first, petition, self.act(province, late_on), PersonalData("Trần B")
        ).id
        app.classify(late, Classify(Kind.COMPLAINT, "land", province), self.act(province, late_on))
        before = self.position(app)
        with pytest.raises(TimeLimitExpiredError):
            app.accept(late, Accept(Complexity.ORDINARY), self.act(province, late_on))
        assert self.position(app) == before

    # ----- point 6: no filing limitation for a denunciation --------------------------------

    def test_a_denunciation_is_never_archived_as_limitation_expired(self, app: Petitions) -> None:
        """Law on Denunciations 25/2018/QH14: a denunciation has no filing limitation,
        so the ground is refused and nothing is written; other grounds stay open."""
        province = self.register(app, "UBND tỉnh", "province", None)
        case_id = self.record(app, province)
        classify = Classify(Kind.DENUNCIATION, "land", province)
        app.classify(case_id, classify, self.act(province, RECEIVED))
        before = self.position(app)
        with pytest.raises(RuleViolationError):
            app.archive(
                case_id, ArchiveGrounds.LIMITATION_EXPIRED, self.act(province, ACCEPTED, "old")
            )
        assert self.position(app) == before
        assert app.get_case(case_id).status != Status.ARCHIVED

    # ----- point 10: the rule book recorded on a case is Decree 124's ----------------------

    def test_a_case_records_the_rule_book_in_force_since_decree_124(self, app: Petitions) -> None:
        """Decree 124/2020/ND-CP took effect on 10 December 2020: the book every case
        accepted since then is timed by starts that day, and its version is stored."""
        assert RULEBOOK_2020.effective_from == DECREE_124_IN_FORCE == date(2020, 12, 10)
        province = self.register(app, "UBND tỉnh", "province", None)
        case_id = self.record(app, province)
        app.classify(
            case_id, Classify(Kind.REFLECTION, "land", province), self.act(province, RECEIVED)
        )
        app.accept(case_id, Accept(Complexity.ORDINARY), self.act(province, ACCEPTED))
        versions = {e.fields.get("rulebook_version") for e in app.case_history(case_id)}
        assert RULEBOOK_2020.version in versions
