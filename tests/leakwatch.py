"""A watch over a story: no petitioner's personal data in logs, tables, public answers or exports.

`watching()` notes every name, address, contact and id number a story records (where
the domain checks them before sealing), and every petition summary it seals and captures every log line (structlog and the
standard library, uvicorn's included: all go through `api.logs`). `check()` then looks
for each of them, as written and as JSON-, URL- or HTML-escaped, in the captured log,
in every table of the store (views, events, snapshots, tracking, accounts), and in the
public and export answers of every case. The only place the data may be read is the
disclosure endpoint, whose every read is recorded.
"""

from __future__ import annotations

import html
import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus
from uuid import UUID

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from api import logs
from domain import identity
from domain.application import Petitions
from domain.reference import ReferenceIndex
from domain.sealing import SummarySeal

if TYPE_CHECKING:
    from ops.settings import Settings
    from tests.api.conftest import World

TOPICS = [f"domain.agency:Agency.{name}" for name in ("Registered", "Renamed")]
MIN_LENGTH = 6  # shorter values ("Thôn 3" is six) could match ids or dates by chance
# A one-word summary ("second") is also a part of stored field names
# (`second_instance_case_id`): only summaries this long are told apart from the record.
MIN_SUMMARY_LENGTH = 12
CASES_CHECKED = 4  # the most recent cases whose public answers and exports are read


@dataclass
class Watch:
    """What one story recorded, and what it logged."""

    secrets: set[str] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)
    # Each summary sealed (docs/summary-sealing.md), with the data keys it was sealed under.
    summaries: dict[str, set[UUID]] = field(default_factory=dict)

    def leaks(self, where: str, text: str) -> list[str]:
        return [f"{secret!r} in {where}" for secret in self.secrets if _found(secret, text)]


class _Records(logging.Handler):
    def __init__(self, watch: Watch) -> None:
        super().__init__(logging.DEBUG)
        self.watch = watch

    def emit(self, record: logging.LogRecord) -> None:
        self.watch.lines.append(f"{record.name} {record.getMessage()} {record.exc_text or ''}")


@contextmanager
def watching() -> Iterator[Watch]:
    """Note the personal data recorded and capture every log line while the story runs."""
    watch = Watch()
    checked = identity.checked_personal_data
    write = logs._Stdout.write

    def noting(*values: str) -> dict[str, str]:
        fields = checked(*values)
        watch.secrets |= {v for v in fields.values() if len(v) >= MIN_LENGTH}
        return fields

    def tee(self: logs._Stdout, text: str) -> int:
        watch.lines.append(text)
        return write(self, text)

    sealed = SummarySeal.sealed

    def noting_summary(seal: SummarySeal, summary: str) -> tuple[str, UUID]:
        text, key_id = sealed(seal, summary)
        if len(summary) >= MIN_SUMMARY_LENGTH:
            watch.summaries.setdefault(summary, set()).add(key_id)
        return text, key_id

    handler = _Records(watch)
    root = logging.getLogger()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(identity, "checked_personal_data", noting)
        patch.setattr(SummarySeal, "sealed", noting_summary)
        patch.setattr(logs._Stdout, "write", tee)
        root.addHandler(handler)
        try:
            yield watch
        finally:
            root.removeHandler(handler)


def check(watch: Watch, world: World | None, settings: Settings) -> None:
    """Fail naming every place a recorded secret shows up (answers only with a `world`).

    A sealed summary may be in no log line and no table; once every data key it was
    sealed under is erased (shredded), in no answer either: before that, case readers
    read it in the case answers and exports.
    """
    watch.secrets -= _in_agency_names(watch.secrets, settings)
    summaries = set(watch.summaries)
    shredded = _shredded(watch.summaries, settings) if summaries else set()
    if not watch.secrets and not summaries:
        return
    found = watch.leaks("the log", "\n".join(watch.lines))
    found += _summary_leaks(summaries, "the log", "\n".join(watch.lines))
    for where, text in _tables(settings):
        found += watch.leaks(where, text) + _summary_leaks(summaries, where, text)
    for where, text in _answers(world) if world else ():
        found += watch.leaks(where, text) + _summary_leaks(shredded, where, text)
    assert not found, "personal data leaked:\n" + "\n".join(sorted(set(found)))


def _summary_leaks(summaries: set[str], where: str, text: str) -> list[str]:
    return [f"summary {s!r} in {where}" for s in summaries if _found(s, text)]


