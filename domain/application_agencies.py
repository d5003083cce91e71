"""Agencies: the registry and its changes, and the succession of closed agencies' cases.

Mixed into `Petitions`. Commands load the agency they change; reads go through a
bounded cache that forgets an agency as soon as the log records an event of it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.act import Act
from domain.agency import Agency
from domain.agency_kinds import DEFAULT_KIND, AgencyKind
from domain.case import AgencyRef, Case
from domain.errors import ChronologyError, InvalidAgencyError
from domain.read_cache import LogWatch, WatchedCache
from domain.succession import (
    TRANSFERABLE_STATUSES,
    SuccessionPlan,
    TransferGrounds,
    TransferredCases,
)
from domain.typed_store import TypedStore
from domain.views import Written

MAX_SUCCESSIONS = 20
AGENCY_CACHE = 5000
AGENCY_TOPICS = tuple(
    get_topic(cls)
    for cls in vars(Agency).values()
    if isinstance(cls, type) and issubclass(cls, Agency.Event)
)


class AgencyRegistry(TypedStore):
    """Agencies registered, renamed, moved, merged and dissolved; their cases passed on."""

    _agencies: WatchedCache[UUID, Agency]

    if TYPE_CHECKING:

        def get_case(self, case_id: UUID) -> Case: ...
        def _case(self, case_id: UUID, expected_version: int | None) -> Case: ...
        def _checked(self, act: Act) -> Act: ...

    def _agency_cache(self) -> WatchedCache[UUID, Agency]:
        """A bounded cache of agencies that forgets one as soon as the log records its event.

        Agencies change rarely and are read by nearly every command.
        """
        return WatchedCache(
            LogWatch(self.recorder, AGENCY_TOPICS), lambda key, _: {key}, AGENCY_CACHE
        )

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
