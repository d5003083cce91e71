"""The quality share of second-instance decisions that annul or amend the first decision.

The legal review quotes the "share of second-instance decisions that annul or amend the
first"; a decision recording its effect on the first (Concluded v6) is counted by it,
one stored before by its effect on the contested decision, as it always was.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.application import PersonalData, Petitions
from domain.case import Petition
from domain.kinds import Channel, EffectOnContested, EffectOnFirst, Kind
from ops.settings import Settings
from projections.periods import Period
from tests.projections.story import Story, project


def second_instance(story: Story, app: Petitions, outcome: str) -> UUID:
    """A commune's first decision (`outcome`), appealed to the district, which accepts it."""
    a1, a = story.tree.commune_a1, story.tree.district_a
    first = story.receive(a1, date(2025, 3, 3))
    story.classify(first, a1, date(2025, 3, 4), Kind.COMPLAINT)
    story.accept(first, a1, date(2025, 3, 5))
    story.conclude(first, a1, date(2025, 3, 20), outcome)
    petition = Petition("", Channel.POST, "appeal", None)
    act = story.act(a, date(2025, 4, 1))
    written = app.file_second_instance(first, petition, act, PersonalData("Appellant"))
    story.run(written)
    story.classify(written.id, a, date(2025, 4, 2), Kind.COMPLAINT)
    story.accept(written.id, a, date(2025, 4, 3))
    return written.id


def test_a_second_decision_recognising_the_first_is_not_counted(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    """The first found the complaint right and annulled the decision; the second agrees."""
    second = second_instance(story, app, "right")
    act = story.act(story.tree.district_a, date(2025, 4, 25))
    effect, first = EffectOnContested.ANNULLED, EffectOnFirst.UPHELD
    story.run(app.conclude(second, "right", "QD-2", act, effect, effect_on_first=first))
    quality = (
        project(store_settings)
        .statistics.report(Period.calendar_year(2025), story.tree.district_a)
        .quality
    )
    assert (quality.second_instance_decided, quality.annulled_or_amended) == (1, 0)


def test_a_second_decision_annulling_the_first_is_counted_whatever_the_contested_effect(
    store_settings: Settings, story: Story, app: Petitions
) -> None:
    """The first annulled the contested decision; the second restores it (complaint wrong,
    contested decision upheld), so it annuls the first."""
    second = second_instance(story, app, "right")
    act = story.act(story.tree.district_a, date(2025, 4, 25))
    effect, first = EffectOnContested.UPHELD, EffectOnFirst.ANNULLED
    story.run(app.conclude(second, "wrong", "QD-3", act, effect, effect_on_first=first))
    quality = (
        project(store_settings)
        .statistics.report(Period.calendar_year(2025), story.tree.district_a)
        .quality
    )
    assert (quality.second_instance_decided, quality.annulled_or_amended) == (1, 1)
