"""Who hears a second-instance complaint: the body the law names, as versioned data.

The second-instance body is not simply the parent in the agency tree. The Law on
Complaints names it by the kind of body that decided first (arts. 18-25): a
commune or district chairman's decision goes to the chairman of the People's
Committee above; a department director's or a provincial inspector's to the
chairman of the People's Committee the body belongs to; the head of a body under a
department's to the director (art. 20(2)); the head of a body under a ministry's to
the minister (arts. 22(2), 23(2)); a provincial chairman's decision to the minister
managing its field (art. 23(3)), who sits in no ancestry of the province. Complaints
about disciplinary decisions on officials follow chapter IV, with rules of their own.
Each rule names its source; a `CompetenceBook` is in force from a date, and the
second-instance case records the book's version with the rule's source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from domain.agency_kinds import AgencyKind
from domain.errors import RuleViolationError
from domain.fields import normalise_field
from domain.kinds import Procedure
from domain.ministries import MINISTRIES_2020, MINISTRIES_2025, MinistryMap

if TYPE_CHECKING:
    from domain.case import AgencyRef

COMPLAINTS = "Law on Complaints 02/2011/QH13"


class Body(StrEnum):
    """How a rule names the second-instance body, relative to the body that decided."""

    PEOPLES_COMMITTEE_ABOVE = "peoples_committee_above"  # nearest People's Committee above
    MINISTRY_OF_FIELD = "ministry_of_field"  # the ministry managing the case's field
    DIRECT_SUPERIOR = "direct_superior"  # the body directly above


@dataclass(frozen=True)
class SecondInstanceRule:
    """For a decider of `decider_kind` (at `decider_level`, under a `parent_kind`): the body.

    None matches any level or parent. `field` fixes the field whose ministry hears it
    (chapter IV: home affairs), instead of the case's.
    """

    decider_kind: AgencyKind
    decider_level: str | None
    body: Body
    source: str
    confirmed: bool = True
    parent_kind: AgencyKind | None = None
    field: str = ""

    def fits(self, decider: AgencyRef, parent: AgencyRef | None) -> bool:
        level_fits = self.decider_level in {None, decider.level}
        parent_fits = self.parent_kind is None or (
            parent is not None and parent.kind == self.parent_kind
        )
        return self.decider_kind == decider.kind and level_fits and parent_fits


@dataclass(frozen=True)
class Named:
    """The rule that named the second-instance body, and the book it comes from."""

    book_version: str
    rule: SecondInstanceRule

    @property
    def record(self) -> str:
        """What the received complaint stores: the book's version, then the rule's source."""
        return f"{self.book_version}: {self.rule.source}"


@dataclass(frozen=True)
class CompetenceBook:
    """The second-instance rules in force from a date, and which ministry manages a field."""

    version: str
    effective_from: date
    rules: tuple[SecondInstanceRule, ...]
    ministries: MinistryMap
    fallback: SecondInstanceRule
    disciplinary: tuple[SecondInstanceRule, ...] = ()

    def rule_for(
        self,
        decider: AgencyRef,
        parent: AgencyRef | None,
        procedure: Procedure = Procedure.ADMINISTRATIVE,
    ) -> SecondInstanceRule:
        rules = self.disciplinary if procedure.is_disciplinary else self.rules
        return next((r for r in rules if r.fits(decider, parent)), self.fallback)


PC = AgencyKind.PEOPLES_COMMITTEE
DEPT = AgencyKind.DEPARTMENT
ABOVE = Body.PEOPLES_COMMITTEE_ABOVE
SUPERIOR = Body.DIRECT_SUPERIOR


def _under_ministries() -> tuple[SecondInstanceRule, ...]:
    """Bodies under a department or a ministry: their superior hears the second complaint."""
    return (
        SecondInstanceRule(
            DEPT, "province", SUPERIOR, f"{COMPLAINTS} art. 20(2)", parent_kind=DEPT
        ),
        SecondInstanceRule(DEPT, "central", SUPERIOR, f"{COMPLAINTS} art. 22(2)", parent_kind=DEPT),
        SecondInstanceRule(
            DEPT, "central", SUPERIOR, f"{COMPLAINTS} art. 23(2)", parent_kind=AgencyKind.MINISTRY
        ),
        SecondInstanceRule(
            AgencyKind.INSPECTORATE,
            "central",
            SUPERIOR,
            f"{COMPLAINTS} art. 23(2)",
            parent_kind=AgencyKind.MINISTRY,
        ),
    )


def _local_rules(commune_source: str, commune_confirmed: bool) -> tuple[SecondInstanceRule, ...]:
    return (
        *_under_ministries(),
        SecondInstanceRule(PC, "commune", ABOVE, commune_source, commune_confirmed),
        SecondInstanceRule(PC, "district", ABOVE, f"{COMPLAINTS} art. 21(2)"),
        SecondInstanceRule(DEPT, "district", ABOVE, f"{COMPLAINTS} art. 18(2)"),
        SecondInstanceRule(DEPT, "province", ABOVE, f"{COMPLAINTS} art. 21(2)"),
        SecondInstanceRule(AgencyKind.INSPECTORATE, None, ABOVE, f"{COMPLAINTS} arts. 18, 21"),
        SecondInstanceRule(PC, "province", Body.MINISTRY_OF_FIELD, f"{COMPLAINTS} art. 23(3)"),
    )


def _two_tier_rules() -> tuple[SecondInstanceRule, ...]:
    """From 1 July 2025: no district; a commune's offices answer to the commune chairman."""
    source = f"{COMPLAINTS} art. 18(2) with Law 72/2025/QH15 (verify)"
    return (
        *_local_rules(source, commune_confirmed=False),
        SecondInstanceRule(DEPT, "commune", ABOVE, source, confirmed=False),
    )


