"""Where a petition stands in the agency tree: "beyond the level" (vượt cấp) from ancestry.

A petition is beyond the level when an *ancestor* of the competent agency in the
tree receives it, or when it is sent up by referral to such an ancestor (Law on
Citizen Reception 42/2013/QH13 art. 7 and Decree 124/2020/ND-CP art. 7: a
petition goes to the body competent to settle it; DOMAIN review of November
2026). The level rank alone decides nothing: a district receiving a petition
that belongs to a commune of another district, or any agency of another
province, is a wrong address (misdirected), not an escalation.

Paths are the ones stored on the case's events (root first, the agency last), so
the answer is the one the tree gave on the day of the act.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID


def is_ancestor(agency_id: UUID, of_path: Sequence[UUID]) -> bool:
    """True if `agency_id` is strictly above the last agency of `of_path` in the tree."""
    return agency_id in of_path[:-1]


def received_beyond_level(receiving_agency_id: UUID, competent_path: Sequence[UUID]) -> bool:
    """Received by an ancestor of the competent agency (vượt cấp at receipt)."""
    return is_ancestor(receiving_agency_id, competent_path)


def referred_beyond_level(to_agency_id: UUID, competent_path: Sequence[UUID]) -> bool:
    """Sent up by referral to an ancestor of the competent agency."""
    return is_ancestor(to_agency_id, competent_path)
