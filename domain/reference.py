"""Human reference codes for cases: short, unique, printed on the receipt, not guessable.

A code is a year and ten random characters of Crockford's base32 (50 bits), so
knowing one case's code tells nothing of another's. Uniqueness is enforced by a
`ReferenceIndex` aggregate whose id is derived from the code and which is saved
in the same `save()` as the case.
"""

from __future__ import annotations

import secrets
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
RANDOM_CHARS = 10


def new_reference_code(prefix: str, year: int) -> str:
    """A fresh random code such as `BK-2026-7F3K-9QXM-2A`."""
    bits = secrets.randbits(5 * RANDOM_CHARS)  # one draw from the OS, not one per character
    body = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(RANDOM_CHARS))
    return f"{prefix}-{year}-{body[:4]}-{body[4:8]}-{body[8:]}"


def normalise_code(code: str) -> str:
    """Upper-case and map the look-alike letters a citizen may type (O→0, I/L→1).

    The year is normalised too (`PA-2O26-...` is `PA-2026-...`); the prefix is letters.
    """
    table = str.maketrans({"O": "0", "I": "1", "L": "1"})
    parts = code.strip().upper().split("-")
    if len(parts) < 3:  # noqa: PLR2004
        return code.strip().upper()
    prefix, year, *body = parts
    return "-".join([prefix, *(chunk.translate(table) for chunk in (year, *body))])


class ReferenceIndex(Aggregate):
    """Maps one reference code to its case; its id makes the code unique."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"/cases/reference/{code}")

    @event("Registered")
    def __init__(self, code: str, case_id: UUID) -> None:
        self.code = code
        self.case_id = case_id
