"""Tables of frozen rows: one dataclass per table, its columns read from its fields.

Rows are the unit a view stores: a projection loads the rows an event touches,
replaces them with new frozen values, and the store writes them back in the same
transaction as the view's tracking position. The same rows are what the views'
query methods return, so a view's contract is its row dataclasses.
"""

from __future__ import annotations

import dataclasses
import operator
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Generic, TypeVar
from uuid import UUID

R = TypeVar("R")

KINDS: dict[object, str] = {UUID: "uuid", str: "text", int: "int", bool: "bool", date: "date"}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    nullable: bool


@dataclass(frozen=True)
class Table(Generic[R]):
    """A table of `row` dataclasses keyed by the field `key`, with secondary indexes."""

    suffix: str
    row: type[R]
    key: str
    indexes: tuple[tuple[str, ...], ...] = ()
    # Columns summed on conflict instead of replaced: a row written twice adds up
    # (pre-aggregated counters, see `projections.counters`).
    additive: tuple[str, ...] = ()
    # Whether a batch loads this table's rows by its events' originator ids up front.
    prefetched: bool = True
    # Stored primary key columns, for tables written but never loaded back by key
    # (counters): the row's `key` field is then not stored but derived, as the `|`-join of
    # these columns' text (`derived_key`), and the table is one B-tree ordered as its
    # queries read it (no rowid on SQLite; on PostgreSQL the key index includes the
    # additive columns, so sums are read from the index alone).
    primary: tuple[str, ...] = ()

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        """The stored columns: every field of `row`, but the derived key of a `primary` table."""
        hints = typing.get_type_hints(self.row)
        return tuple(
            _column(f.name, hints[f.name])
            for f in dataclasses.fields(self.row)  # type: ignore[arg-type]
            if not (self.primary and f.name == self.key)
        )

    @property
    def conflict(self) -> tuple[str, ...]:
        """The stored primary key's columns (an upsert's conflict target)."""
        return self.primary or (self.key,)

    def derived_key(self, values: dict[str, Any]) -> str:
        """The `key` of a `primary` table's row from its stored values."""
        return "|".join(str(values[name]) for name in self.primary)

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns)

    @cached_property
    def kinds(self) -> dict[str, str]:
        return {c.name: c.kind for c in self.columns}

    def key_of(self, row: R) -> object:
        key: object = getattr(row, self.key)
        return key

    @cached_property
    def _getter(self) -> Callable[[R], tuple[Any, ...]]:
        return operator.attrgetter(*(c.name for c in self.columns))

    def values(self, row: R) -> tuple[Any, ...]:
        return self._getter(row)


def _column(name: str, hint: object) -> Column:
    nullable = False
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(hint))
        hint = args[0]
    if hint not in KINDS:
        raise TypeError(f"column {name}: unsupported type {hint!r}")
    return Column(name, KINDS[hint], nullable)


def path_text(path: list[UUID]) -> str:
    """An agency path as stored: `/root/.../agency/`, so a subtree is `LIKE '%/id/%'`."""
    key = tuple(p.int for p in path)
    text = _PATHS.get(key)
    if text is None:
        text = "/" + "/".join(str(p) for p in path) + "/"
        if len(_PATHS) < MAX_CACHED_PATHS:
            _PATHS[key] = text
    return text


_PATHS: dict[tuple[int, ...], str] = {}  # agencies are few; their paths recur in every event
MAX_CACHED_PATHS = 100_000


def subtree_pattern(agency_id: UUID) -> str:
    return f"%/{agency_id}/%"
