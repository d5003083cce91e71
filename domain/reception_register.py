"""The reception register (sổ tiếp công dân) as data: kinds, matters, refusals, delegations.

What counts as a mass delegation (đoàn đông người) is a versioned rule.

Sources: Law on Citizen Reception 42/2013/QH13 (art. 9 refusals; art. 12-18 the heads'
periodic and ad-hoc reception; art. 30 several persons on one matter appoint
representatives: 5 to 10 persons one or two, more than 10 up to five), Decree
124/2020/ND-CP art. 7 (the same for complaints by several persons), Decree 64/2014/ND-CP
and Circular 04/2021/TT-TTCP (the register: each visit, its persons, whether the matter
is new or already received). The five-person threshold of a delegation comes from the
DOMAIN review and is flagged unconfirmed: it is data, not a constant. A delegation
without representatives is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.errors import RuleViolationError

MAX_PERSONS = 100_000


class MeetingKind(StrEnum):
    """The kind of reception a session is."""

    REGULAR = "regular"  # tiếp thường xuyên, at the reception office
    HEAD_PERIODIC = "head_periodic"  # tiếp định kỳ: the head's day (art. 12-18)
    AD_HOC = "ad_hoc"  # tiếp đột xuất
    DIALOGUE = "dialogue"  # đối thoại with a group (youth, farmers, veterans...)


class Matter(StrEnum):
    NEW = "new"  # vụ việc mới
    REPEATED = "repeated"  # vụ việc cũ: already received before


class RefusalGrounds(StrEnum):
    """Law on Citizen Reception art. 9: when reception may be refused, by written notice."""

    INCAPACITATED = "incapacitated"  # intoxicated, or unable to understand or control acts
    THREATENING_OR_DISORDERLY = "threatening_or_disorderly"  # threats, insults, breaking rules
    SETTLED_MATTER_PERSISTED = "settled_matter_persisted"  # settled lawfully, reviewed, explained
    OTHER_LEGAL_GROUND = "other_legal_ground"  # other cases the law provides


@dataclass(frozen=True)
class RepresentativeTier:
    """A delegation of up to `up_to_persons` (None: any more) chooses this many representatives."""

    up_to_persons: int | None
    min_representatives: int
    max_representatives: int


@dataclass(frozen=True)
class DelegationRule:
    """From how many persons a visit is a mass delegation, and how many may represent it.

    `tiers` (ordered by size) say how many representatives a delegation chooses; a rule
    without tiers only caps them at `max_representatives` (the first encoding).
    """

    version: str
    effective_from: date
    min_persons: int
    max_representatives: int
    source: str
    confirmed: bool
    tiers: tuple[RepresentativeTier, ...] = ()

    def is_delegation(self, persons: int) -> bool:
        return persons >= self.min_persons

    def representatives_for(self, persons: int) -> tuple[int, int]:
        """The fewest and most representatives a visit of `persons` may have."""
        if self.is_delegation(persons):
            for tier in self.tiers:
                if tier.up_to_persons is None or persons <= tier.up_to_persons:
                    return tier.min_representatives, min(persons, tier.max_representatives)
        return 0, min(persons, self.max_representatives)


DELEGATION_RULES: tuple[DelegationRule, ...] = (
    DelegationRule(
        "delegation/v1",
        date(2014, 7, 1),
        min_persons=5,
        max_representatives=5,
        source="Law 42/2013/QH13 art. 30; Decree 64/2014/ND-CP art. 6 (representatives ≤ 5); "
        "threshold of 5 persons per the DOMAIN review",
        confirmed=False,
    ),
    # The representatives as the law counts them; in force from the same date, it replaces
    # the first encoding for new visits (visits record the version they were counted under).
    DelegationRule(
        "delegation/v2",
        date(2014, 7, 1),
        min_persons=5,
        max_representatives=5,
        source="Law 42/2013/QH13 art. 30 (5-10 persons: 1-2 representatives; more: up to 5; "
        "verify); Decree 124/2020/ND-CP art. 7 for complaints; threshold of 5 persons per the "
        "DOMAIN review",
        confirmed=False,
        tiers=(RepresentativeTier(10, 1, 2), RepresentativeTier(None, 1, 5)),
    ),
)


def delegation_rules(min_persons: int | None = None) -> tuple[DelegationRule, ...]:
    """The rules, with the threshold configured where it differs (the version then says so)."""
    if min_persons is None or min_persons == DELEGATION_RULES[-1].min_persons:
        return DELEGATION_RULES
    last = DELEGATION_RULES[-1]
    configured = replace(last, version=f"{last.version}+min{min_persons}", min_persons=min_persons)
    return (*DELEGATION_RULES[:-1], configured)


def delegation_rule_in_force(
    on: date, rules: tuple[DelegationRule, ...] = DELEGATION_RULES
) -> DelegationRule:
    in_force = [(n, rule) for n, rule in enumerate(rules) if rule.effective_from <= on]
    if not in_force:
        raise RuleViolationError(f"no delegation rule was in force on {on}")
    return max(in_force, key=lambda nr: (nr[1].effective_from, nr[0]))[1]


@dataclass(frozen=True)
class Visit:
    """One visit (lượt tiếp): how many persons, on which matter, with whom representing them.

    `earlier_case_id` names the case a repeated matter was received as, where known.
    """

    persons: int = 1
    matter: Matter = Matter.NEW
    representatives: int = 0
    earlier_case_id: UUID | None = None
    field: str = ""

    def check(self, rule: DelegationRule) -> None:
        if not 1 <= self.persons <= MAX_PERSONS:
            raise RuleViolationError(f"a visit receives 1 to {MAX_PERSONS} persons")
        fewest, most = rule.representatives_for(self.persons)
        if not fewest <= self.representatives <= most:
            what = "a mass delegation" if rule.is_delegation(self.persons) else "a visit"
            raise RuleViolationError(
                f"{what} of {self.persons} has {fewest} to {most} representatives ({rule.source})"
            )
        if self.earlier_case_id is not None and self.matter != Matter.REPEATED:
            raise RuleViolationError("only a repeated matter names the earlier case")
