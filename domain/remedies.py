"""What a settlement restored, where the decision records it (the results forms' last columns).

The official settlement-results forms (Circular 02/2021/TT-TTCP annex; docs/forms.md)
report money and land recovered for the State or returned to citizens and
organisations, and the persons whose rights were restored. A conclusion may record
them; nothing recorded is not zero, so the forms count "where recorded" apart.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from domain.errors import RuleViolationError

MAX_AMOUNT = 10**15  # đồng or m²: beyond any settlement, refused as a typing error


@dataclass(frozen=True)
class Remedies:
    """Amounts a settlement recovered or returned (VND, m²) and persons whose rights it restored."""

    money_to_state_vnd: int = 0
    money_returned_vnd: int = 0
    land_to_state_m2: int = 0
    land_returned_m2: int = 0
    persons_restored: int = 0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise RuleViolationError(f"{f.name} is a whole number")
            if not 0 <= value <= MAX_AMOUNT:
                raise RuleViolationError(f"{f.name} is 0 to {MAX_AMOUNT}")

    def as_event(self) -> dict[str, int]:
        """The plain mapping a `Concluded` event stores."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_event(cls, stored: dict[str, int] | None) -> Remedies | None:
        return None if stored is None else cls(**stored)


REMEDY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Remedies))
