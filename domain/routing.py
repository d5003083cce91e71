"""Where a petition stands in the agency tree: "beyond the level" (vượt cấp) from ancestry.

A petition is beyond the level when an *ancestor* of the competent agency in the
tree receives it, or when it is sent up by referral to such an ancestor (letter
handling under Circular 05/2021/TT-TTCP and the Law on Citizen Reception
42/2013/QH13: a petition goes to the body competent to settle it, and one sent
above it is handled and counted as received beyond the level (verify the
articles); DOMAIN review of November 2026). The level rank alone decides nothing:
a district receiving a petition that belongs to a commune of another district,
or any agency of another province, is a wrong address (misdirected), not an
escalation. A reception office receives for its People's Committee, which is then
the receiver. The fact is fixed at receipt: once the petition has left the
receiver, a later classification may set it (the receiver is an ancestor of the
agency then found competent), never clear it.

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
