"""Agencies as data: levels in force, the tree, renames, re-parenting and merges."""

from datetime import date
from uuid import UUID

import pytest

from domain.act import Act
from domain.agency import Agency
from domain.agency_kinds import AgencyKind
from domain.errors import InvalidAgencyError, RuleViolationError
from domain.levels import (
    LEVEL_SCHEMES,
    is_above,
    rank,
    require_level_in_force,
    scheme_in_force,
)

BEFORE_REFORM = date(2025, 6, 30)
AFTER_REFORM = date(2025, 7, 1)


def act(on: date = BEFORE_REFORM, reason: str = "") -> Act:
    return Act("admin", UUID(int=1), on, reason)


def register(
    level: str, parent: Agency | None = None, on: date = BEFORE_REFORM, name: str = "UBND"
) -> Agency:
    return Agency.register(name, level.upper()[:3], level, parent, act(on))


def test_a_district_can_be_created_before_1_july_2025() -> None:
    province = register("province")
    assert register("district", province).level == "district"


def test_a_district_cannot_be_created_after_1_july_2025() -> None:
    province = register("province")
    with pytest.raises(InvalidAgencyError):
        register("district", province, on=AFTER_REFORM)


def test_a_commune_can_be_created_after_1_july_2025() -> None:
    province = register("province")
    assert register("commune", province, on=AFTER_REFORM).parent_id == province.id


def test_an_unknown_level_is_refused() -> None:
    with pytest.raises(InvalidAgencyError):
        register("hamlet")


def test_an_agency_needs_a_name() -> None:
    with pytest.raises(InvalidAgencyError):
        register("province", name="  ")


def test_a_parent_must_be_above_its_child() -> None:
    commune = register("commune")
    with pytest.raises(InvalidAgencyError):
        register("province", commune)


def test_a_parent_cannot_be_at_the_same_level() -> None:
    province = register("province")
    with pytest.raises(InvalidAgencyError):
        register("province", province)


def test_a_district_agency_created_before_the_reform_keeps_its_level() -> None:
    province = register("province")
    district = register("district", province)
    district.rename("UBND huyện Bạch Thông", act(AFTER_REFORM))
    assert district.level == "district"


def test_an_agency_is_renamed() -> None:
    agency = register("province")
    agency.rename("  UBND tỉnh Thái Nguyên ", act(AFTER_REFORM))
    assert agency.name == "UBND tỉnh Thái Nguyên"


def test_a_rename_to_a_blank_name_is_refused() -> None:
    with pytest.raises(InvalidAgencyError):
        register("province").rename(" ", act())


def test_an_agency_is_moved_under_another_parent() -> None:
    old, new = register("province"), register("province")
    commune = register("commune", old)
    commune.reparent(new, [new.id], act())
    assert commune.parent_id == new.id


def test_an_agency_can_become_a_root() -> None:
    commune = register("commune", register("province"))
    commune.reparent(None, [], act())
    assert commune.parent_id is None


def test_an_agency_cannot_be_moved_under_a_lower_level() -> None:
    province = register("province")
    commune = register("commune", province)
    with pytest.raises(InvalidAgencyError):
        province.reparent(commune, [province.id, commune.id], act())


def test_an_agency_cannot_be_placed_under_itself() -> None:
    province = register("province")
    with pytest.raises(InvalidAgencyError):
        province.reparent(province, [province.id], act())


def test_an_agency_listed_among_its_new_parents_ancestors_is_refused() -> None:
    district = register("district", register("province"))
    central = register("central")
    with pytest.raises(InvalidAgencyError, match="under itself"):
        district.reparent(central, [district.id, central.id], act())


def test_merged_agencies_send_future_work_to_the_successor() -> None:
    bac_kan, thai_nguyen = register("province"), register("province")
    bac_kan.merge_into(thai_nguyen, act(AFTER_REFORM, "Resolution 202/2025/QH15"))
    assert (bac_kan.successor_id, bac_kan.is_active) == (thai_nguyen.id, False)


def test_a_merge_needs_a_reason() -> None:
    with pytest.raises(RuleViolationError):
        register("province").merge_into(register("province"), act(AFTER_REFORM))


def test_an_agency_cannot_be_merged_into_itself() -> None:
    agency = register("province")
    with pytest.raises(InvalidAgencyError):
        agency.merge_into(agency, act(AFTER_REFORM, "why"))


def test_an_agency_cannot_be_merged_into_a_lower_level() -> None:
    province = register("province")
    with pytest.raises(InvalidAgencyError):
        province.merge_into(register("commune", province), act(AFTER_REFORM, "why"))


def test_a_commune_may_be_merged_into_a_province() -> None:
    province = register("province")
    commune = register("commune", province)
    commune.merge_into(province, act(AFTER_REFORM, "reform"))
    assert not commune.is_active


def test_an_agency_cannot_be_merged_into_a_merged_agency() -> None:
    first, second, third = register("province"), register("province"), register("province")
    second.merge_into(third, act(AFTER_REFORM, "reform"))
    with pytest.raises(InvalidAgencyError):
        first.merge_into(second, act(AFTER_REFORM, "reform"))


def test_a_merged_agency_cannot_be_merged_again() -> None:
    first, second, third = register("province"), register("province"), register("province")
    first.merge_into(second, act(AFTER_REFORM, "reform"))
    with pytest.raises(InvalidAgencyError):
        first.merge_into(third, act(AFTER_REFORM, "reform"))


