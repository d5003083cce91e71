"""The hand-checked history of the forms' golden tests (tests/projections/test_forms.py).

Agencies: province P; districts A and B under it; commune A1 under A. The period is the
first quarter of statistical year 2025: 15 December 2024 to 14 March 2025.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.application import Classify, MeetingHeld, PersonalData
from domain.case import Petition
from domain.kinds import ArchiveGrounds, Channel, EffectOnContested, Kind, ReexaminationGrounds
from domain.reception import MeetingKind
from domain.reception_register import Matter, RefusalGrounds, Visit
from domain.remedies import Remedies
from projections.periods import Period
from tests.projections.story import Story

Q1 = Period.quarter_of(2025, 1)  # 2024-12-15 .. 2025-03-14


@dataclass
class Golden:
    """The cases of the history by name (C1..C12) and the last position written."""

    cases: dict[str, UUID]
    late_case: UUID  # C5, concluded later with an old legal date (see `conclude_late`)


def receive(
    story: Story, agency: UUID, on: date, channel: Channel = Channel.POST, **petition: object
) -> UUID:
    request = Petition("", channel, "a petition about land", None, **petition)  # type: ignore[arg-type]
    written = story.app.record_petition(request, story.act(agency, on), PersonalData("Ms B"))
    story.run(written)
    return written.id


def classify(
    story: Story,
    case: UUID,
    agency: UUID,
    on: date,
    kind: Kind,
    field: str = "land",
    competent: UUID | None = None,
) -> None:
    known = date(on.year, on.month, 1) if kind == Kind.COMPLAINT else None
    command = Classify(kind, field, competent or agency, known)
    story.run(story.app.classify(case, command, story.act(agency, on)))


def build(story: Story) -> Golden:
    """Every act of the history, in the order it is recorded."""
    app, tree = story.app, story.tree
    a, a1, b, p = tree.district_a, tree.commune_a1, tree.district_b, tree.province
    rec = Kind.RECOMMENDATION
    cases: dict[str, UUID] = {}
    # C1: accepted at A in June 2024 (due 1 July), concluded in the period: late.
    cases["C1"] = c1 = story.accepted(a, date(2024, 6, 1), rec)
    story.conclude(c1, a, date(2025, 1, 15), "accepted")
    # C2: a denunciation accepted at A on 12 Dec 2024, concluded on 20 Dec (on time),
    # re-examined by P.
    cases["C2"] = c2 = story.accepted(a, date(2024, 12, 12), Kind.DENUNCIATION)
    story.conclude(c2, a, date(2024, 12, 20), "false")
    reason = story.act(p, date(2025, 2, 15), "new evidence")
    story.run(app.reexamine(c2, ReexaminationGrounds.NEW_EVIDENCE, reason))
    # C3: received at A on 1 Dec 2024, handled in the period (accepted), still open.
    cases["C3"] = c3 = receive(story, a, date(2024, 12, 1))
    classify(story, c3, a, date(2025, 1, 10), rec)
    story.accept(c3, a, date(2025, 1, 10))
    # C3's reflection part is split off on 15 Jan and accepted on 16 Jan: a case, never a
    # letter (its receipt is C3's, 1 Dec 2024).
    split = app.split_off(c3, Kind.REFLECTION, "roads", story.act(a, date(2025, 1, 15), "mixed"))
    story.run(split)
    cases["C3p"] = part = split.id
    classify(story, part, a, date(2025, 1, 16), Kind.REFLECTION)
    story.accept(part, a, date(2025, 1, 16))
    # C4: a complaint, partly right, with remedies, on time.
    cases["C4"] = c4 = receive(story, a, date(2025, 1, 5))
    classify(story, c4, a, date(2025, 1, 5), Kind.COMPLAINT)
    story.accept(c4, a, date(2025, 1, 8))
    remedies = Remedies(money_returned_vnd=5_000_000, persons_restored=2)
    act = story.act(a, date(2025, 1, 20))
    story.run(
        app.conclude(c4, "partly_right", "QD-4", act, EffectOnContested.AMENDED, None, remedies)
    )
    # C5: a denunciation by three, online; accepted, open (see `conclude_late`).
    cases["C5"] = c5 = receive(story, a, date(2025, 1, 6), Channel.ONLINE, petitioner_count=3)
    classify(story, c5, a, date(2025, 1, 6), Kind.DENUNCIATION)
    story.accept(c5, a, date(2025, 1, 9))
    # C6: B is competent: referred there.
    cases["C6"] = c6 = receive(story, a, date(2025, 1, 7))
    classify(story, c6, a, date(2025, 1, 7), rec, competent=b)
    story.run(app.refer(c6, b, story.act(a, date(2025, 1, 9))))
    # A chases C6 up twice (documents of 1 Feb and 1 Mar); the province once (5 Mar).
    story.run(app.chase_up(c6, "5/CV", story.act(a, date(2025, 2, 1))))
    story.run(app.chase_up(c6, "9/CV", story.act(a, date(2025, 3, 1))))
    story.run(app.chase_up(c6, "2/CV-UBND", story.act(p, date(2025, 3, 5))))
    # C7: a duplicate of C4, archived unclassified.
    cases["C7"] = c7 = receive(story, a, date(2025, 1, 7))
    archived = app.archive(c7, ArchiveGrounds.DUPLICATE, story.act(a, date(2025, 1, 10)), c4)
    story.run(archived)
    # C8: a reflection on the environment, B competent: the citizen is guided there.
    cases["C8"] = c8 = receive(story, a, date(2025, 1, 8), Channel.PHONE_OR_EMAIL)
    classify(story, c8, a, date(2025, 1, 8), Kind.REFLECTION, "environment", competent=b)
    story.run(app.guide(c8, "District B", story.act(a, date(2025, 1, 12))))
    # C9: received after the period.
    cases["C9"] = receive(story, a, date(2025, 3, 20))
    # C10: at commune A1, accepted then withdrawn in full.
    cases["C10"] = c10 = story.accepted(a1, date(2025, 2, 3), rec)
    story.run(app.withdraw(c10, story.act(a1, date(2025, 2, 10))))
    cases["C12"] = reception(story)
    return Golden(cases, c5)


def reception(story: Story) -> UUID:
    """At A: a regular session (two visits, a refusal, petition C12), a dialogue, a later one."""
    app, a = story.app, story.tree.district_a
    # Reception at A: a regular session with two visits, a refusal and a petition (C12).
    regular = app.hold_meeting(
        MeetingHeld("chair-a", MeetingKind.REGULAR), story.act(a, date(2025, 1, 8))
    )
    story.run(regular)
    on = story.act(a, date(2025, 1, 8))
    story.run(app.record_visit(regular.id, Visit(1, field="land"), on))
    delegation = Visit(6, Matter.REPEATED, representatives=2, field="land")
    story.run(app.record_visit(regular.id, delegation, on))
    story.run(app.refuse_reception(regular.id, 2, RefusalGrounds.THREATENING_OR_DISORDERLY, on))
    c12 = receive(story, a, date(2025, 1, 8), Channel.RECEPTION, meeting_id=regular.id)
    # A dialogue with farmers (10 persons, 2 representatives), and a session after the period.
    talk = MeetingHeld("chair-a", MeetingKind.DIALOGUE, "farmers")
    dialogue = app.hold_meeting(talk, story.act(a, date(2025, 2, 12)))
    story.run(dialogue)
    visit = Visit(10, representatives=2)
    story.run(app.record_visit(dialogue.id, visit, story.act(a, date(2025, 2, 12))))
    later = app.hold_meeting(
        MeetingHeld("chair-a", MeetingKind.HEAD_PERIODIC), story.act(a, date(2025, 3, 20))
    )
    story.run(later)
    return c12


def conclude_late(story: Story, golden: Golden) -> None:
    """C5 concluded "true" with legal date 20 Feb 2025, recorded after the first cut-off."""
    story.conclude(golden.late_case, story.tree.district_a, date(2025, 2, 20), "true")
