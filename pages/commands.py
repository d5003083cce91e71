"""A form sent again is the same act: each rendered form carries its own command key.

The API's commands are recorded under their Idempotency-Key (`domain.idempotency`);
a form is an API command too, so the case page draws a key for each form it renders
(`command_key`, hidden) and the act is saved with the record of that key. A browser
that resends the very form (its answer was lost, a double click) is then answered as
done instead of meeting its own act as a change made in between.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from enum import Enum
from uuid import uuid4

from api.security import Principal
from domain.idempotency import MAX_KEY, Command
from domain.typed_store import TypedStore

FIELD = "command_key"
PREFIX = "form-"
UNSIGNED = frozenset({"csrf_token", FIELD})  # the same form sent again may differ only here


class Recorded(Enum):
    """What the store holds under a form's key."""

    NOTHING = "nothing"
    THIS_FORM = "this form"
    ANOTHER_FORM = "another form"


def new_key() -> str:
    """A key for one rendered form."""
    return f"{PREFIX}{uuid4().hex}"


def form_command(
    path: str, form: Mapping[str, str], who: Principal, store: TypedStore
) -> Command | None:
    """The command a form stands for, recorded in `store`; None for a form without a key."""
    key = form.get(FIELD, "")
    if not key.startswith(PREFIX) or len(key) > MAX_KEY:
        return None
    digest = hashlib.sha256(f"POST\0{path}\0".encode())
    for name in sorted(set(form) - UNSIGNED):
        digest.update(f"{name}\0{form[name]}\0".encode())
    command = Command(key, digest.hexdigest(), 303)
    command.user_id = who.actor_id
    command.store = store
    return command


def recorded(command: Command, store: TypedStore) -> Recorded:
    """Whether the store holds this form's act already, or another form's under its key."""
    record = store.command_record(command.record_id)
    if record is None:
        return Recorded.NOTHING
    if record.fingerprint == command.fingerprint:
        return Recorded.THIS_FORM
    return Recorded.ANOTHER_FORM