def test_a_merged_agency_cannot_be_renamed() -> None:
    first, second = register("province"), register("province")
    first.merge_into(second, act(AFTER_REFORM, "reform"))
    with pytest.raises(InvalidAgencyError):
        first.rename("new name", act(AFTER_REFORM))


def test_a_merged_agency_cannot_be_moved() -> None:
    first, second = register("commune"), register("province")
    first.merge_into(second, act(AFTER_REFORM, "reform"))
    with pytest.raises(InvalidAgencyError):
        first.reparent(second, [second.id], act(AFTER_REFORM))


def test_a_merged_agency_cannot_take_new_children() -> None:
    first, second = register("province"), register("province")
    first.merge_into(second, act(AFTER_REFORM, "reform"))
    with pytest.raises(InvalidAgencyError):
        register("commune", first, on=AFTER_REFORM)


# ----- levels ------------------------------------------------------------------------------


def test_levels_rank_from_the_top_down() -> None:
    assert [rank(level) for level in ("central", "province", "district", "commune")] == [0, 1, 2, 3]


def test_an_unknown_level_has_no_rank() -> None:
    with pytest.raises(InvalidAgencyError):
        rank("hamlet")


def test_a_province_is_above_a_commune() -> None:
    assert is_above("province", "commune")
    assert not is_above("commune", "province")


def test_the_three_tier_scheme_is_in_force_until_30_june_2025() -> None:
    assert scheme_in_force(BEFORE_REFORM).levels == ("central", "province", "district", "commune")


def test_the_two_tier_scheme_is_in_force_from_1_july_2025() -> None:
    assert scheme_in_force(AFTER_REFORM).levels == ("central", "province", "commune")


def test_the_level_schemes_are_data() -> None:
    assert [scheme.name for scheme in LEVEL_SCHEMES] == ["three-tier", "two-tier"]


def test_a_level_not_in_force_is_refused() -> None:
    with pytest.raises(InvalidAgencyError):
        require_level_in_force("district", date(2026, 1, 1))


# ----- kinds of body (Law on Organisation of Local Government 2025, art. 4-5) ---------------


def test_a_department_is_registered_under_its_provinces_peoples_committee() -> None:
    """A Sở is a specialised body of the provincial People's Committee, at province level."""
    province = register("province")
    department = Agency.register(
        "Sở Tài nguyên", "STN", "province", province, act(), AgencyKind.DEPARTMENT
    )
    assert (department.parent_id, department.level, department.kind) == (
        province.id,
        "province",
        "department",
    )


def test_an_inspectorate_is_registered_under_its_peoples_committee_at_the_same_level() -> None:
    province = register("province")
    inspectorate = Agency.register(
        "Thanh tra tỉnh", "TTT", "province", province, act(), AgencyKind.INSPECTORATE
    )
    assert inspectorate.parent_id == province.id


def test_a_peoples_committee_is_not_the_parent_of_another_at_its_level() -> None:
    province = register("province")
    with pytest.raises(InvalidAgencyError):
        register("province", province)


def test_a_department_heads_its_sub_departments_at_its_level() -> None:
    """Law on Complaints arts. 19-20: bodies under a department (chi cục) answer to it."""
    province = register("province")
    department = Agency.register("Sở", "S", "province", province, act(), AgencyKind.DEPARTMENT)
    sub = Agency.register("Chi cục", "CC", "province", department, act(), AgencyKind.DEPARTMENT)
    assert (sub.parent_id, sub.level) == (department.id, "province")


def test_a_ministry_heads_its_general_departments_at_the_central_level() -> None:
    """Law on Complaints arts. 22-23: a general department (tổng cục) is under its ministry."""
    ministry = Agency.register("Bộ Tài chính", "BTC", "central", None, act(), AgencyKind.MINISTRY)
    general = Agency.register("Tổng cục", "TC", "central", ministry, act(), AgencyKind.DEPARTMENT)
    assert general.parent_id == ministry.id


def test_a_department_cannot_head_a_ministry_or_a_reception_office() -> None:
    province = register("province")
    department = Agency.register("Sở", "S", "province", province, act(), AgencyKind.DEPARTMENT)
    for kind in (AgencyKind.MINISTRY, AgencyKind.RECEPTION_OFFICE, AgencyKind.GOVERNMENT_BODY):
        with pytest.raises(InvalidAgencyError):
            Agency.register("X", "X", "province", department, act(), kind)


def test_a_peoples_committee_answers_to_a_peoples_committee_not_a_department() -> None:
    province = register("province")
    department = Agency.register("Sở", "S", "province", province, act(), AgencyKind.DEPARTMENT)
    with pytest.raises(InvalidAgencyError, match="answers to"):
        register("commune", department)


def test_a_ministry_sits_under_the_government_at_the_central_level() -> None:
    government = Agency.register(
        "Chính phủ", "CP", "central", None, act(), AgencyKind.GOVERNMENT_BODY
    )
    ministry = Agency.register(
        "Bộ TN&MT", "TNMT", "central", government, act(), AgencyKind.MINISTRY
    )
    assert ministry.parent_id == government.id


def test_an_agency_registered_without_a_kind_is_a_peoples_committee() -> None:
    assert register("province").kind == AgencyKind.PEOPLES_COMMITTEE


def test_a_department_moved_under_another_peoples_committee_keeps_the_kind_rule() -> None:
    first, second = register("province"), register("province")
    department = Agency.register("Sở", "S", "province", first, act(), AgencyKind.DEPARTMENT)
    department.reparent(second, [second.id], act())
    assert department.parent_id == second.id
    commune = register("commune", second)
    with pytest.raises(InvalidAgencyError):
        department.reparent(commune, [second.id, commune.id], act())