def _disciplinary_rules() -> tuple[SecondInstanceRule, ...]:
    """Chapter IV: the head of the body directly above the one managing the official.

    A provincial chairman's (or a minister's) disciplinary decision goes to the Minister
    of Home Affairs (verify).
    """
    source = f"{COMPLAINTS} ch. IV art. 51 (verify)"
    return (
        SecondInstanceRule(
            PC, "province", Body.MINISTRY_OF_FIELD, source, confirmed=False, field="home_affairs"
        ),
        SecondInstanceRule(
            AgencyKind.MINISTRY,
            "central",
            Body.MINISTRY_OF_FIELD,
            source,
            confirmed=False,
            field="home_affairs",
        ),
        SecondInstanceRule(PC, None, ABOVE, source, confirmed=False),
        SecondInstanceRule(DEPT, None, SUPERIOR, source, confirmed=False, parent_kind=DEPT),
        SecondInstanceRule(DEPT, None, ABOVE, source, confirmed=False),
        SecondInstanceRule(AgencyKind.INSPECTORATE, None, ABOVE, source, confirmed=False),
    )


FALLBACK = SecondInstanceRule(
    AgencyKind.OTHER,
    None,
    SUPERIOR,
    f"{COMPLAINTS} arts. 18-25: the direct superior where no rule names the body (verify)",
    confirmed=False,
)

COMPETENCE_BOOKS: tuple[CompetenceBook, ...] = (
    CompetenceBook(
        "VN-2011.1",
        date(2012, 7, 1),
        _local_rules(f"{COMPLAINTS} art. 18(2)", commune_confirmed=True),
        MINISTRIES_2020,
        FALLBACK,
        _disciplinary_rules(),
    ),
    CompetenceBook(
        "VN-2025.1",
        date(2025, 3, 1),
        _local_rules(f"{COMPLAINTS} art. 18(2)", commune_confirmed=True),
        MINISTRIES_2025,
        FALLBACK,
        _disciplinary_rules(),
    ),
    CompetenceBook(
        "VN-2025.2",
        date(2025, 7, 1),
        # Districts abolished: a commune chairman's decision goes to the provincial one.
        _two_tier_rules(),
        MINISTRIES_2025,
        FALLBACK,
        _disciplinary_rules(),
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
    chain: Sequence[AgencyRef],
    body: AgencyRef,
    field: str,
    on: date,
    procedure: Procedure = Procedure.ADMINISTRATIVE,
) -> Named:
    """Refuse `body` unless the law in force on `on` names it for the decider.

    `chain` is the decider's ancestry with its kinds, root first, ending with the
    body that decided first; `procedure` is the first case's (chapter IV for a
    disciplinary decision). Answers the rule that named `body`, with its book.
    """
    if not chain:
        raise RuleViolationError("the first decision's agency is unknown")
    decider, above = chain[-1], list(chain[:-1])
    book = competence_in_force(on)
    rule = book.rule_for(decider, above[-1] if above else None, procedure)
    if rule.body == Body.MINISTRY_OF_FIELD:
        return Named(book.version, _ministry_rule(book.ministries, rule, decider, body, field))
    named = _peoples_committee_above(above) if rule.body == ABOVE else None
    if rule.body == SUPERIOR:
        named = above[-1] if above else None
    if named is None or body.id != named.id:
        raise RuleViolationError(
            f"a second-instance complaint against a {decider.level} {decider.kind}'s decision "
            f"goes to the {rule.body.value.replace('_', ' ')} ({rule.source})"
        )
    return Named(book.version, rule)


def _ministry_rule(
    ministries: MinistryMap,
    rule: SecondInstanceRule,
    decider: AgencyRef,
    body: AgencyRef,
    field: str,
) -> SecondInstanceRule:
    """The ministry managing the field; a field the map does not know: any ministry, unconfirmed."""
    code = normalise_field(rule.field or field)
    managing = ministries.managing(code)
    if body.kind != AgencyKind.MINISTRY:
        raise RuleViolationError(
            f"a second-instance complaint against a {decider.level} {decider.kind}'s decision "
            f"goes to the ministry managing its field ({rule.source})"
        )
    if managing is None:
        unknown = f"{rule.source}; the field {code!r} is not in {ministries.version} (verify)"
        return replace(rule, source=unknown, confirmed=False)
    if body.code not in managing:
        raise RuleViolationError(
            f"the field {code!r} is managed by {', '.join(sorted(managing))} under "
            f"{ministries.version}, not {body.code or 'this ministry'} ({rule.source})"
        )
    return rule


def _peoples_committee_above(above: list[AgencyRef]) -> AgencyRef | None:
    return next((a for a in reversed(above) if a.kind == AgencyKind.PEOPLES_COMMITTEE), None)
