"""Metric definitions as versioned data, published beside every figure.

Localities compute the resolution rate differently (which closures count as
resolved; with or without cases carried over; counting or excluding cases still
within their time limit), so each way is a named, versioned definition with its
legal source, and a report (and an issued report) names the one it used. A
definition is never edited in place: a change is a new version. The formulas are
explained in docs/metrics.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

DEFAULT_TARGET = 0.80
DOC = "docs/metrics.md"
CLOSURES = ("concluded", "withdrawn", "terminated")


@dataclass(frozen=True)
class MetricDefinition:
    """How a resolution rate is computed: `key` is `name/vN`.

    `resolved_closures` names the closures counted as resolved (concluded;
    withdrawn after explanation; terminated); `carry_over` whether cases carried
    over from earlier periods are in the denominator (and re-opened ones, which
    come back under jurisdiction, unless `count_reopened` is off);
    `exclude_within_limit` whether cases still open within their time limit at
    the period's end leave the denominator.
    """

    name: str
    version: int
    formula: str
    carry_over: bool = True
    exclude_within_limit: bool = False
    resolved_closures: tuple[str, ...] = ("concluded",)
    legal_source: str = ""
    count_reopened: bool = True

    def __post_init__(self) -> None:
        unknown = set(self.resolved_closures) - set(CLOSURES)
        if unknown or not self.resolved_closures:
            raise ValueError(f"resolved closures are some of {CLOSURES}, not {sorted(unknown)}")

    @property
    def key(self) -> str:
        return f"{self.name}/v{self.version}"


RESOLUTION_RATE = MetricDefinition(
    "resolution_rate",
    2,
    "cases concluded in the period ÷ (cases accepted in the period + cases carried over "
    "(accepted before the period and still open at its start) + cases re-opened in the "
    "period); withdrawn and terminated cases stay in the denominator (docs/metrics.md "
    "#resolution_rate-v2)",
    legal_source="Circular 01/2024/TT-TTCP (statistical year, cases under jurisdiction = "
    "carried over + new)",
)
RESOLUTION_RATE_NEW_ONLY = MetricDefinition(
    "resolution_rate_new_cases",
    1,
    "cases accepted in the period and concluded in it ÷ cases accepted in the period "
    "(docs/metrics.md#resolution_rate_new_cases-v1)",
    carry_over=False,
    legal_source="local practice (no carry-over); kept for comparison",
)
RESOLUTION_RATE_DUE_ONLY = MetricDefinition(
    "resolution_rate_due_cases",
    1,
    "cases concluded in the period ÷ (accepted in the period + carried over + re-opened "
    "- cases still open at the period's end whose time limit has not yet passed) "
    "(docs/metrics.md#resolution_rate_due_cases-v1)",
    exclude_within_limit=True,
    legal_source="local practice (cases within their limit are not yet due)",
)
SETTLEMENT_FORM_RATE = MetricDefinition(
    "settlement_form_rate",
    1,
    "cases settled in the period, concluded or withdrawn after explanation or terminated "
    "÷ cases under jurisdiction (carried over + accepted + re-opened in the period) "
    "(docs/metrics.md#settlement_form_rate-v1)",
    resolved_closures=CLOSURES,
    legal_source="Circular 01/2024/TT-TTCP results forms: settled cases include those "
    "withdrawn after explanation (rút đơn thông qua giải thích, thuyết phục) and "
    "terminated (đình chỉ) (verify)",
)
SETTLEMENT_FORM_RATE_DUE = MetricDefinition(
    "settlement_form_rate_due_cases",
    1,
    "cases settled (concluded, withdrawn after explanation, terminated) ÷ (cases under "
    "jurisdiction - cases still open at the period's end within their time limit) "
    "(docs/metrics.md#settlement_form_rate_due_cases-v1)",
    resolved_closures=CLOSURES,
    exclude_within_limit=True,
    legal_source="Circular 01/2024/TT-TTCP results forms, cases due in the period (verify)",
)
# Earlier versions stay defined: reports issued under them name them.
RESOLUTION_RATE_V1 = MetricDefinition(
    "resolution_rate",
    1,
    "cases concluded in the period ÷ (cases accepted in the period + cases carried over: "
    "accepted before the period and still open at its start); withdrawn and terminated "
    "cases stay in the denominator (docs/metrics.md#resolution_rate-v1)",
    legal_source="Circular 01/2024/TT-TTCP",
)
DEFINITIONS: dict[str, MetricDefinition] = {
    d.key: d
    for d in (
        RESOLUTION_RATE,
        RESOLUTION_RATE_V1,
        RESOLUTION_RATE_NEW_ONLY,
        RESOLUTION_RATE_DUE_ONLY,
        SETTLEMENT_FORM_RATE,
        SETTLEMENT_FORM_RATE_DUE,
    )
}
CURRENT = "current"  # the name under which the current definition is also known
NAMED: dict[str, MetricDefinition] = {**DEFINITIONS, CURRENT: RESOLUTION_RATE}


def definition_named(key: str) -> MetricDefinition | None:
    """The definition with key `name/vN`, a bare `name` (its latest version), or "current"."""
    if key in NAMED:
        return NAMED[key]
    versions = [d for d in DEFINITIONS.values() if d.name == key]
    return max(versions, key=lambda d: d.version) if versions else None


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
