"""Every aggregate's history, re-applied from nothing, gives back an equal aggregate."""

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from domain.act import Act
from domain.agency import Agency
from domain.identity import Identity
from domain.kinds import (
    ArchiveGrounds,
    Complexity,
    EffectOnContested,
    Kind,
    ReexaminationGrounds,
    TerminationGrounds,
)
from domain.reception import MeetingKind, ReceptionMeeting
from domain.reception_register import Matter, RefusalGrounds, Visit
from domain.reference import ReferenceIndex
from tests.domain.builders import (
    CALENDAR,
    COMMUNE,
    PROVINCE,
    accepted_case,
    act,
    classified_case,
    concluded_complaint,
    filed_second_instance,
    replay,
)
from vault.crypto import new_key
from vault.store import MemoryKeyStore
from vault.vault import Vault


def test_a_case_with_a_full_history_replays_to_an_equal_case() -> None:
    case = accepted_case(Kind.DENUNCIATION, agency=COMMUNE)
    case.assign("officer-7", act(date(2025, 6, 3)))
    case.extend_deadline(Complexity.PARTICULARLY_COMPLEX, 30, act(date(2025, 6, 4), "x"), CALENDAR)
    case.suspend(act(date(2025, 6, 10), "awaiting police"), CALENDAR)
    case.resume(act(date(2025, 7, 1)), CALENDAR)
    case.record_verification("site visit", "confirmed", act(date(2025, 7, 2)))
    case.withdraw(act(date(2025, 7, 3)), partial=True, proceeds=True)
    case.conclude("partly_true", "KL-9", act(date(2025, 7, 10)))
    case.notify_citizen("post", act(date(2025, 7, 11)))
    case.publish_decision("portal", act(date(2025, 7, 12)))
    case.reexamine(
        PROVINCE, ReexaminationGrounds.NEW_EVIDENCE, act(date(2025, 8, 1), "new evidence"), CALENDAR
    )
    case.terminate(TerminationGrounds.OTHER_LEGAL_GROUND, act(date(2025, 8, 2), "ground"))
    assert replay(case.collect_events()) == case


def test_a_referred_and_archived_petition_replays_to_an_equal_case() -> None:
    case = classified_case(Kind.COMPLAINT, competent=COMMUNE)
    case.refer(COMMUNE, act(date(2025, 5, 29)))
    case.archive(ArchiveGrounds.DUPLICATE, act(date(2025, 5, 30), "sent twice"), uuid4())
    assert replay(case.collect_events()) == case


def test_a_guided_petition_replays_to_an_equal_case() -> None:
    case = classified_case(Kind.RECOMMENDATION)
    case.guide("Provincial Court", act(date(2025, 5, 29)))
    assert replay(case.collect_events()) == case


def test_linked_first_and_second_instance_cases_replay_to_equal_cases() -> None:
    first = concluded_complaint()
    second = filed_second_instance(first, date(2025, 7, 1))
    second.accept(PROVINCE, act(date(2025, 7, 1)), CALENDAR)
    assert replay(first.collect_events()) == first
    assert replay(second.collect_events()) == second


def test_an_agency_replays_to_an_equal_agency() -> None:
    day = date(2025, 6, 1)
    province = Agency.register("UBND tỉnh", "BK", "province", None, Act("a", UUID(int=1), day))
    other = Agency.register("UBND tỉnh 2", "TN", "province", None, Act("a", UUID(int=1), day))
    commune = Agency.register("UBND xã", "X1", "commune", province, Act("a", UUID(int=1), day))
    commune.rename("UBND xã Mới", Act("a", UUID(int=1), day))
    commune.reparent(other, [other.id], Act("a", UUID(int=1), day))
    commune.merge_into(other, Act("a", UUID(int=1), date(2025, 7, 1), "reform"))
    assert replay(commune.collect_events()) == commune


def test_a_reception_meeting_replays_to_an_equal_meeting() -> None:
    day = Act("secretary", UUID(int=1), date(2025, 6, 5), "written notice")
    meeting = ReceptionMeeting.hold(
        "chair-1", UUID(int=1), [UUID(int=1)], MeetingKind.DIALOGUE, day, "veterans"
    )
    visit = meeting.record_visit(Visit(12, Matter.REPEATED, 3), day)
    meeting.refuse(2, RefusalGrounds.INCAPACITATED, day)
    meeting.take_petition(uuid4(), UUID(int=1), date(2025, 6, 5), 40, representatives=5)
    meeting.take_petition(uuid4(), UUID(int=1), date(2025, 6, 5), 12, visit)
    assert replay(meeting.collect_events()) == meeting


def test_an_identity_replays_to_an_equal_identity() -> None:
    vault = Vault(MemoryKeyStore(), new_key())
    identity = Identity.record(vault, "Nguyễn Văn A", "Bắc Kạn", "0912", "001")
    identity.disclose("inspector-1", uuid4(), "verification", datetime(2025, 6, 5, tzinfo=UTC))
    identity.shred("admin-1", "retention ended", "basis", datetime(2025, 6, 6, tzinfo=UTC))
    assert replay(identity.collect_events()) == identity


def test_a_reference_index_replays_to_an_equal_index() -> None:
    index = ReferenceIndex("BK-2025-0000-0000-00", uuid4())
    assert replay(index.collect_events()) == index


def test_a_complaint_decision_replays_with_its_effect() -> None:
    case = accepted_case(Kind.COMPLAINT)
    case.conclude("right", "QD-1", act(date(2025, 6, 20)), EffectOnContested.ANNULLED)
    replayed = replay(case.collect_events())
    assert replayed == case
