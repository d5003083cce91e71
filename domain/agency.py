"""Agencies as data: a tree of units with levels, renamed, re-parented and merged over time."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.act import Act
from domain.agency_kinds import (
    DEFAULT_KIND,
    HEADS_OF_BODIES,
    HEADS_OF_LEVEL,
    SUB_BODY_KINDS,
    AgencyKind,
)
from domain.errors import ChronologyError, InvalidAgencyError, RuleViolationError
from domain.levels import is_above, rank, require_level_in_force
from domain.snapshots import SealedSnapshot
from domain.succession import SuccessionPlan, SuccessionRule, merger_rule
from domain.text import clean_label


class Agency(Aggregate):
    """An administrative unit (People's Committee, department, inspectorate...)."""

    # Version 2 added `kind`; a snapshot taken before it was a People's Committee.
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, object]) -> None:
        state["kind"] = DEFAULT_KIND.value
        state["succession"] = None
        state["closed_on"] = None

    class Snapshot(SealedSnapshot):
        """A sealed snapshot (stored as `domain.agency:Agency.Snapshot`; never rename it).

        Snapshots stored before carry the library's topic and no MAC: never trusted.
        """

    class Acted(Aggregate.Event):
        actor_id: str
        actor_agency_id: UUID
        legal_date: date
        reason: str
        legal_basis: str

    class Registered(Aggregate.Created, Acted):
        """Version 2 added `kind`; every agency registered before was a People's Committee."""

        class_version = 2

        name: str
        code: str
        level: str
        parent_id: UUID | None
        kind: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["kind"] = DEFAULT_KIND.value

    class Renamed(Acted):
        name: str

    class Reparented(Acted):
        parent_id: UUID | None

    class MergedInto(Acted):
        successor_id: UUID

    class Dissolved(Acted):
        """Closed with several successors and the rule for which takes which open case."""

        successor_ids: list[UUID]
        default_successor_id: UUID
        rule: dict[str, Any]

    @classmethod
    def register(
        cls,
        name: str,
        code: str,
        level: str,
        parent: Agency | None,
        act: Act,
        kind: AgencyKind = DEFAULT_KIND,
    ) -> Agency:
        """Register a unit, checking its level against the scheme in force and its parent."""
        require_level_in_force(level, act.legal_date)
        _require_name(name)
        if parent is not None:
            parent.require_can_parent(level, kind)
        return cls(
            name=name.strip(),
            code=clean_label(code, "code"),
            level=level,
            parent_id=parent.id if parent else None,
            kind=AgencyKind(kind).value,
            **act.fields(),
        )

    @event(Registered)
    def __init__(
        self,
        *,
        name: str,
        code: str,
        level: str,
        parent_id: UUID | None,
        kind: str,
        actor_id: str,
        actor_agency_id: UUID,
        legal_date: date,
        reason: str,
        legal_basis: str,
    ) -> None:
        self.name = name
        self.code = code
        self.level = level
        self.parent_id = parent_id
        self.kind = kind
        self.successor_id: UUID | None = None
        self.registered_on = legal_date
        self.succession: dict[str, Any] | None = None
        self.closed_on: date | None = None

    @property
    def is_active(self) -> bool:
        return self.successor_id is None

    def require_dated_after_registration(self, act: Act) -> Act:
        """Refuse a change dated before the agency existed."""
        if act.legal_date < self.registered_on:
            raise ChronologyError(
                f"legal date {act.legal_date} is before the agency was registered "
                f"({self.registered_on})"
            )
        return act

    def require_active(self) -> None:
        if not self.is_active:
            raise InvalidAgencyError(f"agency {self.name!r} was merged into another or dissolved")

    def is_closed_on(self, on: date) -> bool:
        """Closed (merged or dissolved) on `on`: judged on the act's date, not today's state."""
        if self.successor_id is None:
            return False
        return self.closed_on is None or on >= self.closed_on

    def require_acting_on(self, on: date) -> None:
        """Refuse new work for an agency closed, or whose level no longer exists, on `on`.

        Judged on the act's legal date: a letter postmarked at a district before it was
        dissolved, but entered later, is recorded at the district (and then transferred).
        """
        if self.is_closed_on(on):
            raise InvalidAgencyError(
                f"agency {self.name!r} was merged into another or dissolved on {self.closed_on}"
            )
        require_level_in_force(self.level, on)

    def require_acted_on(self, on: date) -> None:
        """Refuse a past act dated on or after the agency closed, or when its level was gone.

        A paper backlog records acts of agencies merged or dissolved since; they acted
        then. New work goes through `require_acting_on`.
        """
        if self.closed_on is not None and on >= self.closed_on:
            raise InvalidAgencyError(f"agency {self.name!r} was closed on {self.closed_on}")
        require_level_in_force(self.level, on)

    @property
    def succession_rule(self) -> SuccessionRule | None:
        """Who takes over this agency's open cases, once it is merged or dissolved."""
        if self.succession is not None:
            return SuccessionRule.from_data(self.succession)
        if self.successor_id is not None:
            return merger_rule(self.successor_id, self.closed_on or self.registered_on)
        return None

    def require_can_parent(self, child_level: str, child_kind: str = DEFAULT_KIND) -> None:
        """Refuse a child this agency cannot head.

        A body sits under a body of a higher level, or under the People's Committee
        (the Government at the centre) of its own level: a department or an
        inspectorate under its province's People's Committee. A department has its
        sub-departments and a ministry its general departments and inspectorate at its
        own level (Law on Complaints arts. 19-20, 22-23). A People's Committee answers
        only to the People's Committee (or the Government) above it.
        """
        self.require_active()
        child = AgencyKind(child_kind)
        same_level = self.level == child_level
        under_head = same_level and self.kind in HEADS_OF_LEVEL and child not in HEADS_OF_LEVEL
        under_body = same_level and self.kind in HEADS_OF_BODIES and child in SUB_BODY_KINDS
        if not (is_above(self.level, child_level) or under_head or under_body):
            raise InvalidAgencyError(
                f"a {self.level} {self.kind} cannot be the parent of a {child_level} {child}"
            )
        if child == AgencyKind.PEOPLES_COMMITTEE and self.kind not in HEADS_OF_LEVEL:
            raise InvalidAgencyError(
                f"a People's Committee answers to the one above it, not to a {self.kind}"
            )

    def rename(self, name: str, act: Act) -> None:
        self.require_active()
        _require_name(name)
        self.require_dated_after_registration(act)
        self._rename(name=name.strip(), **act.fields())

    @event(Renamed)
    def _rename(
        self,
        *,
        name: str,
        actor_id: str,
        actor_agency_id: UUID,
        legal_date: date,
        reason: str,
        legal_basis: str,
    ) -> None:
        self.name = name

    def reparent(self, parent: Agency | None, ancestors_of_parent: list[UUID], act: Act) -> None:
        """Move the unit under another parent; refuses cycles and level inversions."""
        self.require_active()
        self.require_dated_after_registration(act)
        if parent is not None:
            parent.require_can_parent(self.level, self.kind)
            if parent.id == self.id or self.id in ancestors_of_parent:
                raise InvalidAgencyError("an agency cannot be placed under itself")
        self._reparent(parent_id=parent.id if parent else None, **act.fields())

    @event(Reparented)
    def _reparent(
        self,
        *,
        parent_id: UUID | None,
        actor_id: str,
        actor_agency_id: UUID,
        legal_date: date,
        reason: str,
        legal_basis: str,
    ) -> None:
        self.parent_id = parent_id

    def merge_into(self, successor: Agency, act: Act) -> None:
        """Close this unit, its future work going to `successor`; past cases keep this unit."""
        self.require_active()
        successor.require_active()
        self.require_dated_after_registration(act.require_reason())
        if successor.id == self.id:
            raise InvalidAgencyError("an agency cannot be merged into itself")
        if rank(successor.level) > rank(self.level):
            raise InvalidAgencyError("an agency cannot be merged into a lower-level agency")
        successor.require_dated_after_registration(act)
        self._merge_into(successor_id=successor.id, **act.fields())

    def dissolve(self, successors: list[Agency], plan: SuccessionPlan, act: Act) -> None:
        """Close this unit; its open cases go to `successors` as `plan` says, from the act's date.

        A district abolished on 1 July 2025 passes its work to the communes formed
        from its territory and, for some fields, to provincial bodies. Past cases
        keep this unit; reports of each successor include its history. The recorded
        rule takes effect on the dissolution's legal date.
        """
        self.require_active()
        self.require_dated_after_registration(act.require_reason())
        rule = plan.rule(act.legal_date)
        rule.check(self.id)
        if sorted(a.id for a in successors) != sorted(rule.successor_ids):
            raise InvalidAgencyError("the successors are exactly the ones the rule names")
        for successor in successors:
            successor.require_acting_on(act.legal_date)
            successor.require_dated_after_registration(act)
        self._dissolve(
            successor_ids=list(rule.successor_ids),
            default_successor_id=rule.default_successor_id,
            rule=rule.to_data(),
            **act.fields(),
        )

    @event(Dissolved)
    def _dissolve(
        self,
        *,
        successor_ids: list[UUID],
        default_successor_id: UUID,
        rule: dict[str, Any],
        actor_id: str,
        actor_agency_id: UUID,
        legal_date: date,
        reason: str,
        legal_basis: str,
    ) -> None:
        self.successor_id = default_successor_id
        self.succession = rule
        self.closed_on = legal_date

    @event(MergedInto)
    def _merge_into(
        self,
        *,
        successor_id: UUID,
        actor_id: str,
        actor_agency_id: UUID,
        legal_date: date,
        reason: str,
        legal_basis: str,
    ) -> None:
        self.successor_id = successor_id
        self.closed_on = legal_date


def _require_name(name: str) -> None:
    try:
        clean_label(name, "name", required=True)
    except RuleViolationError as error:
        raise InvalidAgencyError(f"an agency's {error}") from None
