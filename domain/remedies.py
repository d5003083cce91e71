"""What a settlement restored and ordered, where the decision records it (the results forms).

The official settlement-results forms (Circular 02/2021/TT-TTCP annex; docs/forms.md)
report money and land recovered for the State or returned to citizens and
organisations, and the persons whose rights were restored (`Remedies`); and the
handling a settlement orders (`Measures`, DOMAIN review of November 2026): persons
recommended for administrative or disciplinary sanctions, and cases transferred to the
investigating authority with the persons concerned. A conclusion may record either;
nothing recorded is not zero, so the forms count "where recorded" apart.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from domain.errors import RuleViolationError

MAX_AMOUNT = 10**15  # đồng or m²: beyond any settlement, refused as a typing error


def _check_amounts(record: Any) -> None:  # noqa: ANN401
    """Every integer field of `record` is a whole number from 0 to MAX_AMOUNT."""
    for f in fields(record):
        value = getattr(record, f.name)
        if f.type == "bool":
            if not isinstance(value, bool):
                raise RuleViolationError(f"{f.name} is true or false")
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise RuleViolationError(f"{f.name} is a whole number")
        if not 0 <= value <= MAX_AMOUNT:
            raise RuleViolationError(f"{f.name} is 0 to {MAX_AMOUNT}")


def _as_event(record: Any) -> dict[str, int]:  # noqa: ANN401
    return {f.name: int(getattr(record, f.name)) for f in fields(record)}


@dataclass(frozen=True)
class Remedies:
    """Amounts a settlement recovered or returned (VND, m²) and persons whose rights it restored."""

    money_to_state_vnd: int = 0
    money_returned_vnd: int = 0
    land_to_state_m2: int = 0
    land_returned_m2: int = 0
    persons_restored: int = 0

    def __post_init__(self) -> None:
        _check_amounts(self)

    def as_event(self) -> dict[str, int]:
        """The plain mapping a `Concluded` event stores."""
        return _as_event(self)

    @classmethod
    def from_event(cls, stored: dict[str, int] | None) -> Remedies | None:
        return None if stored is None else cls(**stored)


@dataclass(frozen=True)
class Measures:
    """The handling a complaint decision or denunciation conclusion orders.

    Persons recommended for administrative or disciplinary sanctions; whether the case
    was transferred to the investigating authority (signs of a crime), and how many
    persons with it.
    """

    persons_sanction_recommended: int = 0
    transferred_to_investigators: bool = False
    persons_to_investigators: int = 0

    def __post_init__(self) -> None:
        _check_amounts(self)
        if self.persons_to_investigators and not self.transferred_to_investigators:
            raise RuleViolationError(
                "persons are sent to investigators only with the case transferred to them"
            )

    def as_event(self) -> dict[str, int]:
        """The plain mapping a `Concluded` event stores (the transfer as 0 or 1)."""
        return _as_event(self)

    @classmethod
    def from_event(cls, stored: dict[str, int] | None) -> Measures | None:
        if stored is None:
            return None
        return cls(
            persons_sanction_recommended=stored.get("persons_sanction_recommended", 0),
            transferred_to_investigators=bool(stored.get("transferred_to_investigators", 0)),
            persons_to_investigators=stored.get("persons_to_investigators", 0),
        )


REMEDY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Remedies))
MEASURE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Measures))
