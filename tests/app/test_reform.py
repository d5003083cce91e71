"""Agencies, the tree rule for vượt cấp, transfers and the 2025 reform through the application,
on SQLite and PostgreSQL (one class, run once per store).

Sources: Law on Organisation of Local Government (kinds of body, art. 4-5; Law 72/2025/QH15:
two tiers from 1 July 2025), Decree 124/2020/ND-CP art. 7 and Law 42/2013/QH13 art. 7
(a petition goes to the competent body; received by its ancestor = vượt cấp), Resolution
190/2025/QH15 (the body taking over a reorganised one's tasks continues its files)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.act import Act
from domain.agency_kinds import AgencyKind
from domain.application import Accept, Classify, PersonalData, Petitions
from domain.case import Case, Petition
from domain.errors import ChronologyError, InvalidAgencyError, NotFoundError
from domain.kinds import Channel, Complexity, Kind, Status
from domain.succession import SuccessionClause, SuccessionPlan

FOUNDED = date(2025, 1, 2)
REFORM = date(2025, 7, 1)
LAW = "Law 72/2025/QH15"


@dataclass
class Province:
    province: UUID
    department: UUID
    district: UUID
    other_district: UUID
    commune: UUID
    other_commune: UUID
    new_commune: UUID


class TestAgenciesAndReform:
    @pytest.fixture
    def tree(self, app: Petitions) -> Province:
        def reg(
            name: str, level: str, parent: UUID | None, on: date = FOUNDED, **kw: AgencyKind
        ) -> UUID:
            return app.register_agency(
                name, name[:6], level, parent, self.act(UUID(int=0), on), **kw
            ).id

        province = reg("UBND tỉnh", "province", None)
        department = reg("Sở Tài nguyên", "province", province, kind=AgencyKind.DEPARTMENT)
        district = reg("UBND huyện A", "district", province)
        other_district = reg("UBND huyện B", "district", province)
        commune = reg("UBND xã A1", "commune", district)
        other_commune = reg("UBND xã B1", "commune", other_district)
        new_commune = reg("UBND xã mới", "commune", province, REFORM)
        return Province(
            province, department, district, other_district, commune, other_commune, new_commune
        )

    @staticmethod
    def act(agency: UUID, on: date, reason: str = "") -> Act:
        return Act("officer-1", agency, on, reason, LAW)

    def receive(self, app: Petitions, agency: UUID, on: date) -> UUID:
        petition = Petition("", Channel.POST, "land dispute")
        return app.record_petition(petition, self.act(agency, on), PersonalData("Nguyễn Văn A")).id

    def classified(
        self, app: Petitions, receiver: UUID, competent: UUID, on: date = date(2025, 5, 5)
    ) -> UUID:
        case_id = self.receive(app, receiver, on)
        command = Classify(Kind.REFLECTION, "land", competent)
        app.classify(case_id, command, self.act(receiver, on))
        return case_id

    def accepted(self, app: Petitions, agency: UUID, on: date = date(2025, 5, 5)) -> UUID:
        case_id = self.classified(app, agency, agency, on)
        app.accept(case_id, Accept(Complexity.ORDINARY), self.act(agency, on))
        return case_id

    @staticmethod
    def beyond(app: Petitions, case_id: UUID) -> bool:
        return app.get_case(case_id).received_beyond_level

    # ----- point 1: kinds -----------------------------------------------------------------

    def test_a_department_sits_under_the_provinces_peoples_committee(
        self, app: Petitions, tree: Province
    ) -> None:
        """Law on Organisation of Local Government art. 4-5: a Sở is a body of the UBND."""
        ref = app.agency_ref(tree.department)
        assert (ref.path, ref.level, ref.kind) == (
            [tree.province, tree.department],
            "province",
            "department",
        )

    def test_a_department_cannot_head_a_peoples_committee(
        self, app: Petitions, tree: Province
    ) -> None:
        with pytest.raises(InvalidAgencyError):
            app.register_agency(
                "UBND xã", "X", "commune", tree.department, self.act(UUID(int=0), FOUNDED)
            )

    # ----- point 2: vượt cấp from the tree --------------------------------------------------

    def test_a_province_receiving_a_communes_petition_is_beyond_the_level(
        self, app: Petitions, tree: Province
    ) -> None:
        """Decree 124/2020/ND-CP art. 7: received by an ancestor of the competent agency."""
        assert self.beyond(app, self.classified(app, tree.province, tree.commune))

    def test_a_district_receiving_another_districts_communes_petition_is_misdirected(
        self, app: Petitions, tree: Province
    ) -> None:
        assert not self.beyond(app, self.classified(app, tree.other_district, tree.commune))

    def test_the_escalation_survives_the_classification_by_the_receiver_of_the_referral(
        self, app: Petitions, tree: Province
    ) -> None:
        case_id = self.classified(app, tree.province, tree.commune)
        app.refer(case_id, tree.commune, self.act(tree.province, date(2025, 5, 6)))
        app.receive_referral(case_id, self.act(tree.commune, date(2025, 5, 7)))
        command = Classify(Kind.REFLECTION, "land", tree.commune)
        app.classify(case_id, command, self.act(tree.commune, date(2025, 5, 7)))
        classified = [e for e in app._events(case_id) if isinstance(e, Case.Classified)]
        assert [e.beyond_competence for e in classified] == [True, True]

    # ----- transfers ----------------------------------------------------------------------

    def test_an_accepted_case_is_transferred_to_another_competent_body(
        self, app: Petitions, tree: Province
    ) -> None:
        """Resolution 190/2025/QH15: the body taking over a reorganised body's work
        continues its files, with their history; the accepted case's limit runs on."""
        case_id = self.accepted(app, tree.commune)
        due = app.get_case(case_id).due_date
        app.transfer(case_id, tree.department, self.act(tree.commune, date(2025, 5, 9), "land use"))
        case = app.get_case(case_id)
        assert (case.handling_agency_id, case.status, case.due_date) == (
            tree.department,
            Status.IN_PROGRESS,
            due,
        )
        history = app.case_history(case_id)
        assert history[-1].event == "Transferred"
        assert history[-1].fields["grounds"] == "competence"

    def test_a_transfer_to_a_district_after_the_reform_is_refused(
        self, app: Petitions, tree: Province
    ) -> None:
        case_id = self.accepted(app, tree.commune)
        with pytest.raises(InvalidAgencyError, match="does not exist"):
            app.transfer(case_id, tree.district, self.act(tree.commune, REFORM, "why"))

    # ----- point 3: the reform ------------------------------------------------------------

    def dissolve(self, app: Petitions, tree: Province) -> None:
        act = self.act(UUID(int=0), REFORM, "districts abolished")
        app.merge_agency(tree.commune, tree.new_commune, act)
        plan = SuccessionPlan(
            "district-A/v1",
            tree.new_commune,
            (SuccessionClause(tree.department, fields=("environment",)),),
        )
        app.dissolve_agency(tree.district, plan, act)

    def test_a_dissolved_districts_open_cases_go_to_the_successors_its_rule_names(
        self, app: Petitions, tree: Province
    ) -> None:
        """Law 72/2025/QH15, Resolution 190/2025/QH15: the successors continue the files."""
        land = self.accepted(app, tree.district)
        environment = self.receive(app, tree.district, date(2025, 5, 5))
        command = Classify(Kind.RECOMMENDATION, "environment", tree.district)
        app.classify(environment, command, self.act(tree.district, date(2025, 5, 5)))
        suspended = self.accepted(app, tree.district)
        app.suspend(suspended, self.act(tree.district, date(2025, 5, 8), "awaiting court"))
        done = self.accepted(app, tree.district)
        app.conclude(done, "accepted", "QD-1", self.act(tree.district, date(2025, 5, 9)))
        self.dissolve(app, tree)

        act = self.act(UUID(int=0), REFORM, "transfer of files on the reform")
        moved = app.transfer_open_cases(tree.district, [land, environment, suspended, done], act)

        assert set(moved.case_ids) == {land, environment, suspended}
        holders = {c: app.get_case(c).handling_agency_id for c in (land, environment, suspended)}
        assert holders == {
            land: tree.new_commune,
            environment: tree.department,
            suspended: tree.new_commune,
        }
        assert app.get_case(suspended).status == Status.SUSPENDED
        assert app.get_case(done).handling_agency_id == tree.district
        last = app.case_history(land)[-1]
        assert (last.event, last.fields["succession_rule_version"], last.reason) == (
            "Transferred",
            "district-A/v1",
            "transfer of files on the reform",
        )

    def test_a_second_run_of_the_transfers_moves_nothing_twice(
        self, app: Petitions, tree: Province
    ) -> None:
        case_id = self.accepted(app, tree.district)
        self.dissolve(app, tree)
        act = self.act(UUID(int=0), REFORM, "transfer")
        assert app.transfer_open_cases(tree.district, [case_id], act).case_ids == (case_id,)
        again = app.transfer_open_cases(tree.district, [case_id], act)
        assert (again.case_ids, again.position) == ((), 0)

    def test_a_case_of_an_old_commune_follows_the_chain_to_an_acting_successor(
        self, app: Petitions, tree: Province
    ) -> None:
        case_id = self.accepted(app, tree.commune)
        self.dissolve(app, tree)
        act = self.act(UUID(int=0), REFORM, "transfer")
        app.transfer_to_successor(case_id, act)
        assert app.get_case(case_id).handling_agency_id == tree.new_commune

    def test_a_succession_transfer_dated_before_the_dissolution_is_refused(
        self, app: Petitions, tree: Province
    ) -> None:
        case_id = self.accepted(app, tree.district)
        self.dissolve(app, tree)
        with pytest.raises(ChronologyError):
            app.transfer_to_successor(case_id, self.act(UUID(int=0), date(2025, 6, 30), "early"))

    def test_the_transfers_of_an_agency_still_acting_are_refused(
        self, app: Petitions, tree: Province
    ) -> None:
        case_id = self.accepted(app, tree.commune)
        with pytest.raises(InvalidAgencyError):
            app.transfer_open_cases(tree.commune, [case_id], self.act(UUID(int=0), REFORM, "x"))

    def test_new_petitions_at_a_district_are_refused_from_1_july_2025(
        self, app: Petitions, tree: Province
    ) -> None:
        """Law 72/2025/QH15: the district level no longer exists on the act's date."""
        with pytest.raises(InvalidAgencyError, match="does not exist"):
            self.receive(app, tree.other_district, REFORM)
        with pytest.raises(InvalidAgencyError, match="does not exist"):
            self.classified(app, tree.province, tree.other_district, REFORM)

    def test_a_successor_registered_after_the_dissolution_is_refused(
        self, app: Petitions, tree: Province
    ) -> None:
        later = app.register_agency(
            "UBND xã sau", "XS", "commune", tree.province, self.act(UUID(int=0), date(2025, 8, 1))
        ).id
        plan = SuccessionPlan("v1", later)
        with pytest.raises(ChronologyError):
            app.dissolve_agency(tree.district, plan, self.act(UUID(int=0), REFORM, "reform"))

    def test_a_dissolution_of_an_unknown_successor_is_not_found(
        self, app: Petitions, tree: Province
    ) -> None:
        with pytest.raises(NotFoundError):
            app.dissolve_agency(
                tree.district, SuccessionPlan("v1", uuid4()), self.act(UUID(int=0), REFORM, "x")
            )
