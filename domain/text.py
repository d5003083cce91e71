"""Free text accepted into events: trimmed, bounded, and free of control characters.

NUL and the other C0/C1 control characters (tab, CR and LF aside) have no place in
a petition, and PostgreSQL text columns refuse NUL outright: one stored in an event
would stop every read model that copies the field.
"""

from __future__ import annotations

import re

from domain.errors import RuleViolationError

MAX_TEXT = 20_000
MAX_LABEL = 500
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(value: str) -> bool:
    return _CONTROL.search(value) is not None


def clean_text(value: str, name: str, required: bool = False, limit: int = MAX_TEXT) -> str:
    """`value` trimmed, or a `RuleViolationError` naming the field and the reason."""
    value = value.strip()
    if required and not value:
        raise RuleViolationError(f"{name} is required")
    if len(value) > limit:
        raise RuleViolationError(f"{name} is longer than {limit} characters")
    if has_control_characters(value):
        raise RuleViolationError(f"{name} contains control characters")
    return value


def clean_label(value: str, name: str, required: bool = False) -> str:
    return clean_text(value, name, required=required, limit=MAX_LABEL)
