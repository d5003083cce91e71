"""A batch's session: the rows one batch of a view reads and changes (`projections.store`).

Handlers read rows through `Session.get` (the batch's own rows first, then the rows
known newer than the store's, then the store), and change them with `put`, `update`,
`add` and `delete`; `changes()` hands the changed rows to `RowStore.write`, which
commits them with the view's tracking position in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from projections.rows import Table

if TYPE_CHECKING:
    from projections.store import RowStore

R = TypeVar("R")

Changes = dict[str, dict[object, Any]]  # table suffix -> internal key -> row, or Gone


class Session:
    """The rows one batch reads and changes.

    `base` holds rows known to be newer than the store's (the previous batch's, still
    being written, or everything a rebuild has seen); with `complete`, a key absent
    from `base` is known to have no row, so nothing is read from the store. Keys are
    held as `_k(key)` (a UUID's int), whose hashing is done in C.
    """

    def __init__(
        self, store: RowStore, base: Changes | None = None, complete: bool = False
    ) -> None:
        self._store = store
        self._base = base or {}
        self._complete = complete
        self._rows: Changes = {t.suffix: {} for t in store.tables}
        self._dirty: dict[str, set[object]] = {t.suffix: set() for t in store.tables}
        # The event being handled: its log position and when it was recorded (set by
        # the projection before each handler; see `projections.counters`).
        self.position: int = 0
        self.recorded_at: datetime | None = None
        self.memo: dict[str, Any] = {}  # what writers remember within this batch
        self._on_changes: list[Callable[[], None]] = []

    def on_changes(self, hook: Callable[[], None]) -> None:
        """Call `hook` (once) when the changes are collected: rows made from a batch's notes."""
        self._on_changes.append(hook)

    def prefetch(self, keys: Iterable[object]) -> None:
        """Load every table's rows with these keys, one query per table and chunk."""
        if self._complete:  # nothing to load: `get` finds a key in `base` or knows it absent
            return
        wanted = {_k(key): key for key in keys}
        for table in self._store.tables:
            if not table.prefetched:
                continue
            cache = self._rows[table.suffix]
            base = self._base.get(table.suffix, {})
            missing = [k for k in wanted if k not in cache and k not in base]
            if missing:
                cache.update(dict.fromkeys(missing))
                found = self._store.load_rows(table, [wanted[k] for k in missing])
                cache.update((_k(key), row) for key, row in found.items())

    def get(self, table: Table[R], key: object) -> R | None:
        k = _k(key)
        cache = self._rows[table.suffix]
        if k in cache:
            found = cache[k]
        else:
            base = self._base.get(table.suffix, {})
            if k in base:
                found = base[k]
            else:
                found = None if self._complete else self._store.load_rows(table, [key]).get(key)
                cache[k] = found
        return None if found is None or found.__class__ is Gone else found

    def put(self, table: Table[R], row: R) -> None:
        k = _k(table.key_of(row))
        self._rows[table.suffix][k] = row
        self._dirty[table.suffix].add(k)

    def update(self, table: Table[R], key: object, **changes: object) -> R | None:
        """Replace the row with `key` by a copy with `changes`; None when there is no row."""
        row = self.get(table, key)
        if row is None:
            return None
        k = _k(key)
        dirty = self._dirty[table.suffix]
        if k in dirty:  # a copy this batch made: nobody else holds it yet
            _check(table, changes)
            row.__dict__.update(changes)
            return row
        new = _replace(table, row, changes)
        self._rows[table.suffix][k] = new
        dirty.add(k)
        return new

    def add(self, table: Table[R], row: R) -> None:
        """Add `row` to this batch's row with its key, summing `table.additive` columns.

        The store is not read: the sum is added to the stored row when written.
        """
        k = _k(table.key_of(row))
        pending = self._rows[table.suffix]
        dirty = self._dirty[table.suffix]
        current = pending.get(k) if k in dirty else None
        if current is None:
            pending[k] = row
            dirty.add(k)
            return
        for column in table.additive:
            current.__dict__[column] += getattr(row, column)

    def add_all(self, table: Table[R], rows: Mapping[object, R]) -> None:
        """`add` for many rows, given by their keys (a batch's rolled-up counters)."""
        pending = self._rows[table.suffix]
        dirty = self._dirty[table.suffix]
        if not dirty:
            keyed = {_k(key): row for key, row in rows.items()}
            pending.update(keyed)
            dirty.update(keyed)
            return
        for row in rows.values():
            self.add(table, row)

    def delete(self, table: Table[Any], key: object) -> None:
        k = _k(key)
        self._rows[table.suffix][k] = Gone(key)
        self._dirty[table.suffix].add(k)

    def changes(self) -> Changes:
        """The rows changed (`Gone` when deleted), by table suffix and internal key."""
        hooks, self._on_changes = self._on_changes, []
        for hook in hooks:
            hook()
        found: Changes = {}
        for suffix, dirty in self._dirty.items():
            if dirty:
                rows = self._rows[suffix]
                # Every row changed (tables only written to, as the counters'): handed over
                # whole, not copied; the session is not used after its changes are taken.
                found[suffix] = rows if len(rows) == len(dirty) else {k: rows[k] for k in dirty}
        return found


@dataclass(frozen=True)
class Gone:
    """A row deleted in a batch."""

    key: object


def _k(key: object) -> object:
    return key.int if key.__class__ is UUID else key


def _check(table: Table[Any], changes: dict[str, object]) -> None:
    if not changes.keys() <= table.names:
        raise TypeError(f"{table.suffix}: no columns {sorted(changes.keys() - table.names)}")


def _replace(table: Table[R], row: R, changes: dict[str, object]) -> R:
    """`dataclasses.replace` for a frozen row, without re-running `__init__` (a hot path)."""
    _check(table, changes)
    new = object.__new__(type(row))
    new.__dict__.update(row.__dict__)
    new.__dict__.update(changes)
    return new
