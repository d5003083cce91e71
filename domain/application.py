"""The service layer: one method per use case, each loading, commanding and saving once.

Every command returns `Written(id, version, position)`, where `position` is the
notification id of the last stored event, for read-your-writes waits on views.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
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
from eventsourcing.utils import get_topic

from domain.act import Act
from domain.agency import Agency
from domain.agency_kinds import DEFAULT_KIND, AgencyKind
from domain.application_backlog import BacklogImports
from domain.application_identity import PersonalData, PetitionerIdentities
from domain.application_online import OnlineRequests
from domain.application_reports import IssuedReports
from domain.application_steps import CaseStepCommands
from domain.calendar import WorkingCalendar
from domain.case import AgencyRef, Case, Petition
from domain.case_events import Acted
from domain.competence import require_second_instance_body
from domain.errors import (
    ChronologyError,
    ConcurrentChangeError,
    DuplicateError,
    InvalidAgencyError,
    NotFoundError,
    RuleViolationError,
)
from domain.identity import Identity
from domain.kinds import (
    ArchiveGrounds,
    Complexity,
    EffectOnContested,
    EffectOnFirst,
    Kind,
    Procedure,
    TerminationGrounds,
)
from domain.open311 import RequestToken
from domain.read_cache import LogWatch, WatchedCache
from domain.reception import MeetingKind, ReceptionMeeting
from domain.reception_register import DelegationRule, RefusalGrounds, Visit, delegation_rules
from domain.reference import ReferenceIndex, new_reference_code, normalise_code
from domain.remedies import Measures, Remedies
from domain.rule_config import LimitOverrides, configured_books
from domain.sealing import WITH_EVENTS
from domain.succession import (
    TRANSFERABLE_STATUSES,
    SuccessionPlan,
    TransferGrounds,
    TransferredCases,
)
from domain.transcodings import DateAsISO
from domain.typed_store import TypedStore
from domain.views import CaseDetails, DeadlineView, HistoryEntry, Written

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CODE_ATTEMPTS = 5
MAX_SUCCESSIONS = 20
AGENCY_CACHE = 5000
AGENCY_TOPICS = tuple(
    get_topic(cls)
    for cls in vars(Agency).values()
    if isinstance(cls, type) and issubclass(cls, Agency.Event)
)
ATTRIBUTION = {f.name for f in fields(Acted)} | {
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
}


class Petitions(
    CaseStepCommands,
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
        # Agencies change rarely and are read by nearly every command: a bounded cache
        # that forgets an agency as soon as the log records an event of it.
        self._agencies: WatchedCache[UUID, Agency] = WatchedCache(
            LogWatch(self.recorder, AGENCY_TOPICS), lambda key, _: {key}, AGENCY_CACHE
        )

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

    # ----- agencies -----------------------------------------------------------------------

    def register_agency(
        self,
        name: str,
        code: str,
        level: str,
        parent_id: UUID | None,
        act: Act,
        kind: AgencyKind = DEFAULT_KIND,
    ) -> Written:
        """Register an agency of `kind` under `parent_id` (None for a root)."""
        parent = self.get_agency(parent_id) if parent_id else None
        agency = Agency.register(name, code, level, parent, self._checked(act), kind)
        return self._save(agency)

    def rename_agency(self, agency_id: UUID, name: str, act: Act) -> Written:
        agency = self.get_agency(agency_id)
        agency.rename(name, self._checked(act))
        return self._save(agency)

    def reparent_agency(self, agency_id: UUID, parent_id: UUID | None, act: Act) -> Written:
        agency = self.get_agency(agency_id)
        parent = self.get_agency(parent_id) if parent_id else None
        ancestors = self.agency_ref(parent_id).path if parent_id else []
        agency.reparent(parent, ancestors, self._checked(act))
        return self._save(agency)

    def merge_agency(self, agency_id: UUID, successor_id: UUID, act: Act) -> Written:
        agency = self.get_agency(agency_id)
        agency.merge_into(self.get_agency(successor_id), self._checked(act))
        return self._save(agency)

    def get_agency(self, agency_id: UUID) -> Agency:
        """The agency loaded from the store, to command (see `_read_agency` for reads)."""
        return self._get(agency_id, Agency, "agency")

    def _read_agency(self, agency_id: UUID, *, refresh: bool = True) -> Agency:
        """The agency for reading only, from a cache that any agency event invalidates."""
        return self._agencies.get(agency_id, self.get_agency, refresh=refresh)

    def agency_ref(self, agency_id: UUID) -> AgencyRef:
        """The agency with its ancestry as it stands now (root first)."""
        agency = self._read_agency(agency_id)
        path = [agency.id]
        parent_id = agency.parent_id
        while parent_id is not None and parent_id not in path:
            path.insert(0, parent_id)
            parent_id = self._read_agency(parent_id, refresh=False).parent_id
        return AgencyRef(agency.id, path, agency.level, agency.kind, agency.code)

    def _active_agency_ref(self, agency_id: UUID, on: date) -> AgencyRef:
        """The agency, refused if it is closed or its level no longer exists on `on`.

        From 1 July 2025 no district takes a new petition, classification, referral,
        acceptance, transfer or meeting (Law 72/2025/QH15: two tiers of local government).
        """
        reference = self.agency_ref(agency_id)
        self._read_agency(agency_id, refresh=False).require_acting_on(on)
        return reference

    def dissolve_agency(self, agency_id: UUID, plan: SuccessionPlan, act: Act) -> Written:
        """Close an agency with several successors and the rule for which takes which case."""
        act = self._checked(act)
        agency = self.get_agency(agency_id)
        successors = [self.get_agency(a) for a in plan.rule(act.legal_date).successor_ids]
        agency.dissolve(successors, plan, act)
        return self._save(agency)

    def successor_for(self, case: Case, on: date) -> tuple[AgencyRef, str]:
        """The agency that takes `case` over from its closed holder, and the rule version(s).

        Follows the chain (a district merged in 2024 whose successor was dissolved in
        2025) until an agency that still acts on `on`.
        """
        agency = self.get_agency(case.handling_agency_id)
        if agency.closed_on is not None and on < agency.closed_on:
            raise ChronologyError(f"the agency holding the case was closed on {agency.closed_on}")
        versions: list[str] = []
        while (rule := agency.succession_rule) is not None:
            if len(versions) >= MAX_SUCCESSIONS:
                raise InvalidAgencyError("the succession chain does not end")
            versions.append(rule.version)
            agency = self.get_agency(rule.successor_for(case.field, case.agency_paths))
        if not versions:
            raise InvalidAgencyError("the agency holding the case is neither merged nor dissolved")
        return self._active_agency_ref(agency.id, on), " > ".join(versions)

    # ----- intake -------------------------------------------------------------------------

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

    def classify(self, case_id: UUID, command: Classify, act: Act) -> Written:
        """Classify a petition; a second instance keeps its first case's procedure.

        The receiving agency's kind is read for vượt cấp (a reception office receives
        for its People's Committee).
        """
        case = self._case(case_id, command.expected_version)
        competent = self._active_agency_ref(command.competent_agency_id, act.legal_date)
        first = case.first_instance_case_id
        case.classify(
            command.kind,
            command.field,
            competent,
            self._checked(act),
            self.calendar,
            command.decision_known_on,
            command.procedure,
            rules=self.rules,
            first_procedure=self.get_case(first).procedure if first else None,
            receiver=self.agency_ref(case.receiving_agency_id),
        )
        return self._save(case)

    def refer(
        self, case_id: UUID, to_agency_id: UUID, act: Act, expected: int | None = None
    ) -> Written:
        case = self._case(case_id, expected)
        case.refer(
            self._active_agency_ref(to_agency_id, act.legal_date),
            self._checked(act),
            self.calendar,
            rules=self.rules,
        )
        return self._save(case)

    def receive_referral(self, case_id: UUID, act: Act, expected: int | None = None) -> Written:
        """Record the day the agency a petition was referred to received it; its clock starts."""
        return self._change(
            case_id,
            expected,
            act,
            lambda c, a: c.receive_referral(a, self.calendar, rules=self.rules),
        )

    def chase_up(
        self, case_id: UUID, document_ref: str, act: Act, expected: int | None = None
    ) -> Written:
        """Record a document by the officer's agency urging the holder to settle the petition."""
        case = self._case(case_id, expected)
        act = self._checked(act)
        case.chase_up(self._active_agency_ref(act.agency_id, act.legal_date), document_ref, act)
        return self._save(case)

    def accept(self, case_id: UUID, command: Accept, act: Act) -> Written:
        case = self._case(case_id, command.expected_version)
        agency = self._active_agency_ref(act.agency_id, act.legal_date)
        case.accept(
            agency,
            self._checked(act),
            self.calendar,
            command.complexity,
            command.remote,
            command.filing_days_excluded,
            rules=self.rules,
        )
        return self._save(case)

    def archive(
        self,
        case_id: UUID,
        grounds: ArchiveGrounds,
        act: Act,
        duplicate_of: UUID | None = None,
        expected: int | None = None,
        filing: Filing | None = None,
    ) -> Written:
        """Archive with grounds; "limitation expired" is judged as acceptance would (`filing`).

        A duplicate names a petition the service holds, received before this one.
        """
        filing = filing or Filing()
        repeated_on = self._received_on(duplicate_of) if duplicate_of else None
        return self._change(
            case_id,
            expected,
            act,
            lambda c, a: c.archive(
                grounds,
                a,
                duplicate_of,
                self.calendar,
                remote=filing.remote,
                filing_days_excluded=filing.days_excluded,
                rules=self.rules,
                duplicate_received_on=repeated_on,
            ),
        )

    def _received_on(self, case_id: UUID) -> date:
        """The day the petition `case_id` was received; one the service lacks is refused."""
        try:
            return self.get_case(case_id).received_on
        except NotFoundError:
            raise RuleViolationError(f"duplicate_of names no petition ({case_id})") from None

    def guide(
        self, case_id: UUID, directed_to: str, act: Act, expected: int | None = None
    ) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.guide(directed_to, a))

    def assign(
        self, case_id: UUID, officer_id: str, act: Act, expected: int | None = None
    ) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.assign(officer_id, a))

    def extend_deadline(
        self,
        case_id: UUID,
        complexity: Complexity,
        days: int,
        act: Act,
        expected: int | None = None,
    ) -> Written:
        return self._change(
            case_id,
            expected,
            act,
            lambda c, a: c.extend_deadline(complexity, days, a, self.calendar, rules=self.rules),
        )

    def record_verification(
        self, case_id: UUID, step: str, findings: str, act: Act, expected: int | None = None
    ) -> Written:
        return self._change(
            case_id, expected, act, lambda c, a: c.record_verification(step, findings, a)
        )

    def conclude(
        self,
        case_id: UUID,
        outcome: str,
        decision_ref: str,
        act: Act,
        effect: EffectOnContested | None = None,
        expected: int | None = None,
        remedies: Remedies | None = None,
        measures: Measures | None = None,
        effect_on_first: EffectOnFirst | None = None,
    ) -> Written:
        """Settle the case; remedies, measures and effect on the first, where recorded."""
        return self._change(
            case_id,
            expected,
            act,
            lambda c, a: c.conclude(
                outcome,
                decision_ref,
                a,
                effect,
                self.calendar,
                rules=self.rules,
                remedies=remedies,
                measures=measures,
                effect_on_first=effect_on_first,
                first=self._first_instance(c) if effect_on_first else None,
            ),
        )

    def _first_instance(self, case: Case) -> Case | None:
        """The first-instance case whose decision (or silence) a second instance hears."""
        first_id = case.first_instance_case_id
        return self.get_case(first_id) if first_id is not None else None

    def notify_citizen(
        self, case_id: UUID, method: str, act: Act, expected: int | None = None
    ) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.notify_citizen(method, a))

    def publish_decision(
        self, case_id: UUID, method: str, act: Act, expected: int | None = None
    ) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.publish_decision(method, a))

    def withdraw(
        self,
        case_id: UUID,
        act: Act,
        partial: bool = False,
        proceeds: bool = False,
        expected: int | None = None,
    ) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.withdraw(a, partial, proceeds))

    def terminate(
        self, case_id: UUID, grounds: TerminationGrounds, act: Act, expected: int | None = None
    ) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.terminate(grounds, a))

    def suspend(self, case_id: UUID, act: Act, expected: int | None = None) -> Written:
        """Suspend settlement under the case's rule book (`domain.suspension`)."""
        return self._change(
            case_id, expected, act, lambda c, a: c.suspend(a, self.calendar, rules=self.rules)
        )

    def resume(self, case_id: UUID, act: Act, expected: int | None = None) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.resume(a, self.calendar))

    def transfer(
        self, case_id: UUID, to_agency_id: UUID, act: Act, expected: int | None = None
    ) -> Written:
        """Transfer an open case, accepted or not, to another competent agency."""
        case = self._case(case_id, expected)
        to = self._active_agency_ref(to_agency_id, act.legal_date)
        case.transfer(to, self._checked(act))
        return self._save(case)

    def transfer_to_successor(
        self, case_id: UUID, act: Act, expected: int | None = None
    ) -> Written:
        """Transfer an open case from its merged or dissolved holder to the successor."""
        case = self._case(case_id, expected)
        self._transfer_to_successor(case, self._checked(act))
        return self._save(case)

    def transfer_open_cases(
        self, agency_id: UUID, case_ids: list[UUID], act: Act
    ) -> TransferredCases:
        """Move every open case of a merged or dissolved agency to its successors, at once.

        `case_ids` are the candidates (the case index's open cases of the agency);
        those no longer open or no longer with it are left alone, so a repeated call
        moves nothing twice. One atomic save: all of them move, or none.
        """
        act = self._checked(act.require_reason())
        if self.get_agency(agency_id).succession_rule is None:
            raise InvalidAgencyError("the agency is neither merged nor dissolved")
        moved = []
        for case_id in dict.fromkeys(case_ids):
            case = self.get_case(case_id)
            if case.handling_agency_id != agency_id or case.status not in TRANSFERABLE_STATUSES:
                continue
            self._transfer_to_successor(case, act)
            moved.append(case)
        if not moved:
            return TransferredCases((), 0)
        written = self._save(*moved)
        return TransferredCases(tuple(c.id for c in moved), written.position)

    def _transfer_to_successor(self, case: Case, act: Act) -> None:
        successor, versions = self.successor_for(case, act.legal_date)
        case.transfer(successor, act, TransferGrounds.SUCCESSION, versions)

    # ----- reception ----------------------------------------------------------------------

    def hold_meeting(self, meeting: MeetingHeld, act: Act) -> Written:
        act = self._checked(act)
        agency = self._active_agency_ref(act.agency_id, act.legal_date)
        held = ReceptionMeeting.hold(
            meeting.host_id, agency.id, agency.path, meeting.kind, act, meeting.dialogue_group
        )
        return self._save(held)

    def record_visit(self, meeting_id: UUID, visit: Visit, act: Act) -> Written:
        """Enter a visit (lượt tiếp) in the register of a session of the officer's agency."""
        meeting = self._own_meeting(meeting_id, act)
        meeting.record_visit(visit, self._checked(act), self.delegation_rules)
        return self._save(meeting)

    def refuse_reception(
        self, meeting_id: UUID, persons: int, grounds: RefusalGrounds, act: Act
    ) -> Written:
        """Enter a refusal of reception, with its ground and written reason (art. 9)."""
        meeting = self._own_meeting(meeting_id, act)
        meeting.refuse(persons, grounds, self._checked(act))
        return self._save(meeting)

    def _own_meeting(self, meeting_id: UUID, act: Act) -> ReceptionMeeting:
        meeting = self.get_meeting(meeting_id)
        if meeting.agency_id != act.agency_id:
            raise NotFoundError(f"no reception meeting {meeting_id} at the officer's agency")
        return meeting

    def get_meeting(self, meeting_id: UUID) -> ReceptionMeeting:
        return self._get(meeting_id, ReceptionMeeting, "reception meeting")

    # ----- queries ------------------------------------------------------------------------

    def get_case(self, case_id: UUID) -> Case:
        return self._get(case_id, Case, "case")

    def case_details(
        self, case_id: UUID, on: date | None = None, version: int | None = None
    ) -> CaseDetails:
        """One case as of its event `version` (default: its last), judged on `on` (default: today).

        The overdue flags, its own and each dated duty's, are those of day `on`.
        """
        case = self._get(case_id, Case, "case", version)
        return _details(case, on or self.today(), self.summary_of(case))

    def case_history(self, case_id: UUID) -> list[HistoryEntry]:
        """Every event of the case in order: what, when (legal and recorded), who, why.

        Each due date says whether the limit behind it is confirmed law; events stored
        before they recorded it show what the case's rules made of it.
        """
        self.get_case(case_id)
        entries, case = [], None
        for event in self._events(case_id):
            case = event.mutate(case)
            entries.append(self._opened_entry(_history_entry(event, case)))
        return entries

    def _opened_entry(self, entry: HistoryEntry) -> HistoryEntry:
        """The entry with its sealed summary, if any, opened (None once shredded)."""
        if "summary_key_id" not in entry.fields:
            return entry
        key_id = entry.fields.pop("summary_key_id")  # a shredding's: which key, not shown
        if "summary" in entry.fields:
            entry.fields["summary"] = self.opened_summary(entry.fields["summary"], key_id)
        return entry

    def find_by_reference(self, code: str) -> UUID:
        index_id = ReferenceIndex.create_id(normalise_code(code))
        return self._get(index_id, ReferenceIndex, "reference code").case_id

    def find_by_token(self, token: str) -> str:
        """The reference code of the request an Open311 token was answered for."""
        index = self._get(RequestToken.create_id(token), RequestToken, "token")
        return self.get_case(index.case_id).reference_code

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

    def _meeting_for(self, meeting_id: UUID | None) -> ReceptionMeeting | None:
        return self.get_meeting(meeting_id) if meeting_id else None

    def _checked(self, act: Act) -> Act:
        if act.legal_date > self.today():
            raise ChronologyError(f"legal date {act.legal_date} is in the future")
        return act


