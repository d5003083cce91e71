"""Which ministry manages which field, as versioned data (Law on Complaints art. 23(3)).

A provincial chairman's decision is complained of the second time to the minister
managing its field; a minister may re-examine a decision of its field. Keys are the
field codes of `domain.fields`; values are the ministries' codes as the agency
registry spells them (an agency of kind `ministry` carries its code).

The map changes when the Government is reorganised: from 1 March 2025 (Resolution
176/2025/QH15) natural resources and agriculture merged into the Ministry of
Agriculture and Environment, transport into Construction, planning and investment
into Finance, labour into Home Affairs (social protection to Health, vocational
training to Education), information and communications into Science and Technology
(press and publishing to Culture), and ethnic affairs with religion became a ministry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class MinistryMap:
    """The ministries managing each field, in force from a date."""

    version: str
    effective_from: date
    ministries: Mapping[str, frozenset[str]]
    source: str

    def managing(self, field_code: str) -> frozenset[str] | None:
        """The codes of the ministries managing `field_code`; None for a field not mapped."""
        return self.ministries.get(field_code)


def _map(pairs: dict[str, str]) -> dict[str, frozenset[str]]:
    return {field: frozenset(codes.split()) for field, codes in pairs.items()}


MINISTRIES_2020 = MinistryMap(
    "ministries/2016",
    date(2016, 4, 8),
    _map(
        {
            "land": "BTNMT",
            "environment": "BTNMT",
            "natural_resources": "BTNMT",
            "agriculture": "BNNPTNT",
            "construction": "BXD",
            "transport": "BGTVT",
            "finance": "BTC",
            "planning_investment": "BKHDT",
            "industry_trade": "BCT",
            "labour": "BLDTBXH",
            "meritorious_persons": "BLDTBXH",
            "social_protection": "BLDTBXH",
            "education": "BGDDT",
            "vocational_training": "BLDTBXH",
            "health": "BYT",
            "culture_sports_tourism": "BVHTTDL",
            "press_publishing": "BTTTT",
            "telecommunications": "BTTTT",
            "science_technology": "BKHCN",
            "home_affairs": "BNV",
            "religion": "BNV",
            "ethnic_affairs": "UBDT",
            "justice": "BTP",
            "banking": "NHNN",
            "public_security": "BCA",
            "defence": "BQP",
            "foreign_affairs": "BNG",
        }
    ),
    "Law on Organisation of the Government 76/2015/QH13; Resolution 08/2016/QH14 "
    "(18 ministries and 4 ministerial-level bodies)",
)

MINISTRIES_2025 = MinistryMap(
    "ministries/2025",
    date(2025, 3, 1),
    _map(
        {
            "land": "BNNMT",
            "environment": "BNNMT",
            "natural_resources": "BNNMT",
            "agriculture": "BNNMT",
            "construction": "BXD",
            "transport": "BXD",
            "finance": "BTC",
            "planning_investment": "BTC",
            "industry_trade": "BCT",
            "labour": "BNV",
            "meritorious_persons": "BNV",
            "social_protection": "BYT",
            "education": "BGDDT",
            "vocational_training": "BGDDT",
            "health": "BYT",
            "culture_sports_tourism": "BVHTTDL",
            "press_publishing": "BVHTTDL",
            "telecommunications": "BKHCN",
            "science_technology": "BKHCN",
            "home_affairs": "BNV",
            "religion": "BDTTG",
            "ethnic_affairs": "BDTTG",
            "justice": "BTP",
            "banking": "NHNN",
            "public_security": "BCA",
            "defence": "BQP",
            "foreign_affairs": "BNG",
        }
    ),
    "Resolution 176/2025/QH15 (14 ministries and 3 ministerial-level bodies from 1 March 2025)",
)

MINISTRY_MAPS: tuple[MinistryMap, ...] = (MINISTRIES_2020, MINISTRIES_2025)


def ministries_in_force(on: date, maps: tuple[MinistryMap, ...] = MINISTRY_MAPS) -> MinistryMap:
    in_force = [m for m in maps if m.effective_from <= on]
    if not in_force:
        return min(maps, key=lambda m: m.effective_from)
    return max(in_force, key=lambda m: m.effective_from)
