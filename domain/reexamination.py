"""Who may re-examine a settled case on legal grounds: a competence book, as versioned data.

A complaint decision in force, or a denunciation settled, is never re-opened at will by
the agency that settled it. A competent higher authority re-examines it when the
settlement shows signs of violating the law or new evidence appears: for a complaint,
the Government Inspectorate (or the Prime Minister), the minister managing the field, or
the provincial chairman above the settling body; for a denunciation, a People's
Committee above the settling body or the Government Inspectorate. The articles are to be
verified (Law on Complaints arts. 21, 23, 24, 26; Decree 124/2020/ND-CP on decisions in
force showing signs of violation; Law on Denunciations 25/2018/QH14 art. 37), so every
rule is flagged unconfirmed; the re-examined case records the book's version and rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from domain.agency_kinds import AgencyKind
from domain.errors import RuleViolationError
from domain.fields import normalise_field
from domain.kinds import Kind
from domain.ministries import MinistryMap, ministries_in_force

if TYPE_CHECKING:
    from domain.case import AgencyRef


class Authority(StrEnum):
    """How a rule names the authorities that may re-examine, relative to the settling body."""

    PROVINCIAL_CHAIRMAN = "provincial_chairman"  # a provincial People's Committee above it
    MINISTRY_OF_FIELD = "ministry_of_field"  # the ministry managing the case's field
    GOVERNMENT_INSPECTORATE = "government_inspectorate"  # a central inspectorate or the Government
    PEOPLES_COMMITTEE_ABOVE = "peoples_committee_above"  # any People's Committee above it


@dataclass(frozen=True)
class ReexaminationRule:
    kinds: frozenset[Kind]
    authority: Authority
    source: str
    confirmed: bool = False

    def allows(
        self, authority: AgencyRef, settler_path: Sequence[UUID], ministries: frozenset[str] | None
    ) -> bool:
        above = authority.id in settler_path[:-1]
        pc = authority.kind == AgencyKind.PEOPLES_COMMITTEE
        match self.authority:
            case Authority.PROVINCIAL_CHAIRMAN:
                return pc and authority.level == "province" and above
            case Authority.PEOPLES_COMMITTEE_ABOVE:
                return pc and above
            case Authority.MINISTRY_OF_FIELD:
                in_field = ministries is None or authority.code in ministries
                return authority.kind == AgencyKind.MINISTRY and in_field
            case Authority.GOVERNMENT_INSPECTORATE:
                central = {AgencyKind.INSPECTORATE, AgencyKind.GOVERNMENT_BODY}
                return authority.kind in central and authority.level == "central"


@dataclass(frozen=True)
class ReexaminationBook:
    version: str
    effective_from: date
    rules: tuple[ReexaminationRule, ...]


COMPLAINT = frozenset({Kind.COMPLAINT})
DENUNCIATION = frozenset({Kind.DENUNCIATION})
BOTH = COMPLAINT | DENUNCIATION
COMPLAINTS = "Law on Complaints 02/2011/QH13"
DECREE = "Decree 124/2020/ND-CP (decisions in force showing signs of violation)"

REEXAMINATION_BOOKS: tuple[ReexaminationBook, ...] = (
    ReexaminationBook(
        "reexamination/VN-2020.1",
        date(2020, 12, 10),
        (
            ReexaminationRule(
                COMPLAINT, Authority.PROVINCIAL_CHAIRMAN, f"{COMPLAINTS} art. 21; {DECREE} (verify)"
            ),
            ReexaminationRule(
                COMPLAINT, Authority.MINISTRY_OF_FIELD, f"{COMPLAINTS} art. 23; {DECREE} (verify)"
            ),
            ReexaminationRule(
                BOTH,
                Authority.GOVERNMENT_INSPECTORATE,
                f"{COMPLAINTS} arts. 24, 26; Law on Denunciations 25/2018/QH14 (verify)",
            ),
            ReexaminationRule(
                DENUNCIATION,
                Authority.PEOPLES_COMMITTEE_ABOVE,
                "Law on Denunciations 25/2018/QH14 art. 37 (verify)",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class Reexaminer:
    """The rule that lets an authority re-examine, with the books it comes from."""

    book_version: str
    rule: ReexaminationRule
    ministries: MinistryMap

    @property
    def record(self) -> str:
        return f"{self.book_version}: {self.rule.source}"


def reexamination_book_in_force(
    on: date, books: tuple[ReexaminationBook, ...] = REEXAMINATION_BOOKS
) -> ReexaminationBook:
    in_force = [book for book in books if book.effective_from <= on]
    if not in_force:
        return min(books, key=lambda book: book.effective_from)
    return max(in_force, key=lambda book: book.effective_from)


def require_reexamination_authority(
    authority: AgencyRef, settler_path: Sequence[UUID], kind: Kind, field: str, on: date
) -> Reexaminer:
    """Refuse `authority` unless a rule in force on `on` lets it re-examine the settled case.

    `settler_path` is the settling agency's path, root first; the settling agency itself
    is never its own re-examiner.
    """
    book = reexamination_book_in_force(on)
    ministries = ministries_in_force(on)
    managing = ministries.managing(normalise_field(field))
    for rule in book.rules:
        if kind in rule.kinds and rule.allows(authority, settler_path, managing):
            return Reexaminer(book.version, rule, ministries)
    names = ", ".join(r.authority.value.replace("_", " ") for r in book.rules if kind in r.kinds)
    raise RuleViolationError(
        f"a settled {kind} is re-examined by a competent higher authority ({names}), "
        "not by the agency that settled it"
    )
