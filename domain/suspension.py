"""Which kinds of case may be suspended (tạm đình chỉ), as rule data of each rule book.

The legal review states suspension for denunciations only: "suspension (tạm đình
chỉ) | the suspended time does not count | awaiting another body or an expert;
resumed by decision" (Law on Denunciations 25/2018/QH14). For complaints it names no
suspension, and recommendations and reflections have no statutory procedure at all,
so for those kinds suspension is allowed as before but flagged unconfirmed (*verify*):
a book may leave a kind out, and its suspension is then refused. Whatever the kind,
the suspended time does not count (`Case.suspend` keeps the days left, `Case.resume`
restarts from them).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.kinds import Kind

DENUNCIATIONS = "Law on Denunciations 25/2018/QH14"


@dataclass(frozen=True)
class SuspensionRule:
    """The legal source that lets a kind of case be suspended, and whether it is confirmed."""

    source: str
    confirmed: bool = True


def suspension_rules() -> dict[Kind, SuspensionRule]:
    """The kinds a rule book suspends: denunciations by law, the others unconfirmed."""
    return {
        Kind.DENUNCIATION: SuspensionRule(
            f"{DENUNCIATIONS}: tạm đình chỉ, the suspended time does not count (legal review)"
        ),
        Kind.COMPLAINT: SuspensionRule(
            "Decree 124/2020/ND-CP (verify: the legal review states no suspension of a complaint)",
            confirmed=False,
        ),
        Kind.RECOMMENDATION: SuspensionRule(
            "no statutory rule (verify): the default answer limit", confirmed=False
        ),
        Kind.REFLECTION: SuspensionRule(
            "no statutory rule (verify): the default answer limit", confirmed=False
        ),
    }
