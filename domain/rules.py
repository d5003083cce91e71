"""Statutory time limits as versioned data, each with its legal source.

A `RuleBook` is in force from a date; a case keeps the book in force on the
legal date of its acceptance. Limits marked `confirmed=False` are the defaults
the legal review left unconfirmed: configuration replaces them (`domain.rule_config`,
which gives the book a version of its own), and every due date derived from one
says so (`limit_confirmed` on its event). The domain never reads configuration: the
application hands it the `RuleBooks` it built.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from domain.calendar import DayType
from domain.errors import RuleViolationError
from domain.kinds import Complexity, Kind, Procedure
from domain.suspension import SuspensionRule, suspension_rules

# Decree 124/2020/ND-CP, which details the Law on Complaints, took effect on 10 December 2020.
DECREE_124_IN_FORCE = date(2020, 12, 10)
CAL = DayType.CALENDAR
WRK = DayType.WORKING
COMPLAINTS = "Law on Complaints 02/2011/QH13"
DENUNCIATIONS = "Law on Denunciations 25/2018/QH14"
CONFIGURED = "+cfg-"  # a configured book's version: the base version, this, a short hash


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
class StepLimits:
    """Limits of the steps around intake and settlement, beyond the settlement limit itself.

    `disciplinary_filing` is keyed by (procedure, instance): complaints about
    disciplinary decisions (Law on Complaints ch. IV). `reexamination_complex` is the
    longer limit a re-examined complaint may be extended to.
    """

    complexities: Mapping[Kind, frozenset[Complexity]]
    disciplinary_filing: Mapping[tuple[Procedure, int], TimeLimit]
    check_extended: Mapping[Kind, TimeLimit]
    transfer: Mapping[Kind, TimeLimit]
    acceptance_notice: Mapping[Kind, TimeLimit]
    further_denunciation: TimeLimit
    reexamination: Mapping[Kind, TimeLimit]
    in_force: Mapping[tuple[int, bool], TimeLimit]
    enforcement: TimeLimit
    reexamination_complex: Mapping[Kind, TimeLimit]


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
    # The kinds that may be suspended (tạm đình chỉ), with their source (domain.suspension).
    suspension: Mapping[Kind, SuspensionRule] = field(default_factory=suspension_rules)

    @property
    def base_version(self) -> str:
        """The version without its configuration suffix."""
        return self.version.split(CONFIGURED, 1)[0]

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
        if kind == Kind.COMPLAINT and procedure.is_disciplinary:
            filing = self.deadlines.disciplinary_filing
            found = filing.get((procedure, instance))
            return found or filing.get((Procedure.DISCIPLINARY, instance))
        return self.filing.get((kind, instance, remote))


def _complaint_limits() -> dict[ResolutionKey, TimeLimit]:
    table = {
        (1, Complexity.ORDINARY, False): (30, f"{COMPLAINTS} art. 28"),
        (1, Complexity.COMPLEX, False): (45, f"{COMPLAINTS} art. 28"),
        (1, Complexity.ORDINARY, True): (45, f"{COMPLAINTS} art. 28 (remote area)"),
        (1, Complexity.COMPLEX, True): (60, f"{COMPLAINTS} art. 28 (remote area)"),
        (2, Complexity.ORDINARY, False): (45, f"{COMPLAINTS} art. 37"),
        (2, Complexity.COMPLEX, False): (60, f"{COMPLAINTS} art. 37"),
        (2, Complexity.ORDINARY, True): (60, f"{COMPLAINTS} art. 37 (remote area)"),
        (2, Complexity.COMPLEX, True): (70, f"{COMPLAINTS} art. 37 (remote area)"),
    }
    return {
        ResolutionKey(Kind.COMPLAINT, inst, cx, remote): TimeLimit(days, CAL, source)
        for (inst, cx, remote), (days, source) in table.items()
    }


ANSWER_SOURCE = "default; no statutory rule"


def _other_limits() -> dict[ResolutionKey, TimeLimit]:
    denunciation = TimeLimit(30, CAL, f"{DENUNCIATIONS} art. 30")
    default = TimeLimit(30, CAL, ANSWER_SOURCE, confirmed=False)
    limits = {}
    for remote in (False, True):
        limits[ResolutionKey(Kind.DENUNCIATION, 1, Complexity.ORDINARY, remote)] = denunciation
        for kind in (Kind.RECOMMENDATION, Kind.REFLECTION):
            limits[ResolutionKey(kind, 1, Complexity.ORDINARY, remote)] = default
    return limits


def _denunciation_extensions() -> dict[tuple[Kind, Complexity], ExtensionRule]:
    source = f"{DENUNCIATIONS} art. 30(1)"
    return {
        (Kind.DENUNCIATION, Complexity.COMPLEX): ExtensionRule(1, 30, CAL, source),
        (Kind.DENUNCIATION, Complexity.PARTICULARLY_COMPLEX): ExtensionRule(2, 30, CAL, source),
    }


def _filing_limits() -> dict[tuple[Kind, int, bool], TimeLimit]:
    return {
        (Kind.COMPLAINT, 1, False): TimeLimit(90, CAL, f"{COMPLAINTS} art. 9"),
        (Kind.COMPLAINT, 1, True): TimeLimit(90, CAL, f"{COMPLAINTS} art. 9"),
        (Kind.COMPLAINT, 2, False): TimeLimit(30, CAL, f"{COMPLAINTS} art. 33"),
        (Kind.COMPLAINT, 2, True): TimeLimit(45, CAL, f"{COMPLAINTS} art. 33 (remote area)"),
    }


def disciplinary_limits(
    days: Mapping[Complexity, int], source: str
) -> dict[ResolutionKey, TimeLimit]:
    """Settlement limits of chapter IV, the same at both instances, for both procedures."""
    return {
        ResolutionKey(Kind.COMPLAINT, inst, cx, remote, procedure): TimeLimit(
            count, CAL, source, confirmed=False
        )
        for procedure in (Procedure.DISCIPLINARY, Procedure.DISCIPLINARY_DISMISSAL)
        for inst in (1, 2)
        for cx, count in days.items()
        for remote in (False, True)
    }


COMPLEXITY_SOURCE = (
    f"{COMPLAINTS} arts. 28, 37 know complex complaints only; "
    f"{DENUNCIATIONS} art. 30 also particularly complex denunciations"
)


def _step_limits() -> StepLimits:
    verify = "(verify)"
    return StepLimits(
        complexities={
            Kind.COMPLAINT: frozenset({Complexity.ORDINARY, Complexity.COMPLEX}),
            Kind.DENUNCIATION: frozenset(Complexity),
            Kind.RECOMMENDATION: frozenset({Complexity.ORDINARY}),
            Kind.REFLECTION: frozenset({Complexity.ORDINARY}),
        },
        disciplinary_filing={
            (Procedure.DISCIPLINARY, 1): TimeLimit(
                15, CAL, f"{COMPLAINTS} ch. IV {verify}", confirmed=False
            ),
            (Procedure.DISCIPLINARY, 2): TimeLimit(
                10, CAL, f"{COMPLAINTS} ch. IV {verify}", confirmed=False
            ),
        },
        check_extended={
            Kind.DENUNCIATION: TimeLimit(
                10, WRK, f"{DENUNCIATIONS} art. 24(1): checks at several places"
            ),
        },
        transfer={
            Kind.DENUNCIATION: TimeLimit(5, WRK, f"{DENUNCIATIONS} art. 24(2): not competent"),
        },
        acceptance_notice={
            Kind.DENUNCIATION: TimeLimit(5, WRK, f"{DENUNCIATIONS} art. 29: notice of acceptance"),
        },
        further_denunciation=TimeLimit(
            5, WRK, f"{DENUNCIATIONS} art. 37: the superior demands a report"
        ),
        reexamination={
            Kind.COMPLAINT: TimeLimit(
                30,
                CAL,
                "Decree 124/2020/ND-CP, re-examination of a decision in force (verify)",
                confirmed=False,
            ),
            Kind.DENUNCIATION: TimeLimit(
                30, CAL, f"{DENUNCIATIONS} arts. 30, 37: settled again (verify)", confirmed=False
            ),
        },
        in_force={
            (instance, remote): TimeLimit(
                45 if remote else 30, CAL, f"{COMPLAINTS} art. 44 {verify}", confirmed=False
            )
            for instance in (1, 2)
            for remote in (False, True)
        },
        enforcement=TimeLimit(5, WRK, "Decree 124/2020/ND-CP: enforcement starts (verify article)"),
        reexamination_complex={},
    )


def _intake_limits() -> dict[Kind | None, TimeLimit]:
    return {
        None: TimeLimit(10, WRK, "Circular 05/2021/TT-TTCP (unconfirmed)", confirmed=False),
        Kind.COMPLAINT: TimeLimit(
            10, CAL, f"{COMPLAINTS} art. 27 (day type unconfirmed)", confirmed=False
        ),
        Kind.DENUNCIATION: TimeLimit(7, WRK, f"{DENUNCIATIONS} art. 24(1)"),
    }


# The first encoding, kept as it was: cases accepted under it keep it.
RULEBOOK_2020_1 = RuleBook(
    version="VN-2020.1",
    effective_from=DECREE_124_IN_FORCE,
    resolution={
        **_complaint_limits(),
        **_other_limits(),
        **disciplinary_limits(
            {Complexity.ORDINARY: 30, Complexity.COMPLEX: 45}, f"{COMPLAINTS} ch. IV (verify)"
        ),
    },
    extensions=_denunciation_extensions(),
    intake=_intake_limits(),
    filing=_filing_limits(),
    publication=TimeLimit(15, CAL, "Decree 124/2020/ND-CP art. 31"),
    deadlines=_step_limits(),
)


def _corrected_steps(steps: StepLimits) -> StepLimits:
    """VN-2020.2: chapter IV by article, the dismissal's 30 days, re-examination, enforcement."""
    ch4 = f"{COMPLAINTS} art. 48 (verify)"
    return replace(
        steps,
        disciplinary_filing={
            (Procedure.DISCIPLINARY, 1): TimeLimit(15, CAL, f"{ch4}: 15 days", confirmed=False),
            (Procedure.DISCIPLINARY, 2): TimeLimit(10, CAL, f"{ch4}: 10 days", confirmed=False),
            (Procedure.DISCIPLINARY_DISMISSAL, 1): TimeLimit(
                15, CAL, f"{ch4}: 15 days", confirmed=False
            ),
            (Procedure.DISCIPLINARY_DISMISSAL, 2): TimeLimit(
                30, CAL, f"{ch4}: 30 days against a dismissal (buộc thôi việc)", confirmed=False
            ),
        },
        reexamination_complex={
            Kind.COMPLAINT: TimeLimit(
                45,
                CAL,
                "Decree 124/2020/ND-CP, re-examination of a complex case (verify)",
                confirmed=False,
            ),
        },
        enforcement=TimeLimit(
            5,
            WRK,
            f"Decree 124/2020/ND-CP; {COMPLAINTS} art. 46: enforcement starts (verify article)",
            confirmed=False,
        ),
    )


