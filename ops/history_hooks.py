"""The generator's hooks and its plain record of a petition.

The defaults make the history the tests know (`ops.history`); the demo province
(`ops.demo`) overrides them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from domain.act import Act
from domain.case import AgencyRef, Case, Petition
from domain.kinds import Channel, Kind
from domain.sealing import SummarySeal
from ops.history_tree import REFORM_BASIS


@dataclass
class Record:
    """What the generator did to one petition, in plain values."""

    case_id: UUID
    received_on: date
    receiving: AgencyRef
    field: str = "land"
    kind: str | None = None
    instance: int = 1
    competent: AgencyRef | None = None
    escalated_via: str = ""
    escalated_at: AgencyRef | None = None
    handling: AgencyRef | None = None
    left_receiver: bool = False
    transfers: int = 0
    status: str = "received"
    accepted_on: date | None = None
    jurisdiction: AgencyRef | None = None
    due_date: date | None = None
    officer: str = ""
    suspended: bool = False
    closed_on: date | None = None
    concluded_on: date | None = None
    on_time: bool | None = None
    outcome: str = ""
    effect: str | None = None
    withdrawn_on: date | None = None
    terminated_on: date | None = None
    intake_due: date | None = None
    meeting_id: UUID | None = None
    extended: bool = False

    @property
    def holder(self) -> AgencyRef:
        return self.handling or self.receiving


class HistoryHooks:
    """Where a generated history can be given names, people and further steps."""

    rng: random.Random

    def _chance(self, what: str) -> bool:
        raise NotImplementedError

    def _summary_seal(self, identity_id: UUID | None) -> SummarySeal | None:
        """How a generated petition's summary is sealed: not at all (it names no one)."""
        del identity_id
        return None

    def _actor(self, agency_id: UUID, on: date) -> str:
        """Who acts for `agency_id` on `on`."""
        del agency_id, on
        return "generator"

    def _reform_act(self, closed: date, holder: AgencyRef) -> Act:
        """The act moving an open case out of `holder`, closed on `closed`."""
        return Act("generator", holder.id, closed, "the agency was closed", REFORM_BASIS)

    def _reason(self, text: str) -> str:
        """The reason written on an act (the generator's words, in English)."""
        return text

    def _guided_to(self) -> str:
        return "the district court"

    def _field(self) -> str:
        return "environment" if self._chance("environment") else "land"

    def _petition(
        self,
        field: str,
        channel: Channel,
        signers: int,
        meeting_id: UUID | None,
        on: date,
        *,
        second_instance: bool = False,
    ) -> Petition:
        """The petition received on `on` (a second-instance complaint when so marked)."""
        del field, on
        summary = "second" if second_instance else "generated petition"
        return Petition(f"G-{uuid4().hex[:12]}", channel, summary, uuid4(), signers, meeting_id)

    def _received(self, case: Case, petition: Petition) -> None:
        """After a petition (or a second-instance complaint) was received as `case`."""

    def _officer(self, agency: AgencyRef, on: date) -> str:
        del agency, on
        return f"officer-{self.rng.randrange(12)}"

    def _host(self, agency: AgencyRef, on: date) -> str:
        del on
        return f"leader-{agency.id.hex[:4]}-{self.rng.randrange(2)}"

    def _dialogue_group(self) -> str:
        return "farmers"

    def _decision_ref(self, r: Record) -> str:
        del r
        return "QD-1"

    def _archived(self, case: Case, r: Record, day: date) -> None:
        """After `case` was archived on `day`."""

    def _classified(self, case: Case, r: Record, kind: Kind, day: date) -> bool:
        """After `case` was classified on `day`; True when that ended its intake."""
        del case, r, kind, day
        return False

    def _accepted(self, case: Case, r: Record, kind: Kind, day: date) -> None:
        """After `case` was accepted (and perhaps assigned) on `day`; acts dated `day`."""

    def _before_closing(self, case: Case, r: Record, kind: Kind, day: date, end: date) -> None:
        """Before `case`, last acted on `day`, is withdrawn, terminated or concluded on `end`."""

    def _concluded(self, case: Case, r: Record, kind: Kind, end: date) -> None:
        """Right after `case` was concluded on `end`; acts dated `end`."""

    def _settled(self, case: Case, r: Record, kind: Kind, end: date) -> None:
        """After a conclusion on `end` that no second instance contests (yet)."""