def _shredded(summaries: dict[str, set[UUID]], settings: Settings) -> set[str]:
    """The summaries whose every data key was erased."""
    app = Petitions(settings.eventsourcing_env())
    try:
        return {s for s, keys in summaries.items() if not any(map(app.vault.has_key, keys))}
    finally:
        app.close()


def _in_agency_names(secrets: set[str], settings: Settings) -> set[str]:
    """Addresses that are also (part of) an agency's name ("Bắc Kạn"): no telling them apart."""
    app = Petitions(settings.eventsourcing_env())
    try:
        names = [
            str(getattr(app.mapper.to_domain_event(note), "name", ""))
            for note in app.recorder.select_notifications(start=1, limit=1_000_000, topics=TOPICS)
        ]
    finally:
        app.close()
    return {secret for secret in secrets if any(secret in name for name in names)}


def _found(secret: str, text: str) -> bool:
    forms = {
        secret,
        json.dumps(secret)[1:-1],
        quote(secret),
        quote_plus(secret),
        html.escape(secret),
    }
    return any(form in text for form in forms)


def _tables(settings: Settings) -> Iterator[tuple[str, str]]:
    if settings.uses_postgres:
        yield from _postgres_tables(settings)
    else:
        for path in sorted(Path(settings.sqlite_dbname).parent.glob("*.sqlite")):
            yield from _sqlite_tables(path)


def _sqlite_tables(path: Path) -> Iterator[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for name in names:
            rows = conn.execute(f'SELECT * FROM "{name}"').fetchall()  # noqa: S608
            yield f"table {name} of {path.name}", _text(rows)


def _postgres_tables(settings: Settings) -> Iterator[tuple[str, str]]:
    params = {
        "host": settings.postgres_host,
        "port": settings.postgres_port,
        "user": settings.postgres_user,
        "password": settings.postgres_password,
        "dbname": settings.postgres_dbname,
    }
    schema = settings.postgres_schema
    with psycopg.connect(**params, autocommit=True) as conn:  # type: ignore[arg-type]
        names = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema,),
            )
        ]
        for name in names:
            query = sql.SQL("SELECT * FROM {}").format(sql.Identifier(schema, name))
            yield f"table {schema}.{name}", _text(conn.execute(query).fetchall())


def _text(rows: list[Any]) -> str:
    parts = []
    for row in rows:
        for value in row:
            if isinstance(value, bytes | memoryview):
                parts.append(bytes(value).decode("utf-8", errors="replace"))
            else:
                parts.append(str(value))
    return "\n".join(parts)


def _answers(world: World) -> Iterator[tuple[str, str]]:
    """Public answers and exports: what anyone, or any staff member, may download."""
    client = world.client
    codes = _reference_codes(world)[-CASES_CHECKED:]
    staff = {user: h["Authorization"].removeprefix("Bearer ") for user, h in world.headers.items()}
    year = datetime.now(UTC).year
    lists = ["/open311/v2/requests.json", "/open311/v2/requests.xml", "/queue.json", "/queue.csv"]
    lists += [f"/directory/meetings.json?year={year}", f"/directory/meetings.csv?year={year}"]
    lists += ["/cases?limit=500", "/meetings"]
    cases: list[str] = []
    for code, case_id in codes:
        cases += [f"/public/cases/{code}", f"/track.json?code={code}"]
        cases += [f"/open311/v2/requests/{code}.json", f"/case/{case_id}.json"]
        cases += [f"/case/{case_id}.csv", f"/cases/{case_id}/history"]
    for user in [None, *(u for u in ("auditor", "officer") if u in staff)]:
        cookies = {"petitions_session": staff[user]} if user else {}
        headers = world.headers.get(user, {}) if user else {}
        browser = TestClient(client.app, headers=headers, cookies=cookies)
        # Every case as the public and the auditor (who may read them all); lists as everyone.
        for path in [*lists, *(cases if user in {None, "auditor"} else [])]:
            yield f"GET {path} as {user or 'the public'}", browser.get(path).text


def _reference_codes(world: World) -> list[tuple[str, str]]:
    petitions = world.client.app.state.stores.petitions  # type: ignore[attr-defined]
    topic = f"{ReferenceIndex.__module__}:{ReferenceIndex.__qualname__}.Registered"
    codes = []
    for note in petitions.recorder.select_notifications(start=1, limit=1_000_000, topics=[topic]):
        event = petitions.mapper.to_domain_event(note)
        codes.append((event.code, str(event.case_id)))
    return codes
