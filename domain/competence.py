"""Who hears a second-instance complaint: the body the law names, as versioned data.

The second-instance body is not simply the parent in the agency tree. The Law on
Complaints names it by the kind of body that decided first (arts. 18-25): a
commune or district chairman's decision goes to the chairman of the People's
Committee above; a department director's or a provincial inspector's to the
chairman of the People's Committee the body belongs to; a provincial chairman's
decision in a ministry's field to that minister, who sits in no ancestry of the
province. Each rule names its source; a `CompetenceBook` is in force from a date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from domain.agency_kinds import AgencyKind
from domain.errors import RuleViolationError

if TYPE_CHECKING:
    from domain.case import AgencyRef

COMPLAINTS = "Law on Complaints 02/2011/QH13"


class Body(StrEnum):
    """How a rule names the second-instance body, relative to the body that decided."""

    PEOPLES_COMMITTEE_ABOVE = "peoples_committee_above"  # nearest People's Committee above
    MINISTRY_OF_FIELD = "ministry_of_field"  # the ministry managing the case's field
    DIRECT_SUPERIOR = "direct_superior"  # the body directly above (no specific rule)


@dataclass(frozen=True)
class SecondInstanceRule:
    decider_kind: AgencyKind
    decider_level: str | None  # None: at any level
    body: Body
    source: str
    confirmed: bool = True


@dataclass(frozen=True)
class CompetenceBook:
    """The second-instance rules in force from a date, and which ministry manages a field.

    `ministries` maps a case's field to the agency codes of the ministries managing
    it, as the agency registry spells them.
    """

    version: str
    effective_from: date
    rules: tuple[SecondInstanceRule, ...]
    ministries: Mapping[str, frozenset[str]]
    fallback: SecondInstanceRule

    def rule_for(self, decider: AgencyRef) -> SecondInstanceRule:
        for rule in self.rules:
            level_fits = rule.decider_level in {None, decider.level}
            if rule.decider_kind == decider.kind and level_fits:
                return rule
        return self.fallback


PC = AgencyKind.PEOPLES_COMMITTEE


def _local_rules(commune_source: str, commune_confirmed: bool) -> tuple[SecondInstanceRule, ...]:
    above = Body.PEOPLES_COMMITTEE_ABOVE
    return (
        SecondInstanceRule(PC, "commune", above, commune_source, commune_confirmed),
        SecondInstanceRule(PC, "district", above, f"{COMPLAINTS} art. 21(2)"),
        SecondInstanceRule(AgencyKind.DEPARTMENT, "district", above, f"{COMPLAINTS} art. 18(2)"),
        SecondInstanceRule(AgencyKind.DEPARTMENT, "province", above, f"{COMPLAINTS} art. 21(2)"),
        SecondInstanceRule(AgencyKind.INSPECTORATE, None, above, f"{COMPLAINTS} arts. 18, 21"),
        SecondInstanceRule(PC, "province", Body.MINISTRY_OF_FIELD, f"{COMPLAINTS} art. 23(2)"),
    )


FALLBACK = SecondInstanceRule(
    AgencyKind.OTHER,
    None,
    Body.DIRECT_SUPERIOR,
    f"{COMPLAINTS} arts. 18-25: the direct superior where no rule names the body (verify)",
    confirmed=False,
)
MINISTRIES_2020: Mapping[str, frozenset[str]] = {
    "land": frozenset({"BTNMT"}),
    "environment": frozenset({"BTNMT"}),
    "construction": frozenset({"BXD"}),
    "education": frozenset({"BGDDT"}),
    "health": frozenset({"BYT"}),
}
# From 1 March 2025 the Ministry of Agriculture and Environment took over natural resources.
MINISTRIES_2025: Mapping[str, frozenset[str]] = {
    **MINISTRIES_2020,
    "land": frozenset({"BNNMT"}),
    "environment": frozenset({"BNNMT"}),
    "agriculture": frozenset({"BNNMT"}),
}

COMPETENCE_BOOKS: tuple[CompetenceBook, ...] = (
    CompetenceBook(
        "VN-2011.1",
        date(2012, 7, 1),
        _local_rules(f"{COMPLAINTS} art. 18(2)", commune_confirmed=True),
        MINISTRIES_2020,
        FALLBACK,
    ),
    CompetenceBook(
        "VN-2025.1",
        date(2025, 3, 1),
        _local_rules(f"{COMPLAINTS} art. 18(2)", commune_confirmed=True),
        MINISTRIES_2025,
        FALLBACK,
    ),
    CompetenceBook(
        "VN-2025.2",
        date(2025, 7, 1),
        # Districts abolished: a commune chairman's decision goes to the provincial one.
        _local_rules(
            f"{COMPLAINTS} art. 18(2) with Law 72/2025/QH15 (verify)", commune_confirmed=False
        ),
        MINISTRIES_2025,
        FALLBACK,
    ),
)


def competence_in_force(
    on: date, books: tuple[CompetenceBook, ...] = COMPETENCE_BOOKS
) -> CompetenceBook:
    in_force = [book for book in books if book.effective_from <= on]
    if not in_force:
        return min(books, key=lambda book: book.effective_from)
    return max(in_force, key=lambda book: book.effective_from)


def require_second_instance_body(
    chain: Sequence[AgencyRef], body: AgencyRef, field: str, on: date
) -> SecondInstanceRule:
    """Refuse `body` unless the law in force on `on` names it for the decider.

    `chain` is the decider's ancestry with its kinds, root first, ending with the
    body that decided first. Answers the rule that named `body`.
    """
    if not chain:
        raise RuleViolationError("the first decision's agency is unknown")
    decider, above = chain[-1], list(chain[:-1])
    book = competence_in_force(on)
    rule = book.rule_for(decider)
    if rule.body == Body.MINISTRY_OF_FIELD:
        ministries = book.ministries.get(field, frozenset())
        if body.kind == AgencyKind.MINISTRY and body.code in ministries:
            return rule
        raise RuleViolationError(
            f"a second-instance complaint against a {decider.level} {decider.kind}'s decision "
            f"in the field {field!r} goes to the ministry managing it ({rule.source})"
        )
    named = _peoples_committee_above(above) if rule.body == Body.PEOPLES_COMMITTEE_ABOVE else None
    if rule.body == Body.DIRECT_SUPERIOR:
        named = above[-1] if above else None
    if named is None or body.id != named.id:
        raise RuleViolationError(
            f"a second-instance complaint against a {decider.level} {decider.kind}'s decision "
            f"goes to the {rule.body.value.replace('_', ' ')} ({rule.source})"
        )
    return rule


def _peoples_committee_above(above: list[AgencyRef]) -> AgencyRef | None:
    return next((a for a in reversed(above) if a.kind == AgencyKind.PEOPLES_COMMITTEE), None)
