"""Taking in a paper backlog: cases built from historical records, saved many at a time.

Mixed into `Petitions`. Records become cases through the case's own commands
(`HistoricalPetition.build`); a batch of them is written by one `save()` of the
library, each case with its reference index, its import index and the petitioner's
identity, so a batch is stored whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from domain.agency import Agency
from domain.backlog import HistoricalPetition, ImportedRow
from domain.case import AgencyRef
from domain.errors import ChronologyError, DuplicateError
from domain.reference import ReferenceIndex, new_reference_code

if TYPE_CHECKING:
    from eventsourcing.application import Application

    from domain.application_identity import PersonalData
    from domain.calendar import WorkingCalendar
    from domain.identity import Identity
    from domain.sealing import SummarySeal

    Base = Application[UUID]
else:
    Base = object

PAGE = 1000


class AgencyLookup:
    """Agencies as they acted on past dates, each loaded once for a whole import."""

    def __init__(self, app: BacklogImports) -> None:
        self.app = app
        self.agencies: dict[UUID, Agency] = {}
        self.refs: dict[UUID, AgencyRef] = {}

    def __call__(self, agency_id: UUID, on: date) -> AgencyRef:
        agency = self.agencies.get(agency_id)
        if agency is None:
            agency = self.agencies[agency_id] = self.app.get_agency(agency_id)
        agency.require_acted_on(on)
        ref = self.refs.get(agency_id)
        if ref is None:
            ref = self.refs[agency_id] = self.app.agency_ref(agency_id)
        return ref


class BacklogImports(Base):
    """Historical petitions built by the case's rules and saved in batches."""

    if TYPE_CHECKING:
        calendar: WorkingCalendar
        code_prefix: str

        def get_agency(self, agency_id: UUID) -> Agency: ...
        def agency_ref(self, agency_id: UUID) -> AgencyRef: ...
        def today(self) -> date: ...
        def identities_for(self, personal: PersonalData | None) -> tuple[Identity, ...]: ...
        def summary_seal(
            self, identity_id: UUID | None, recorded: tuple[Identity, ...] = ()
        ) -> SummarySeal: ...

    def agency_codes(self) -> dict[str, list[UUID]]:
        """Every agency's registry code, read from the log of registrations (a few hundred)."""
        topic = get_topic(Agency.Registered)
        codes: dict[str, list[UUID]] = {}
        start = 1
        while batch := self.recorder.select_notifications(start, PAGE, topics=[topic]):
            for notification in batch:
                registered: Any = self.mapper.to_domain_event(notification)
                codes.setdefault(registered.code, []).append(registered.originator_id)
            start = batch[-1].id + 1
        return codes

    def agency_lookup(self) -> AgencyLookup:
        return AgencyLookup(self)

    def build_historical(
        self,
        record: HistoricalPetition,
        personal: PersonalData | None,
        agencies: AgencyLookup,
    ) -> tuple[Aggregate, ...]:
        """The aggregates one record becomes: case, reference and import indexes, identity."""
        latest = max(_dates(record))
        if latest > self.today():
            raise ChronologyError(f"legal date {latest} is in the future")
        identity = self.identities_for(personal)
        code = new_reference_code(self.code_prefix, record.received.on.year)
        petition = replace(
            record.petition,
            reference_code=code,
            identity_id=identity[0].id if identity else None,
        )
        seal = self.summary_seal(petition.identity_id, identity)
        case = replace(record, petition=petition).build(agencies, self.calendar, seal)
        index = ImportedRow(record.import_id, case.id, record.source)
        return (case, ReferenceIndex(code, case.id), index, *identity)

    def save_historical(self, built: Sequence[Sequence[Aggregate]]) -> int:
        """Save a batch of built records in one `save()`; answers the last position.

        Raises `DuplicateError` when any of them was imported before (or drew a taken
        reference code): nothing of the batch is then stored.
        """
        aggregates = [a for group in built for a in group]
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise DuplicateError("a row of this batch was stored before") from None
        return max((r.notification.id for r in recordings), default=0)

    def imported_ids(self, import_ids: Iterable[str]) -> set[str]:
        """Which of these import ids were imported before."""
        found = set()
        for import_id in import_ids:
            try:
                self.repository.get(ImportedRow.create_id(import_id))
            except AggregateNotFoundError:
                continue
            found.add(import_id)
        return found


def _dates(record: HistoricalPetition) -> list[date]:
    steps = [
        record.classification,
        record.referral,
        record.archival,
        record.guidance,
        record.acceptance,
        record.conclusion,
    ]
    dates = [record.received.on, *(s.step.on for s in steps if s is not None)]
    if record.withdrawal is not None:
        dates.append(record.withdrawal.on)
    return dates
