"""Editing events tables by hand, as someone with the database file or a superuser would."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import uuid4

from ops.integrity.rawlog import RawEvent, RawLog
from ops.settings import Settings


@dataclass(frozen=True)
class Tampered:
    """What was done: the kind of change and the events it touched."""

    kind: str
    events: tuple[RawEvent, ...]


def _sql(raw: RawLog, text: str) -> str:
    ident = "rowid" if raw.is_sqlite() else "notification_id"
    mark = "?" if raw.is_sqlite() else "%s"
    return text.replace("{id}", ident).replace("?", mark).replace("{t}", raw.qualified_table())


def _run(raw: RawLog, statements: list[tuple[str, tuple[object, ...]]]) -> None:
    with raw.datastore.transaction(commit=True) as c:
        for text, params in statements:
            c.execute(_sql(raw, text), params)


def tamper(settings: Settings, store: str, kind: str) -> Tampered:
    """Alter, delete, insert or reorder rows in the middle of `store`'s events table."""
    with RawLog(settings, store) as raw:
        events = list(raw.events())
        middle = events[len(events) // 2]
        if kind == "altered":
            state = middle.state.replace(b"auditor", b"administrator")
            state = state if state != middle.state else middle.state + b" "
            _run(
                raw, [("UPDATE {t} SET state = ? WHERE {id} = ?", (state, middle.notification_id))]
            )
            return Tampered(kind, (middle,))
        if kind == "deleted":
            _run(raw, [("DELETE FROM {t} WHERE {id} = ?", (middle.notification_id,))])
            return Tampered(kind, (middle,))
        if kind == "inserted":
            forged = RawEvent(0, uuid4(), 1, middle.topic, middle.state)
            key: object = forged.originator_id.hex if raw.is_sqlite() else forged.originator_id
            statement = (
                "INSERT INTO {t} ({id}, originator_id, originator_version, topic, state) "
                "VALUES (?, ?, ?, ?, ?)"
            )
            _run(raw, [(statement, (0, key, 1, forged.topic, forged.state))])
            return Tampered(kind, (forged,))
        if kind == "reordered":
            other = next(
                e for e in events[len(events) // 2 + 1 :] if e.originator_id != middle.originator_id
            )
            a, b = middle.notification_id, other.notification_id
            update = "UPDATE {t} SET {id} = ? WHERE {id} = ?"
            _run(raw, [(update, (-1, a)), (update, (a, b)), (update, (b, -1))])
            return Tampered(kind, (middle, other))
    raise ValueError(kind)
