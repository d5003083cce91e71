"""Statutory time limits as versioned data, each with its legal source.

A `RuleBook` is in force from a date; a case keeps the book in force on the
legal date of its acceptance. Limits marked `confirmed=False` are the defaults
DOMAIN.md flags as unconfirmed: a new book replaces them without code changes,
and every due date derived from one says so (`limit_confirmed` on its event).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from domain.calendar import DayType
from domain.errors import RuleViolationError
from domain.kinds import Complexity, Kind, Procedure

# Decree 124/2020/ND-CP, which details the Law on Complaints, took effect on 10 December 2020.
DECREE_124_IN_FORCE = date(2020, 12, 10)
CAL = DayType.CALENDAR
WRK = DayType.WORKING


@dataclass(frozen=True)
class TimeLimit:
    days: int
    day_type: DayType
    source: str
    confirmed: bool = True


@dataclass(frozen=True)
class ResolutionKey:
    kind: Kind
    instance: int
    complexity: Complexity
    remote: bool
    procedure: Procedure = Procedure.ADMINISTRATIVE


@dataclass(frozen=True)
class ExtensionRule:
    """How many written extensions a complexity allows, and how long each may be."""

    max_extensions: int
    max_days_each: int
    day_type: DayType
    source: str


@dataclass(frozen=True)
class RuleBook:
    version: str
    effective_from: date
    resolution: Mapping[ResolutionKey, TimeLimit]
    extensions: Mapping[tuple[Kind, Complexity], ExtensionRule]
    intake: Mapping[Kind | None, TimeLimit]
    filing: Mapping[tuple[Kind, int, bool], TimeLimit]
    publication: TimeLimit
    deadlines: StepLimits

    def resolution_limit(
        self,
        kind: Kind,
        instance: int,
        complexity: Complexity,
        remote: bool,
        procedure: Procedure = Procedure.ADMINISTRATIVE,
    ) -> TimeLimit:
        """The settlement limit; a complexity the kind does not know is refused, never ignored."""
        if complexity not in self.deadlines.complexities.get(kind, frozenset()):
            raise RuleViolationError(f"a {kind} cannot be {complexity} ({COMPLEXITY_SOURCE})")
        key = ResolutionKey(kind, instance, complexity, remote, procedure)
        if key in self.resolution:
            return self.resolution[key]
        fallback = ResolutionKey(kind, instance, Complexity.ORDINARY, remote, procedure)
        if fallback in self.resolution:
            return self.resolution[fallback]
        raise RuleViolationError(f"no resolution limit for {kind} instance {instance}")

    def extension_rule(self, kind: Kind, complexity: Complexity) -> ExtensionRule | None:
        return self.extensions.get((kind, complexity))

    def intake_limit(self, kind: Kind | None) -> TimeLimit:
        return self.intake.get(kind, self.intake[None])

    def filing_limit(
        self,
        kind: Kind,
        instance: int,
        remote: bool,
        procedure: Procedure = Procedure.ADMINISTRATIVE,
    ) -> TimeLimit | None:
        if kind == Kind.COMPLAINT and procedure == Procedure.DISCIPLINARY:
            return self.deadlines.disciplinary_filing.get(instance)
        return self.filing.get((kind, instance, remote))


def _complaint_limits() -> dict[ResolutionKey, TimeLimit]:
    law = "Law on Complaints 02/2011/QH13"
    table = {
        (1, Complexity.ORDINARY, False): (30, f"{law} art. 28"),
        (1, Complexity.COMPLEX, False): (45, f"{law} art. 28"),
        (1, Complexity.ORDINARY, True): (45, f"{law} art. 28 (remote area)"),
        (1, Complexity.COMPLEX, True): (60, f"{law} art. 28 (remote area)"),
        (2, Complexity.ORDINARY, False): (45, f"{law} art. 37"),
        (2, Complexity.COMPLEX, False): (60, f"{law} art. 37"),
        (2, Complexity.ORDINARY, True): (60, f"{law} art. 37 (remote area)"),
        (2, Complexity.COMPLEX, True): (70, f"{law} art. 37 (remote area)"),
    }
    return {
        ResolutionKey(Kind.COMPLAINT, inst, cx, remote): TimeLimit(days, CAL, source)
        for (inst, cx, remote), (days, source) in table.items()
    }


def _other_limits() -> dict[ResolutionKey, TimeLimit]:
    denunciation = TimeLimit(30, CAL, "Law on Denunciations 25/2018/QH14 art. 30")
    default = TimeLimit(30, CAL, "default; no statutory rule", confirmed=False)
    limits = {}
    for remote in (False, True):
        limits[ResolutionKey(Kind.DENUNCIATION, 1, Complexity.ORDINARY, remote)] = denunciation
        for kind in (Kind.RECOMMENDATION, Kind.REFLECTION):
            limits[ResolutionKey(kind, 1, Complexity.ORDINARY, remote)] = default
    return limits


def _denunciation_extensions() -> dict[tuple[Kind, Complexity], ExtensionRule]:
    source = "Law on Denunciations 25/2018/QH14 art. 30(1)"
    return {
        (Kind.DENUNCIATION, Complexity.COMPLEX): ExtensionRule(1, 30, CAL, source),
        (Kind.DENUNCIATION, Complexity.PARTICULARLY_COMPLEX): ExtensionRule(2, 30, CAL, source),
    }


def _filing_limits() -> dict[tuple[Kind, int, bool], TimeLimit]:
    law = "Law on Complaints 02/2011/QH13"
    return {
        (Kind.COMPLAINT, 1, False): TimeLimit(90, CAL, f"{law} art. 9"),
        (Kind.COMPLAINT, 1, True): TimeLimit(90, CAL, f"{law} art. 9"),
        (Kind.COMPLAINT, 2, False): TimeLimit(30, CAL, f"{law} art. 33"),
        (Kind.COMPLAINT, 2, True): TimeLimit(45, CAL, f"{law} art. 33 (remote area)"),
    }


def _disciplinary_limits() -> dict[ResolutionKey, TimeLimit]:
    """Complaints about disciplinary decisions on officials (Law on Complaints ch. IV)."""
    source = "Law on Complaints 02/2011/QH13 ch. IV (verify)"
    table = {
        (1, Complexity.ORDINARY): 30,
        (1, Complexity.COMPLEX): 45,
        (2, Complexity.ORDINARY): 30,
        (2, Complexity.COMPLEX): 45,
    }
    return {
        ResolutionKey(Kind.COMPLAINT, inst, cx, remote, Procedure.DISCIPLINARY): TimeLimit(
            days, CAL, source, confirmed=False
        )
        for (inst, cx), days in table.items()
        for remote in (False, True)
    }


@dataclass(frozen=True)
class StepLimits:
    """Limits of the steps around intake and settlement, beyond the settlement limit itself."""

    complexities: Mapping[Kind, frozenset[Complexity]]
    disciplinary_filing: Mapping[int, TimeLimit]
    check_extended: Mapping[Kind, TimeLimit]
    transfer: Mapping[Kind, TimeLimit]
    acceptance_notice: Mapping[Kind, TimeLimit]
    further_denunciation: TimeLimit
    reexamination: Mapping[Kind, TimeLimit]
    in_force: Mapping[tuple[int, bool], TimeLimit]
    enforcement: TimeLimit


COMPLEXITY_SOURCE = (
    "Law on Complaints 02/2011/QH13 arts. 28, 37 know complex complaints only; "
    "Law on Denunciations 25/2018/QH14 art. 30 also particularly complex denunciations"
)


def _step_limits() -> StepLimits:
    complaints = "Law on Complaints 02/2011/QH13"
    denunciations = "Law on Denunciations 25/2018/QH14"
    return StepLimits(
        complexities={
            Kind.COMPLAINT: frozenset({Complexity.ORDINARY, Complexity.COMPLEX}),
            Kind.DENUNCIATION: frozenset(Complexity),
            Kind.RECOMMENDATION: frozenset({Complexity.ORDINARY}),
            Kind.REFLECTION: frozenset({Complexity.ORDINARY}),
        },
        disciplinary_filing={
            1: TimeLimit(15, CAL, f"{complaints} ch. IV (verify)", confirmed=False),
            2: TimeLimit(10, CAL, f"{complaints} ch. IV (verify)", confirmed=False),
        },
        check_extended={
            Kind.DENUNCIATION: TimeLimit(
                10, WRK, f"{denunciations} art. 24(1): checks at several places"
            ),
        },
        transfer={
            Kind.DENUNCIATION: TimeLimit(5, WRK, f"{denunciations} art. 24(2): not competent"),
        },
        acceptance_notice={
            Kind.DENUNCIATION: TimeLimit(5, WRK, f"{denunciations} art. 29: notice of acceptance"),
        },
        further_denunciation=TimeLimit(
            5, WRK, f"{denunciations} art. 37: the superior demands a report"
        ),
        reexamination={
            Kind.COMPLAINT: TimeLimit(
                30,
                CAL,
                "Decree 124/2020/ND-CP, re-examination of a decision in force (verify)",
                confirmed=False,
            ),
            Kind.DENUNCIATION: TimeLimit(
                30, CAL, f"{denunciations} arts. 30, 37: settled again (verify)", confirmed=False
            ),
        },
        in_force={
            (1, False): TimeLimit(30, CAL, f"{complaints} art. 44 (verify)", confirmed=False),
            (1, True): TimeLimit(45, CAL, f"{complaints} art. 44 (verify)", confirmed=False),
            (2, False): TimeLimit(30, CAL, f"{complaints} art. 44 (verify)", confirmed=False),
            (2, True): TimeLimit(45, CAL, f"{complaints} art. 44 (verify)", confirmed=False),
        },
        enforcement=TimeLimit(5, WRK, "Decree 124/2020/ND-CP: enforcement starts (verify article)"),
    )


def _intake_limits() -> dict[Kind | None, TimeLimit]:
    return {
        None: TimeLimit(10, WRK, "Circular 05/2021/TT-TTCP (unconfirmed)", confirmed=False),
        Kind.COMPLAINT: TimeLimit(
            10,
            CAL,
            "Law on Complaints 02/2011/QH13 art. 27 (day type unconfirmed)",
            confirmed=False,
        ),
        Kind.DENUNCIATION: TimeLimit(7, WRK, "Law on Denunciations 25/2018/QH14 art. 24(1)"),
    }


RULEBOOK_2020 = RuleBook(
    version="VN-2020.1",
    effective_from=DECREE_124_IN_FORCE,
    resolution={**_complaint_limits(), **_other_limits(), **_disciplinary_limits()},
    extensions=_denunciation_extensions(),
    intake=_intake_limits(),
    filing=_filing_limits(),
    publication=TimeLimit(15, CAL, "Decree 124/2020/ND-CP art. 31"),
    deadlines=_step_limits(),
)

RULEBOOKS: tuple[RuleBook, ...] = (RULEBOOK_2020,)


def rulebook_in_force(on: date, books: tuple[RuleBook, ...] = RULEBOOKS) -> RuleBook:
    """The latest rule book whose effective date is on or before `on`."""
    in_force = [book for book in books if book.effective_from <= on]
    if not in_force:
        return min(books, key=lambda book: book.effective_from)
    return max(in_force, key=lambda book: book.effective_from)


def rulebook_by_version(version: str, books: tuple[RuleBook, ...] = RULEBOOKS) -> RuleBook:
    for book in books:
        if book.version == version:
            return book
    raise RuleViolationError(f"unknown rule book {version}")