@dataclass(frozen=True)
class Classify:
    kind: Kind
    field: str
    competent_agency_id: UUID
    decision_known_on: date | None = None
    expected_version: int | None = None
    procedure: Procedure | None = None  # None: a second instance's first case's, else ordinary


@dataclass(frozen=True)
class Filing:
    """How a complaint's filing limit is judged: a remote area's, days lost excluded."""

    remote: bool = False
    days_excluded: int = 0


@dataclass(frozen=True)
class Accept:
    complexity: Complexity
    remote: bool = False
    filing_days_excluded: int = 0
    expected_version: int | None = None


@dataclass(frozen=True)
class MeetingHeld:
    host_id: str
    kind: MeetingKind
    dialogue_group: str = ""


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


def _details(case: Case, on: date, summary: str | None) -> CaseDetails:
    return CaseDetails(
        id=case.id,
        version=case.version,
        reference_code=case.reference_code,
        received_by=case.received_by,
        status=str(case.status),
        kind=str(case.kind) if case.kind else None,
        channel=str(case.channel),
        instance=case.instance,
        summary=summary,
        identity_id=case.identity_id,
        anonymous=case.anonymous,
        receiving_agency_id=case.receiving_agency_id,
        handling_agency_id=case.handling_agency_id,
        competent_agency_id=case.competent_agency_id,
        received_on=case.received_on,
        handling_due_date=case.handling_due_date,
        accepted_on=case.accepted_on,
        due_date=case.due_date,
        overdue=case.overdue_on(on),
        officer_id=case.officer_id,
        outcome=case.outcome,
        concluded_on=case.concluded_on,
        first_instance_case_id=case.first_instance_case_id,
        second_instance_case_id=case.second_instance_case_id,
        handling_due_date_confirmed=case.handling_confirmed,
        due_date_confirmed=case.due_confirmed if case.due_date is not None else None,
        deadlines=[
            DeadlineView(d.name, d.due_date, d.confirmed, d.done_on, d.overdue(on))
            for d in case.deadline_items()
        ],
        origin=case.origin,
        location=case.location,
        media_url=case.media_url,
        service_code=case.service_code,
        created_at=case.created_on,
        modified_at=case.modified_on,
    )


def _history_entry(event: Acted, case: Case | None) -> HistoryEntry:
    data = {k: v for k, v in vars(event).items() if k not in ATTRIBUTION}
    if data.get("limit_confirmed", False) is None and data.get("due_date") and case:
        data["limit_confirmed"] = case.due_confirmed
    return HistoryEntry(
        version=event.originator_version,
        event=type(event).__name__,
        legal_date=event.legal_date,
        recorded_at=event.timestamp,
        actor_id=event.actor_id,
        actor_agency_id=event.actor_agency_id,
        reason=event.reason,
        legal_basis=event.legal_basis,
        fields=data,
    )


def _dates(text: str) -> list[date]:
    return [date.fromisoformat(part.strip()) for part in text.split(",") if part.strip()]
