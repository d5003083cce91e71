"""Vượt cấp from the tree, not the level rank (Law on Citizen Reception 42/2013/QH13 art. 7;
Decree 124/2020/ND-CP art. 7; DOMAIN review: received by an *ancestor* of the competent agency
or sent up past it; a sibling or another province is misdirected; fixed at receipt)."""

from __future__ import annotations

from uuid import UUID

from domain.case import AgencyRef, Case
from domain.kinds import Kind
from domain.routing import is_ancestor, received_beyond_level, referred_beyond_level
from tests.domain.builders import CALENDAR, CLASSIFIED_ON, RECEIVED_ON, act, petition


def ref(*ids: int, level: str) -> AgencyRef:
    path = [UUID(int=i) for i in ids]
    return AgencyRef(path[-1], path, level)


PROVINCE = ref(1, level="province")
DEPARTMENT = AgencyRef(UUID(int=9), [UUID(int=1), UUID(int=9)], "province", "department")
DISTRICT_A = ref(1, 10, level="district")
DISTRICT_B = ref(1, 11, level="district")
COMMUNE_A = ref(1, 10, 20, level="commune")
COMMUNE_B = ref(1, 11, 21, level="commune")
OTHER_PROVINCE = ref(5, level="province")
OTHER_DISTRICT = ref(5, 50, level="district")


def classified(receiver: AgencyRef, competent: AgencyRef) -> Case:
    case = Case.receive(petition(), receiver, act(RECEIVED_ON, agency=receiver), CALENDAR)
    case.classify(Kind.COMPLAINT, "land", competent, act(CLASSIFIED_ON, agency=receiver), CALENDAR)
    return case


def beyond(case: Case) -> list[bool]:
    return [
        e.beyond_competence
        for e in case.collect_events()
        if isinstance(e, Case.Classified | Case.Referred)
    ]


def test_an_ancestor_is_strictly_above_on_the_stored_path() -> None:
    assert is_ancestor(PROVINCE.id, COMMUNE_A.path)
    assert not is_ancestor(COMMUNE_A.id, COMMUNE_A.path)
    assert not is_ancestor(DISTRICT_B.id, COMMUNE_A.path)


def test_a_province_receiving_a_communes_petition_receives_it_beyond_the_level() -> None:
    """Art. 7 Decree 124/2020: the province is an ancestor of the competent commune."""
    assert beyond(classified(PROVINCE, COMMUNE_A)) == [True]


def test_a_district_receiving_a_petition_of_a_commune_of_another_district_is_misdirected() -> None:
    """A district is above every commune by rank, but not an ancestor of another district's."""
    assert beyond(classified(DISTRICT_B, COMMUNE_A)) == [False]


def test_an_agency_of_another_province_is_never_above_ours() -> None:
    assert not received_beyond_level(OTHER_PROVINCE.id, COMMUNE_A.path)
    assert beyond(classified(OTHER_DISTRICT, COMMUNE_A)) == [False]


def test_a_department_receiving_a_communes_petition_is_not_its_ancestor() -> None:
    """A Sở sits beside the district tree, under the province: not above the commune."""
    assert beyond(classified(DEPARTMENT, COMMUNE_A)) == [False]


def test_a_referral_up_to_an_ancestor_of_the_competent_agency_is_beyond_the_level() -> None:
    case = classified(COMMUNE_A, COMMUNE_A)
    case.refer(DISTRICT_A, act(CLASSIFIED_ON, agency=COMMUNE_A))
    assert beyond(case) == [False, True]


def test_a_referral_to_a_sibling_of_the_competent_agency_is_not_beyond_the_level() -> None:
    assert not referred_beyond_level(DISTRICT_B.id, COMMUNE_A.path)
    case = classified(COMMUNE_B, COMMUNE_A)
    case.refer(DISTRICT_B, act(CLASSIFIED_ON, agency=COMMUNE_B))
    assert beyond(case) == [False, False]


def test_a_reclassification_by_the_receiver_of_the_referral_keeps_the_escalation() -> None:
    """Received beyond the level by the province, referred down: the commune's own
    classification (itself competent) does not erase the fact fixed at receipt."""
    case = classified(PROVINCE, COMMUNE_A)
    case.refer(COMMUNE_A, act(CLASSIFIED_ON, agency=PROVINCE))
    case.receive_referral(act(CLASSIFIED_ON, agency=COMMUNE_A), CALENDAR)
    case.classify(Kind.COMPLAINT, "land", COMMUNE_A, act(CLASSIFIED_ON, agency=COMMUNE_A), CALENDAR)
    assert beyond(case) == [True, False, True]
    assert case.received_beyond_level


def test_a_self_reported_competence_is_corrected_by_the_competent_agencys_classification() -> None:
    """The district found itself competent and referred down; the commune, competent, is
    below the district: the petition was received beyond the level after all (Circular
    05/2021/TT-TTCP, verify). A later classification may set the fact, never clear it."""
    case = classified(DISTRICT_A, DISTRICT_A)
    case.refer(COMMUNE_A, act(CLASSIFIED_ON, agency=DISTRICT_A))
    case.receive_referral(act(CLASSIFIED_ON, agency=COMMUNE_A), CALENDAR)
    case.classify(Kind.COMPLAINT, "land", COMMUNE_A, act(CLASSIFIED_ON, agency=COMMUNE_A), CALENDAR)
    assert beyond(case) == [False, False, True]
    assert case.received_beyond_level


def test_a_later_classification_elsewhere_does_not_clear_the_fact() -> None:
    """Received beyond the level by the province: a later classification naming a body
    outside the province's tree leaves the fact as it was fixed."""
    case = classified(PROVINCE, COMMUNE_A)
    case.refer(COMMUNE_A, act(CLASSIFIED_ON, agency=PROVINCE))
    case.receive_referral(act(CLASSIFIED_ON, agency=COMMUNE_A), CALENDAR)
    case.classify(
        Kind.COMPLAINT, "land", OTHER_PROVINCE, act(CLASSIFIED_ON, agency=COMMUNE_A), CALENDAR
    )
    assert case.received_beyond_level


def test_the_receiver_may_correct_its_own_classification_before_letting_the_petition_go() -> None:
    case = classified(PROVINCE, COMMUNE_A)
    case.classify(Kind.COMPLAINT, "land", PROVINCE, act(CLASSIFIED_ON), CALENDAR)
    assert beyond(case) == [True, False]
