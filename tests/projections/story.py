"""Hand-written stories through the application: a small agency tree and helpers for acts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from domain.act import Act
from domain.application import Accept, Classify, PersonalData, Petitions
from domain.case import Petition
from domain.kinds import Channel, Complexity, EffectOnContested, Kind
from ops.rebuild import catch_up
from ops.settings import Settings
from ops.wiring import Views, open_views
from projections.catalogue import PROJECTIONS

REGISTERED = date(2021, 12, 1)
ADMIN = UUID(int=0)


@dataclass
class Tree:
    province: UUID
    district_a: UUID
    district_b: UUID
    commune_a1: UUID


class Story:
    """Commands on a Petitions app, with the acts of each agency's officer."""

    def __init__(self, app: Petitions) -> None:
        self.app = app
        self.position = 0
        self.tree = self._tree()

    def _tree(self) -> Tree:
        register = self.app.register_agency
        province = self._w(register("Province", "P", "province", None, self.act(ADMIN, REGISTERED)))
        a = self._w(register("District A", "A", "district", province, self.act(ADMIN, REGISTERED)))
        b = self._w(register("District B", "B", "district", province, self.act(ADMIN, REGISTERED)))
        a1 = self._w(register("Commune A1", "A1", "commune", a, self.act(ADMIN, REGISTERED)))
        return Tree(province, a, b, a1)

    def _w(self, written: object) -> UUID:
        self.position = max(self.position, written.position)  # type: ignore[attr-defined]
        return written.id  # type: ignore[attr-defined]

    def act(self, agency: UUID, on: date, reason: str = "") -> Act:
        return Act(f"officer-of-{agency.hex[:4]}", agency, on, reason or "because", "art. 1")

    def receive(
        self,
        agency: UUID,
        on: date,
        meeting_id: UUID | None = None,
        personal: PersonalData | None = None,
    ) -> UUID:
        channel = Channel.RECEPTION if meeting_id else Channel.POST
        petition = Petition("", channel, "a petition about land", None, 1, meeting_id)
        personal = personal or PersonalData("Petitioner")
        return self._w(self.app.record_petition(petition, self.act(agency, on), personal))

    def classify(
        self, case: UUID, agency: UUID, on: date, kind: Kind, competent: UUID | None = None
    ) -> None:
        known = on - timedelta(days=5) if kind == Kind.COMPLAINT else None
        command = Classify(kind, "land", competent or agency, known)
        self._w(self.app.classify(case, command, self.act(agency, on)))

    def accept(self, case: UUID, agency: UUID, on: date) -> None:
        self._w(self.app.accept(case, Accept(Complexity.ORDINARY), self.act(agency, on)))

    def accepted(self, agency: UUID, on: date, kind: Kind = Kind.RECOMMENDATION) -> UUID:
        case = self.receive(agency, on)
        self.classify(case, agency, on, kind)
        self.accept(case, agency, on)
        return case

    def conclude(self, case: UUID, agency: UUID, on: date, outcome: str = "accepted") -> None:
        kind = self.app.get_case(case).kind
        fitting = {"right": EffectOnContested.ANNULLED, "partly_right": EffectOnContested.AMENDED}
        effect = fitting.get(outcome, EffectOnContested.UPHELD) if kind == Kind.COMPLAINT else None
        self._w(self.app.conclude(case, outcome, "QD-1", self.act(agency, on), effect))

    def run(self, written: object) -> None:
        self._w(written)


def project(settings: Settings) -> Views:
    """Bring every view up to date with a batched catch-up, and open them."""
    views = open_views(settings)
    for view in views.all():
        catch_up(settings, PROJECTIONS[view.name], view)
    return views


@contextmanager
def opened(settings: Settings) -> Iterator[tuple[Petitions, Story]]:
    app = Petitions(settings.eventsourcing_env())
    try:
        yield app, Story(app)
    finally:
        app.close()
