"""The 2025 reform as data: dissolution with several successors and a dated, versioned rule for
which successor takes which open case (Law 72/2025/QH15 on local government; Resolutions
190/2025/QH15 and 202/2025/QH15); transfers of open cases with their history."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.act import Act
from domain.agency import Agency
from domain.agency_kinds import AgencyKind
from domain.case import AgencyRef, Case
from domain.errors import InvalidAgencyError, InvalidTransitionError, RuleViolationError
from domain.kinds import Complexity, EffectOnContested, Kind, Status
from domain.succession import SuccessionClause, SuccessionPlan, SuccessionRule, TransferGrounds
from tests.domain.builders import (
    ACCEPTED_ON,
    CALENDAR,
    COMMUNE,
    PROVINCE,
    accepted_case,
    act,
    classified_case,
    received_case,
    replay,
)

BEFORE = date(2025, 6, 2)
REFORM = date(2025, 7, 1)


def reform_act(on: date = REFORM, reason: str = "Law 72/2025/QH15: districts abolished") -> Act:
    return Act("admin", UUID(int=0), on, reason, "Law 72/2025/QH15")


def agency(level: str, parent: Agency | None = None, on: date = BEFORE) -> Agency:
    return Agency.register(f"UBND {level}", level[:3].upper(), level, parent, reform_act(on))


@pytest.fixture
def tree() -> dict[str, Agency]:
    province = agency("province")
    district = agency("district", province)
    old_a, old_b = agency("commune", district), agency("commune", district)
    new_x = agency("commune", province, REFORM)
    new_y = agency("commune", province, REFORM)
    department = Agency.register(
        "Sở Tài chính", "STC", "province", province, reform_act(), AgencyKind.DEPARTMENT
    )
    return {
        "province": province,
        "district": district,
        "old_a": old_a,
        "old_b": old_b,
        "new_x": new_x,
        "new_y": new_y,
        "department": department,
    }


def rule(t: dict[str, Agency], on: date = REFORM) -> SuccessionRule:
    return SuccessionRule(
        "district-D/2025-07-01/v1",
        on,
        t["new_x"].id,
        (
            SuccessionClause(t["department"].id, fields=("tax",)),
            SuccessionClause(t["new_y"].id, areas=(t["old_b"].id,)),
        ),
    )


def plan(t: dict[str, Agency]) -> SuccessionPlan:
    r = rule(t)
    return SuccessionPlan(r.version, r.default_successor_id, r.clauses)


def successors(t: dict[str, Agency]) -> list[Agency]:
    return [t["new_x"], t["new_y"], t["department"]]


def test_a_district_is_dissolved_into_several_successors_on_1_july_2025(
    tree: dict[str, Agency],
) -> None:
    district = tree["district"]
    district.dissolve(successors(tree), plan(tree), reform_act())
    assert not district.is_active
    assert district.succession_rule == rule(tree)
    assert district.closed_on == REFORM


def test_the_rule_sends_a_case_of_an_old_communes_area_to_the_new_commune_formed_from_it(
    tree: dict[str, Agency],
) -> None:
    t = tree
    chosen = rule(t).successor_for("land", [[t["province"].id, t["district"].id, t["old_b"].id]])
    assert chosen == t["new_y"].id


def test_the_rule_sends_a_field_to_the_provincial_department(tree: dict[str, Agency]) -> None:
    t = tree
    chosen = rule(t).successor_for("tax", [[t["province"].id, t["district"].id]])
    assert chosen == t["department"].id


def test_a_case_no_clause_matches_goes_to_the_default_successor(tree: dict[str, Agency]) -> None:
    t = tree
    chosen = rule(t).successor_for("land", [[t["province"].id, t["district"].id]])
    assert chosen == t["new_x"].id


def test_a_dissolution_needs_a_reason(tree: dict[str, Agency]) -> None:
    with pytest.raises(RuleViolationError):
        tree["district"].dissolve(successors(tree), plan(tree), reform_act(reason=""))


def test_the_recorded_rule_takes_effect_on_the_dissolutions_legal_date(
    tree: dict[str, Agency],
) -> None:
    """Resolution 190/2025/QH15: the successor continues the files from the dissolution."""
    district = tree["district"]
    district.dissolve(successors(tree), plan(tree), reform_act(on=date(2025, 8, 1)))
    assert district.succession_rule == rule(tree, date(2025, 8, 1))


def test_the_successors_are_exactly_those_the_rule_names(tree: dict[str, Agency]) -> None:
    with pytest.raises(InvalidAgencyError, match="exactly"):
        tree["district"].dissolve([tree["new_x"]], plan(tree), reform_act())


def test_an_agency_cannot_succeed_itself(tree: dict[str, Agency]) -> None:
    district = tree["district"]
    own = SuccessionPlan("v1", district.id)
    with pytest.raises(InvalidAgencyError):
        district.dissolve([district], own, reform_act())


def test_a_district_cannot_succeed_after_districts_were_abolished(tree: dict[str, Agency]) -> None:
    other = agency("district", tree["province"])
    with pytest.raises(InvalidAgencyError, match="does not exist"):
        tree["district"].dissolve([other], SuccessionPlan("v1", other.id), reform_act())


def test_a_dissolved_agency_takes_no_new_work(tree: dict[str, Agency]) -> None:
    district = tree["district"]
    district.dissolve(successors(tree), plan(tree), reform_act())
    with pytest.raises(InvalidAgencyError):
        district.require_acting_on(REFORM)


def test_a_district_still_registered_takes_no_new_work_once_its_level_is_gone(
    tree: dict[str, Agency],
) -> None:
    """Law 72/2025/QH15: from 1 July 2025 the district level no longer exists."""
    tree["district"].require_acting_on(date(2025, 6, 30))
    with pytest.raises(InvalidAgencyError, match="does not exist"):
        tree["district"].require_acting_on(REFORM)


def test_a_merged_agency_has_a_one_successor_rule_dated_by_the_merger() -> None:
    first, second = agency("province"), agency("province")
    first.merge_into(second, reform_act())
    assert first.succession_rule == SuccessionRule("merger/2025-07-01", REFORM, second.id)


def test_a_dissolved_agency_replays_to_an_equal_agency(tree: dict[str, Agency]) -> None:
    district = tree["district"]
    district.dissolve(successors(tree), plan(tree), reform_act())
    assert replay(district.collect_events()) == district


# ----- transfers ---------------------------------------------------------------------------


def transferred(case: Case) -> list[Case.Transferred]:
    return [e for e in case.collect_events() if isinstance(e, Case.Transferred)]


def test_an_accepted_case_is_transferred_to_another_competent_body_with_its_history() -> None:
    """Resolution 190/2025/QH15: the body taking over continues the files; an accepted
    case moves, its due date and past events stay."""
    case = accepted_case(Kind.DENUNCIATION, agency=COMMUNE)
    due = case.due_date
    case.transfer(PROVINCE, act(date(2025, 6, 10), "competence of the province", COMMUNE))
    (event,) = transferred(case)
    assert (event.grounds, event.from_agency_id, event.to_agency_id) == (
        "competence",
        COMMUNE.id,
        PROVINCE.id,
    )
    assert (case.handling_agency_id, case.competent_agency_id) == (PROVINCE.id, PROVINCE.id)
    assert (case.status, case.due_date, case.accepted_on) == (
        Status.IN_PROGRESS,
        due,
        ACCEPTED_ON,
    )


@pytest.mark.parametrize(
    "status",
    [Status.RECEIVED, Status.CLASSIFIED, Status.REFERRED, Status.IN_PROGRESS, Status.SUSPENDED],
)
def test_every_open_case_can_be_transferred(status: Status) -> None:
    case = _case_in(status)
    case.transfer(OTHER, act(date(2025, 6, 20), "successor", case_agency(case)))
    assert (case.status, case.handling_agency_id) == (status, OTHER.id)


def test_a_concluded_case_cannot_be_transferred() -> None:
    case = accepted_case(Kind.COMPLAINT)
    case.conclude("wrong", "QD-1", act(date(2025, 6, 20)), EffectOnContested.UPHELD)
    with pytest.raises(InvalidTransitionError):
        case.transfer(COMMUNE, act(date(2025, 6, 21), "why"))


def test_a_transfer_needs_a_reason() -> None:
    with pytest.raises(RuleViolationError):
        accepted_case().transfer(COMMUNE, act(date(2025, 6, 10)))


def test_a_case_cannot_be_transferred_to_the_agency_holding_it() -> None:
    with pytest.raises(RuleViolationError):
        accepted_case().transfer(PROVINCE, act(date(2025, 6, 10), "why"))


def test_a_succession_transfer_records_the_rule_version_that_chose_the_successor() -> None:
    case = accepted_case()
    case.transfer(COMMUNE, act(REFORM, "reform"), TransferGrounds.SUCCESSION, "district-D/v1")
    (event,) = transferred(case)
    assert (event.grounds, event.succession_rule_version) == ("succession", "district-D/v1")


def test_a_succession_transfer_without_its_rule_version_is_refused() -> None:
    with pytest.raises(RuleViolationError):
        accepted_case().transfer(COMMUNE, act(REFORM, "reform"), TransferGrounds.SUCCESSION)


def test_a_transfer_hands_the_case_to_the_new_agencys_officers() -> None:
    case = accepted_case()
    case.assign("officer-9", act(date(2025, 6, 3)))
    case.transfer(COMMUNE, act(date(2025, 6, 4), "why"))
    assert case.officer_id == ""


def test_a_transferred_case_replays_to_an_equal_case() -> None:
    case = accepted_case(complexity=Complexity.ORDINARY)
    case.transfer(COMMUNE, act(date(2025, 6, 10), "competence"))
    assert replay(case.collect_events()) == case


OTHER = AgencyRef(UUID(int=77), [UUID(int=1), UUID(int=77)], "commune")


def case_agency(case: Case) -> AgencyRef:
    return PROVINCE if case.handling_agency_id == PROVINCE.id else COMMUNE


def _case_in(status: Status) -> Case:
    if status == Status.RECEIVED:
        return received_case()
    if status == Status.CLASSIFIED:
        return classified_case()
    if status == Status.REFERRED:
        case = classified_case(competent=COMMUNE)
        case.refer(COMMUNE, act(date(2025, 5, 29)))
        return case
    case = accepted_case()
    if status == Status.SUSPENDED:
        case.suspend(act(date(2025, 6, 10), "awaiting court"), CALENDAR)
    return case
