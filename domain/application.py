"""The service layer: one method per use case, each loading, commanding and saving once.

Every command returns `Written(id, version, position)`, where `position` is the
notification id of the last stored event, for read-your-writes waits on views.

`Petitions` records petitions here; its other use cases are mixed in from the
`domain.application_*` modules (agencies, intake, settlement, further steps,
reception, queries, identities, backlog, online requests, reports), and the commands'
dataclasses are importable from here as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.domain import (
    DomainEventProtocol,
    ImmutableAggregateProtocol,
    MutableAggregateProtocol,
    MutableOrImmutableAggregate,
)
from eventsourcing.persistence import JSONTranscoder, Recording

from domain.act import Act
from domain.agency import Agency
from domain.application_agencies import AgencyRegistry
from domain.application_backlog import BacklogImports
from domain.application_identity import PersonalData, PetitionerIdentities
from domain.application_intake import Accept, CaseIntakeCommands, Classify, Filing
from domain.application_online import OnlineRequests
from domain.application_queries import CaseQueries
from domain.application_reception import MeetingHeld, ReceptionMeetings
from domain.application_reports import IssuedReports
from domain.application_settlement import CaseSettlementCommands
from domain.application_steps import CaseStepCommands
from domain.calendar import WorkingCalendar
from domain.case import AgencyRef, Case, Petition
from domain.competence import require_second_instance_body
from domain.errors import (
    ChronologyError,
    ConcurrentChangeError,
    DuplicateError,
    RuleViolationError,
)
from domain.identity import Identity
from domain.kinds import Kind
from domain.reception import ReceptionMeeting
from domain.reception_register import DelegationRule, delegation_rules
from domain.reference import ReferenceIndex, new_reference_code
from domain.rule_config import LimitOverrides, configured_books
from domain.sealing import WITH_EVENTS
from domain.transcodings import DateAsISO
from domain.typed_store import TypedStore
from domain.views import Written

__all__ = ["VIETNAM", "Accept", "Classify", "Filing", "MeetingHeld", "PersonalData", "Petitions"]

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CODE_ATTEMPTS = 5


class Petitions(
    AgencyRegistry,
    CaseIntakeCommands,
    CaseSettlementCommands,
    CaseStepCommands,
    ReceptionMeetings,
    CaseQueries,
    BacklogImports,
    OnlineRequests,
    PetitionerIdentities,
    IssuedReports,
    TypedStore,
):
    """Petitions, cases, agencies and reception meetings of one administration."""

    name = "petitions"
    snapshotting_intervals: ClassVar[
        dict[type[MutableAggregateProtocol[Any] | ImmutableAggregateProtocol[Any]], int]
    ] = {Case: 50, Agency: 50}

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env)
        self.calendar = WorkingCalendar.with_declarations(
            _dates(self.env.get("EXTRA_DAYS_OFF", "")),
            _dates(self.env.get("EXTRA_WORKING_DAYS", "")),
        )
        self.code_prefix = self.env.get("REFERENCE_PREFIX", "PA") or "PA"
        # The unconfirmed limits as configured (LIMIT_*): the rule books the domain receives.
        self.rules = configured_books(LimitOverrides.from_env(self.env))
        threshold = self.env.get("DELEGATION_MIN_PERSONS", "")
        self.delegation_rules = delegation_rules(int(threshold) if threshold else None)
        self._agencies = self._agency_cache()

    def save(
        self,
        *objs: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None,
        **kwargs: Any,  # noqa: ANN401 (the library's signature)
    ) -> list[Recording[UUID]]:
        """Save, with the data keys the events were sealed under (docs/encryption.md).

        The keys are inserted in the transaction of the events (one commit for both)
        when the recorder can; else stored first, in a transaction of their own.
        """
        keys = self.keys_with_events(objs)
        if keys is None:
            self.store_sealed_keys()
            return super().save(*objs, **kwargs)
        recordings = super().save(*objs, **kwargs, **{WITH_EVENTS: (keys,)})
        keys.stored()
        return recordings

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def today(self) -> date:
        """The current date in Vietnam; acts may not be dated after it."""
        return datetime.now(VIETNAM).date()

    # ----- receipt and filing -------------------------------------------------------------

    def record_petition(
        self,
        petition: Petition,
        act: Act,
        personal_data: PersonalData | None = None,
    ) -> Written:
        """Record a received petition with a fresh reference code; returns the new case."""
        act = self._checked(act)
        agency = self._active_agency_ref(act.agency_id, act.legal_date)
        for _ in range(CODE_ATTEMPTS):
            # A failed save has consumed these aggregates' pending events: rebuild them.
            meeting = self._meeting_for(petition.meeting_id)
            identity = self.identities_for(personal_data)
            code = new_reference_code(self.code_prefix, act.legal_date.year)
            numbered = _with(petition, code, identity)
            seal = self.summary_seal(numbered.identity_id, identity)
            case = Case.receive(numbered, agency, act, self.calendar, rules=self.rules, seal=seal)
            extra = _linked(meeting, case.id, numbered, act, self.delegation_rules)
            try:
                return self._save(case, ReferenceIndex(code, case.id), *identity, *extra)
            except DuplicateError:
                continue
        raise DuplicateError("could not draw an unused reference code")

    def file_second_instance(
        self,
        first_case_id: UUID,
        petition: Petition,
        act: Act,
        personal_data: PersonalData | None = None,
    ) -> Written:
        """Record a second-instance complaint against a first-instance case."""
        act = self._checked(act)
        first = self.get_case(first_case_id)
        agency = self._active_agency_ref(act.agency_id, act.legal_date)
        identity = self.identities_for(personal_data)
        code = new_reference_code(self.code_prefix, act.legal_date.year)
        chain = self._decider_chain(first)
        numbered = _with(petition, code, identity)
        second = Case.file_second_instance(
            first,
            numbered,
            agency,
            act,
            self.calendar,
            chain,
            rules=self.rules,
            seal=self.summary_seal(numbered.identity_id, identity),
        )
        first.record_appeal(second.id, act)
        return self._save(second, first, ReferenceIndex(code, second.id), *identity)

    def is_second_instance_body(self, first_case_id: UUID, agency_id: UUID, on: date) -> bool:
        """Whether the law in force on `on` names `agency_id` to hear the case's decision.

        Law on Complaints arts. 18-25: the second-instance body is not always an ancestor.
        """
        first = self.get_case(first_case_id)
        if first.kind != Kind.COMPLAINT or first.instance != 1:
            return False
        try:
            require_second_instance_body(
                self._decider_chain(first),
                self.agency_ref(agency_id),
                first.field,
                on,
                first.procedure,
            )
        except RuleViolationError:
            return False
        return True

    def _decider_chain(self, first: Case) -> list[AgencyRef]:
        decider = self.agency_ref(first.handling_agency_id)
        return [*(self.agency_ref(a) for a in decider.path[:-1]), decider]

    def file_further_denunciation(
        self,
        first_case_id: UUID,
        petition: Petition,
        act: Act,
        personal_data: PersonalData | None = None,
    ) -> Written:
        """Record a denunciation taken further to the superior (Law on Denunciations art. 37)."""
        act = self._checked(act)
        first = self.get_case(first_case_id)
        superior = self._active_agency_ref(act.agency_id, act.legal_date)
        identity = self.identities_for(personal_data)
        code = new_reference_code(self.code_prefix, act.legal_date.year)
        numbered = _with(petition, code, identity)
        seal = self.summary_seal(numbered.identity_id, identity)
        further = Case.file_further_denunciation(
            first, numbered, superior, act, self.calendar, rules=self.rules, seal=seal
        )
        first.record_further_denunciation(further.id, act)
        return self._save(further, first, ReferenceIndex(code, further.id), *identity)

    # ----- plumbing -----------------------------------------------------------------------

    def _events(self, aggregate_id: UUID) -> Iterator[Any]:
        return iter(self.repository.event_store.get(aggregate_id))

    def _change(
        self, case_id: UUID, expected: int | None, act: Act, command: Callable[[Case, Act], None]
    ) -> Written:
        case = self._case(case_id, expected)
        command(case, self._checked(act))
        return self._save(case)

    def _case(self, case_id: UUID, expected_version: int | None) -> Case:
        case = self.get_case(case_id)
        if expected_version is not None and case.version != expected_version:
            raise ConcurrentChangeError(
                f"the case is at version {case.version}, not {expected_version}"
            )
        return case

    def _checked(self, act: Act) -> Act:
        if act.legal_date > self.today():
            raise ChronologyError(f"legal date {act.legal_date} is in the future")
        return act


def _with(petition: Petition, code: str, identity: tuple[Identity, ...]) -> Petition:
    identity_id = identity[0].id if identity else None
    return replace(petition, reference_code=code, identity_id=identity_id)


def _linked(
    meeting: ReceptionMeeting | None,
    case_id: UUID,
    petition: Petition,
    act: Act,
    rules: tuple[DelegationRule, ...],
) -> tuple[ReceptionMeeting, ...]:
    if meeting is None:
        return ()
    meeting.take_petition(
        case_id,
        act.agency_id,
        act.legal_date,
        petition.petitioner_count,
        petition.visit_id,
        act.actor_id,
        rules,
        petition.representatives,
    )
    return (meeting,)


def _dates(text: str) -> list[date]:
    return [date.fromisoformat(part.strip()) for part in text.split(",") if part.strip()]
