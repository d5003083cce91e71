"""Unconfirmed limits as configuration: the rule books with an administration's overrides.

The legal review left some limits unconfirmed (the complaint intake's day type, the default
intake and answer limits, chapter IV's limits, re-examination, a decision taking
effect, enforcement). The application reads the overrides from its settings and builds
its rule books with `configured_books`; each book an override changes gets a version
of its own, `<base>+cfg-<hash of the overrides>`, which the events record, so history
says which rules applied. An override equal to the book's value changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from domain.calendar import DayType
from domain.errors import RuleViolationError
from domain.kinds import Complexity, Kind, Procedure
from domain.rules import (
    CONFIGURED,
    RULEBOOKS,
    ResolutionKey,
    RuleBook,
    RuleBooks,
    TimeLimit,
)


@dataclass(frozen=True)
class LimitOverrides:
    """Configured values of unconfirmed limits; None keeps the rule book's own."""

    complaint_intake_day_type: DayType | None = None
    intake_days: int | None = None
    intake_day_type: DayType | None = None
    answer_days: int | None = None  # recommendations and reflections
    disciplinary_filing_days: int | None = None
    disciplinary_second_filing_days: int | None = None
    dismissal_second_filing_days: int | None = None
    disciplinary_settlement_days: int | None = None
    disciplinary_complex_settlement_days: int | None = None
    reexamination_days: int | None = None
    reexamination_complex_days: int | None = None
    in_force_days: int | None = None
    in_force_remote_days: int | None = None
    enforcement_working_days: int | None = None
    # The kinds besides denunciations that may be suspended ("complaint,reflection"; the
    # legal review states suspension for denunciations only): None keeps the book's.
    suspended_kinds: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> LimitOverrides:
        """From `LIMIT_<FIELD>` variables (empty: not configured); refuses a bad value."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            text = env.get(f"LIMIT_{f.name.upper()}", "").strip()
            if not text:
                continue
            if f.name.endswith("day_type"):
                values[f.name] = DayType(text)
                continue
            if f.name == "suspended_kinds":
                values[f.name] = suspended_kinds(text)
                continue
            days = int(text)
            if not 1 <= days <= MAX_DAYS:
                raise RuleViolationError(f"LIMIT_{f.name.upper()} must be 1 to {MAX_DAYS}")
            values[f.name] = days
        return cls(**values)

    def given(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


MAX_DAYS = 366


def suspended_kinds(text: str) -> str:
    """A list of kinds, as `LIMIT_SUSPENDED_KINDS` gives it, sorted.

    Refuses an unknown kind, and a list of none ("," is no way to say "denunciations
    only": `denunciation` is).
    """
    names = {name.strip() for name in text.split(",") if name.strip()}
    unknown = names - {k.value for k in Kind}
    if unknown or not names:
        kinds = ", ".join(k.value for k in Kind)
        raise RuleViolationError(
            f"LIMIT_SUSPENDED_KINDS names no kind: {sorted(unknown) or repr(text)} "
            f"(a comma-separated list of {kinds})"
        )
    return ",".join(sorted(names))


def _suspension(book: RuleBook, value: object) -> RuleBook:
    """Only the kinds listed (and denunciations, which the law suspends) may be suspended."""
    kinds = set(str(value).split(",")) | {Kind.DENUNCIATION.value}
    kept = {k: rule for k, rule in book.suspension.items() if k.value in kinds}
    return replace(book, suspension=kept)


Change = Callable[[TimeLimit, object], TimeLimit]


def _days(limit: TimeLimit, value: object) -> TimeLimit:
    days = int(str(value))
    if days == limit.days:
        return limit
    return replace(limit, days=days, source=f"{limit.source}; configured {days} days")


def _day_type(limit: TimeLimit, value: object) -> TimeLimit:
    day_type = DayType(str(value))
    if day_type == limit.day_type:
        return limit
    return replace(limit, day_type=day_type, source=f"{limit.source}; configured {day_type} days")


def configured_books(
    overrides: LimitOverrides, books: tuple[RuleBook, ...] = RULEBOOKS
) -> RuleBooks:
    """`books` with `overrides` applied; a book they change gets a `+cfg-` version."""
    return RuleBooks(tuple(configure(book, overrides) for book in books))


def configure(book: RuleBook, overrides: LimitOverrides) -> RuleBook:
    given = overrides.given()
    if not given:
        return book
    configured = book
    for name, value in given.items():
        configured = _APPLY[name](configured, value)
    if configured == book:
        return book
    digest = hashlib.sha256(json.dumps(given, sort_keys=True, default=str).encode()).hexdigest()
    return replace(configured, version=f"{book.version}{CONFIGURED}{digest[:8]}")


def _intake(kind: Kind | None, change: Change) -> Callable[[RuleBook, object], RuleBook]:
    def apply(book: RuleBook, value: object) -> RuleBook:
        intake = dict(book.intake)
        if kind is None:  # the default, and the kinds that follow it
            for other in (None, Kind.RECOMMENDATION, Kind.REFLECTION):
                if other in intake:
                    intake[other] = change(intake[other], value)
        elif kind in intake:
            intake[kind] = change(intake[kind], value)
        return replace(book, intake=intake)

    return apply


def _resolution(
    fits: Callable[[ResolutionKey], bool],
) -> Callable[[RuleBook, object], RuleBook]:
    def apply(book: RuleBook, value: object) -> RuleBook:
        resolution = {k: _days(v, value) if fits(k) else v for k, v in book.resolution.items()}
        return replace(book, resolution=resolution)

    return apply


def _step(
    name: str, fits: Callable[[Any], bool] = lambda _: True
) -> Callable[[RuleBook, object], RuleBook]:
    def apply(book: RuleBook, value: object) -> RuleBook:
        current = getattr(book.deadlines, name)
        changed: Any
        if isinstance(current, TimeLimit):
            changed = _days(current, value)
        else:
            changed = {k: _days(v, value) if fits(k) else v for k, v in current.items()}
        return replace(book, deadlines=replace(book.deadlines, **{name: changed}))

    return apply


def _disciplinary(complexity: Complexity) -> Callable[[ResolutionKey], bool]:
    return lambda k: k.procedure.is_disciplinary and k.complexity == complexity


def _filing(procedure: Procedure | None, instance: int) -> Callable[[Any], bool]:
    def fits(key: tuple[Procedure, int]) -> bool:
        found_procedure, found_instance = key
        return found_instance == instance and procedure in {None, found_procedure}

    return fits


def _in_force(remote: bool) -> Callable[[Any], bool]:
    def fits(key: tuple[int, bool]) -> bool:
        return key[1] == remote

    return fits


_APPLY: dict[str, Callable[[RuleBook, object], RuleBook]] = {
    "complaint_intake_day_type": _intake(Kind.COMPLAINT, _day_type),
    "intake_days": _intake(None, _days),
    "intake_day_type": _intake(None, _day_type),
    "answer_days": _resolution(lambda k: k.kind in {Kind.RECOMMENDATION, Kind.REFLECTION}),
    "disciplinary_filing_days": _step("disciplinary_filing", _filing(None, 1)),
    "disciplinary_second_filing_days": _step(
        "disciplinary_filing", _filing(Procedure.DISCIPLINARY, 2)
    ),
    "dismissal_second_filing_days": _step(
        "disciplinary_filing", _filing(Procedure.DISCIPLINARY_DISMISSAL, 2)
    ),
    "disciplinary_settlement_days": _resolution(_disciplinary(Complexity.ORDINARY)),
    "disciplinary_complex_settlement_days": _resolution(_disciplinary(Complexity.COMPLEX)),
    "reexamination_days": _step("reexamination"),
    "reexamination_complex_days": _step("reexamination_complex"),
    "in_force_days": _step("in_force", _in_force(remote=False)),
    "in_force_remote_days": _step("in_force", _in_force(remote=True)),
    "enforcement_working_days": _step("enforcement"),
    "suspended_kinds": _suspension,
}
