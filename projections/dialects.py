"""How each store spells a view's column types, placeholders and values.

`Dialect.encoder` turns a row dataclass into the values a store writes, converting
only the columns whose kind the store does not take as is (SQLite: UUIDs, dates and
booleans as text and integers; PostgreSQL: none).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar, Protocol, TypeAlias
from uuid import UUID

from projections.rows import Table

StoredId: TypeAlias = UUID | str
"""A UUID as a store's rows return it: SQLite's text, PostgreSQL's UUID.

Reads that look rows up by ids they read (the deadlines report's) pass them on as
returned and match the rows found by them: no id parsed or written out again a row.
"""


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[object] = ..., /) -> object: ...
    def executemany(self, sql: str, params: Sequence[Sequence[object]], /) -> object: ...
    def fetchall(self) -> list[Any]: ...
    def fetchone(self) -> Any: ...  # noqa: ANN401


def sql_in(column: str, values: Sequence[object]) -> tuple[str, list[object]]:
    """`column IN (?, ...)` with one parameter a value; never true for no values."""
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


class Dialect:
    """How one store spells types, placeholders and values."""

    types: ClassVar[dict[str, str]]
    converted: ClassVar[frozenset[str]] = frozenset()

    def sql(self, text: str) -> str:
        return text

    def primary_key(self, table: Table[Any]) -> str:
        """The end of a table's definition: its primary key, then the closing parenthesis."""
        return f"PRIMARY KEY ({', '.join(table.conflict)}))"

    def to_db(self, value: object) -> object:
        return value

    def any_of(self, column: str, values: Sequence[object]) -> tuple[str, list[object]]:
        """`column` is one of `values`: one `?` a value (`IN`); PostgreSQL's is one array."""
        return sql_in(column, values)

    def from_db(self, kind: str, value: object) -> object:
        return value

    def encoder(self, table: Table[Any]) -> Callable[[Any], Sequence[object]]:
        """A row's values as written: only the columns of a converted kind are converted."""
        found = self._encoders.get(table)
        if found is None:
            found = self._encoders[table] = self._make_encoder(table)
        return found

    def _make_encoder(self, table: Table[Any]) -> Callable[[Any], Sequence[object]]:
        converted = [
            (i, self.converter(c.kind))
            for i, c in enumerate(table.columns)
            if c.kind in self.converted
        ]
        if not converted:
            return table.values
        # One tuple expression a table (as `dataclasses` builds its methods): no loop a row.
        names = {i: f"_c{i}" for i, _ in converted}
        parts = [
            f"{names[i]}(row.{c.name})" if i in names else f"row.{c.name}"
            for i, c in enumerate(table.columns)
        ]
        namespace: dict[str, Any] = {names[i]: convert for i, convert in converted}
        source = f"def encode(row):\n    return ({', '.join(parts)},)\n"
        exec(source, namespace)  # noqa: S102  # column names are the row dataclass's fields
        encode: Callable[[Any], Sequence[object]] = namespace["encode"]
        return encode

    def converter(self, kind: str) -> Callable[[object], object]:
        """How a value of a column of `kind` is written."""
        del kind
        return self.to_db

    @property
    def _encoders(self) -> dict[Table[Any], Callable[[Any], Sequence[object]]]:
        cache: dict[Table[Any], Callable[[Any], Sequence[object]]] | None
        cache = self.__dict__.get("_encoder_cache")
        if cache is None:
            cache = self.__dict__["_encoder_cache"] = {}
        return cache


_UUID_TEXT: dict[int, str] = {}  # agency ids recur in most rows; str(UUID) is slow
MAX_UUID_TEXTS = 100_000
_STORED_AS_IS: frozenset[type] = frozenset({str, int, float, bytes, type(None)})


def _uuid_text(value: object) -> object:
    """A UUID as SQLite stores it (other values as `SQLiteDialect.to_db` writes them)."""
    if value.__class__ is not UUID:
        return _SQLITE.to_db(value)
    number = value.int
    text = _UUID_TEXT.get(number)
    if text is None:
        if len(_UUID_TEXT) >= MAX_UUID_TEXTS:
            _UUID_TEXT.clear()
        text = _UUID_TEXT[number] = str(value)
    return text


def _date_text(value: object) -> object:
    if value.__class__ is date:
        return value.isoformat()
    return _SQLITE.to_db(value)


class SQLiteDialect(Dialect):
    converted: ClassVar[frozenset[str]] = frozenset({"uuid", "date", "bool"})
    types: ClassVar[dict[str, str]] = {
        "uuid": "TEXT",
        "text": "TEXT",
        "int": "INTEGER",
        "bool": "INTEGER",
        "date": "TEXT",
    }

    def to_db(self, value: object) -> object:
        cls = value.__class__
        if cls in _STORED_AS_IS:  # most values: no isinstance chain (a rebuild's hot path)
            return value
        if isinstance(value, UUID):
            return str(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
        return value

    def converter(self, kind: str) -> Callable[[object], object]:
        return {"uuid": _uuid_text, "date": _date_text}.get(kind, self.to_db)

    def primary_key(self, table: Table[Any]) -> str:
        """A `primary` table is its key's B-tree alone (no rowid, no second copy of the key)."""
        clause = super().primary_key(table)
        return f"{clause} WITHOUT ROWID" if table.primary else clause

    def from_db(self, kind: str, value: object) -> object:
        if value is None:
            return None
        if kind == "uuid":
            return UUID(str(value))
        if kind == "date":
            return date.fromisoformat(str(value))
        if kind == "bool":
            return bool(value)
        return value


_SQLITE = SQLiteDialect()


class PostgresDialect(Dialect):
    types: ClassVar[dict[str, str]] = {
        "uuid": "UUID",
        "text": "TEXT",
        "int": "BIGINT",
        "bool": "BOOLEAN",
        "date": "DATE",
    }

    def sql(self, text: str) -> str:
        return text.replace("%", "%%").replace("?", "%s")

    def any_of(self, column: str, values: Sequence[object]) -> tuple[str, list[object]]:
        """One array parameter: the statement's text does not depend on how many values.

        psycopg parses a statement of more than 50 parameters anew at each execution (its
        cache keeps fewer), and prepares one statement a length of the list. UUIDs go as
        one array literal: psycopg's list dumper takes twice as long over their texts.
        """
        if not values:
            return "1 = 0", []
        if all(v.__class__ is UUID for v in values):
            return f"{column} = ANY(CAST(? AS uuid[]))", ["{" + ",".join(map(str, values)) + "}"]
        return f"{column} = ANY(?)", [list(values)]

    def primary_key(self, table: Table[Any]) -> str:
        """A `primary` table's key index includes its sums: reports read the index alone."""
        if table.primary and table.additive:
            key, sums = ", ".join(table.primary), ", ".join(table.additive)
            return f"PRIMARY KEY ({key}) INCLUDE ({sums}))"
        return super().primary_key(table)
