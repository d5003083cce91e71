"""Administrative levels as versioned data.

Vietnam had province / district / commune until 30 June 2025; from 1 July 2025
local government has two tiers, province and commune. Agencies created under
one scheme keep their level; new agencies must use a level of the scheme in
force on their creation date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.errors import InvalidAgencyError


@dataclass(frozen=True)
class LevelScheme:
    name: str
    effective_from: date
    levels: tuple[str, ...]  # from the top down


ALL_LEVELS: tuple[str, ...] = ("central", "province", "district", "commune")

LEVEL_SCHEMES: tuple[LevelScheme, ...] = (
    LevelScheme("three-tier", date(1900, 1, 1), ("central", "province", "district", "commune")),
    LevelScheme("two-tier", date(2025, 7, 1), ("central", "province", "commune")),
)


def rank(level: str) -> int:
    """0 for the top level; a larger number is a lower level."""
    if level not in ALL_LEVELS:
        raise InvalidAgencyError(f"unknown level {level!r}")
    return ALL_LEVELS.index(level)


def is_above(higher: str, lower: str) -> bool:
    return rank(higher) < rank(lower)


def scheme_in_force(on: date, schemes: tuple[LevelScheme, ...] = LEVEL_SCHEMES) -> LevelScheme:
    in_force = [scheme for scheme in schemes if scheme.effective_from <= on]
    return max(in_force, key=lambda scheme: scheme.effective_from)


def require_level_in_force(level: str, on: date) -> None:
    scheme = scheme_in_force(on)
    if level not in scheme.levels:
        raise InvalidAgencyError(
            f"level {level!r} does not exist under the {scheme.name} scheme in force on {on}"
        )