# Corrections of the encoding, in force from the same date: new acts follow this book.
RULEBOOK_2020 = replace(
    RULEBOOK_2020_1,
    version="VN-2020.2",
    resolution={
        **_complaint_limits(),
        **_other_limits(),
        **disciplinary_limits(
            {Complexity.ORDINARY: 30, Complexity.COMPLEX: 45}, f"{COMPLAINTS} art. 50 (verify)"
        ),
    },
    deadlines=_corrected_steps(RULEBOOK_2020_1.deadlines),
)

RULEBOOKS: tuple[RuleBook, ...] = (RULEBOOK_2020_1, RULEBOOK_2020)


@dataclass(frozen=True)
class RuleBooks:
    """The rule books an application works with, in the order they were published.

    Several books may take effect on the same date (a corrected encoding); the one
    published last wins for new acts, while a case keeps the one it was accepted under.
    """

    books: tuple[RuleBook, ...] = RULEBOOKS

    def in_force(self, on: date) -> RuleBook:
        """The latest book whose effective date is on or before `on`.

        Before every book: the one in force on the first book's effective date.
        """
        earliest = min(book.effective_from for book in self.books)
        day = max(on, earliest)
        numbered = [(n, b) for n, b in enumerate(self.books) if b.effective_from <= day]
        return max(numbered, key=lambda nb: (nb[1].effective_from, nb[0]))[1]

    def by_version(self, version: str) -> RuleBook:
        """The book of `version`.

        A case accepted under a configuration since changed continues under the present
        configuration of the same book (its later events record the version they used).
        """
        for book in self.books:
            if book.version == version:
                return book
        base = version.split(CONFIGURED, 1)[0]
        for book in self.books:
            if book.base_version == base:
                return book
        raise RuleViolationError(f"unknown rule book {version}")


RULES = RuleBooks()


def rulebook_in_force(on: date, books: tuple[RuleBook, ...] = RULEBOOKS) -> RuleBook:
    """The rule book in force on `on` among `books` (see `RuleBooks.in_force`)."""
    return RuleBooks(books).in_force(on)


def rulebook_by_version(version: str, books: tuple[RuleBook, ...] = RULEBOOKS) -> RuleBook:
    return RuleBooks(books).by_version(version)
