"""A case or user whose stored history lost or changed an event answers 409, naming it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from api import sessions
from ops.history import generate
from ops.integrity.rawlog import RawLog
from ops.settings import Settings
from tests.api.conftest import World, make_world
from tests.integrity.conftest import catch_up_integrity


@pytest.fixture
def world(integrity_settings: Settings) -> Iterator[World]:
    yield from make_world(integrity_settings)


def _stores(w: World) -> Any:
    return w.client.app.state.stores  # type: ignore[attr-defined]


def _delete(settings: Settings, store: str, notification_id: int) -> None:
    with RawLog(settings, store) as raw:
        ident = "rowid" if raw.is_sqlite() else "notification_id"
        mark = "?" if raw.is_sqlite() else "%s"
        with raw.datastore.transaction(commit=True) as c:
            c.execute(
                f"DELETE FROM {raw.qualified_table()} WHERE {ident} = {mark}",  # noqa: S608
                (notification_id,),
            )


def test_a_case_missing_a_middle_event_answers_409_naming_it(
    world: World, integrity_settings: Settings
) -> None:
    w = world
    generate(_stores(w).petitions, 6, seed=2)
    catch_up_integrity(integrity_settings)
    with RawLog(integrity_settings, "petitions") as raw:
        events = list(raw.events())
    counts: dict[Any, list[Any]] = {}
    for event in events:
        if event.topic.startswith("domain.case:Case."):
            counts.setdefault(event.originator_id, []).append(event)
    case_id, case_events = max(counts.items(), key=lambda item: len(item[1]))
    assert len(case_events) >= 3
    assert w.get("auditor", f"/cases/{case_id}/history").status_code == 200
    middle = case_events[1]
    _delete(integrity_settings, "petitions", middle.notification_id)
    _stores(w).petitions.repository.cache = None  # as after a restart: nothing cached

    for path in (f"/cases/{case_id}", f"/cases/{case_id}/history"):
        answer = w.get("auditor", path)
        assert answer.status_code == 409, answer.text
        problem = answer.json()
        assert problem["title"] == "broken-history"
        assert str(case_id) in problem["detail"]
        assert "version 2" in problem["detail"]


def test_a_user_whose_role_grant_was_edited_answers_409_on_its_history(
    world: World, integrity_settings: Settings
) -> None:
    w = world
    catch_up_integrity(integrity_settings)
    user_id = w.user_ids["officer2"]
    assert w.get("auditor", f"/users/{user_id}/history").status_code == 200
    with RawLog(integrity_settings, "accounts") as raw:
        grant = next(e for e in raw.of_aggregate(user_id) if e.topic.endswith("RoleGranted"))
        ident = "rowid" if raw.is_sqlite() else "notification_id"
        mark = "?" if raw.is_sqlite() else "%s"
        with raw.datastore.transaction(commit=True) as c:
            c.execute(
                f"UPDATE {raw.qualified_table()} SET state = {mark} WHERE {ident} = {mark}",  # noqa: S608
                (grant.state.replace(b"officer", b"auditor"), grant.notification_id),
            )
    # The forged grant is not obeyed: the user's own requests answer 409 too.
    refused = w.get("officer2", "/users/me")
    assert refused.status_code == 409, refused.text
    assert refused.json()["title"] == "broken-history"
    answer = w.get("auditor", f"/users/{user_id}/history")
    assert answer.status_code == 409, answer.text
    assert f"version {grant.originator_version}" in answer.json()["detail"]
    assert "differs from the integrity log" in answer.json()["detail"]


def test_a_cached_user_whose_history_is_edited_answers_409_at_the_next_check(
    world: World, integrity_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world
    catch_up_integrity(integrity_settings)
    assert w.get("officer2", "/users/me").status_code == 200  # the session is now cached
    user_id = w.user_ids["officer2"]
    with RawLog(integrity_settings, "accounts") as raw:
        grant = next(e for e in raw.of_aggregate(user_id) if e.topic.endswith("RoleGranted"))
        ident = "rowid" if raw.is_sqlite() else "notification_id"
        mark = "?" if raw.is_sqlite() else "%s"
        with raw.datastore.transaction(commit=True) as c:
            c.execute(
                f"UPDATE {raw.qualified_table()} SET state = {mark} WHERE {ident} = {mark}",  # noqa: S608
                (grant.state.replace(b"officer", b"auditor"), grant.notification_id),
            )
    monkeypatch.setattr(sessions, "RECHECK_SECONDS", 0.0)  # the interval has passed
    for _ in range(2):  # refused, and not kept: refused again
        refused = w.get("officer2", "/users/me")
        assert refused.status_code == 409, refused.text
        assert refused.json()["title"] == "broken-history"
