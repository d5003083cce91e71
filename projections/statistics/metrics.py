"""Metric definitions as versioned data, published beside every figure.

Localities compute the resolution rate differently (with or without cases carried
over, counting or excluding cases still within their time limit), so each way is
a named, versioned definition, and a report names the one it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

DEFAULT_TARGET = 0.80


@dataclass(frozen=True)
class MetricDefinition:
    """How a resolution rate is computed: `key` is `name/vN`."""

    name: str
    version: int
    formula: str
    carry_over: bool = True
    exclude_within_limit: bool = False

    @property
    def key(self) -> str:
        return f"{self.name}/v{self.version}"


RESOLUTION_RATE = MetricDefinition(
    "resolution_rate",
    1,
    "cases concluded in the period ÷ (cases accepted in the period + cases carried over: "
    "accepted before the period and still open at its start); withdrawn and terminated "
    "cases stay in the denominator (DOMAIN.md; Circular 01/2024/TT-TTCP)",
)
RESOLUTION_RATE_NEW_ONLY = MetricDefinition(
    "resolution_rate_new_cases",
    1,
    "cases accepted in the period and concluded in it ÷ cases accepted in the period",
    carry_over=False,
)
RESOLUTION_RATE_DUE_ONLY = MetricDefinition(
    "resolution_rate_due_cases",
    1,
    "cases concluded in the period ÷ (accepted in the period + carried over - cases still "
    "open at the period's end whose time limit has not yet passed)",
    exclude_within_limit=True,
)
DEFINITIONS: dict[str, MetricDefinition] = {
    d.key: d for d in (RESOLUTION_RATE, RESOLUTION_RATE_NEW_ONLY, RESOLUTION_RATE_DUE_ONLY)
}


@dataclass(frozen=True)
class Targets:
    """Yearly resolution-rate targets, per agency where set (80 % by default).

    Parsed from text such as `"2024=0.85; 2025:<agency uuid>=0.9"`.
    """

    by_key: tuple[tuple[int, UUID | None, float], ...] = ()
    default: float = DEFAULT_TARGET

    @classmethod
    def parse(cls, text: str) -> Targets:
        entries = []
        for item in filter(None, (part.strip() for part in text.split(";"))):
            key, _, rate = item.partition("=")
            year, _, agency = key.strip().partition(":")
            entries.append((int(year), UUID(agency) if agency else None, float(rate)))
        return cls(tuple(entries))

    def target(self, year: int, agency_id: UUID | None) -> float:
        found = {(y, a): r for y, a, r in self.by_key}
        return found.get((year, agency_id), found.get((year, None), self.default))
