"""A petition's data keys are committed with its events, in one transaction.

Before, the keys were stored by a transaction of their own just before the events':
two commits (two fsyncs on SQLite) for each petition, and a key row left behind
when the events' insert then failed.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.act import Act
from domain.application import Petitions
from domain.application_identity import PersonalData
from domain.case import Petition
from domain.errors import DuplicateError
from domain.kinds import Channel
from ops.settings import Settings

ON = date(2025, 8, 1)


def _province(app: Petitions) -> UUID:
    act = Act("admin", uuid4(), date(2025, 1, 2), "establishment")
    return app.register_agency("UBND tỉnh", "TN", "province", None, act).id


def _key_rows(app: Petitions) -> int:
    return len(app.vault.store.page(None, 1000))  # type: ignore[attr-defined]


@pytest.mark.parametrize("person", [PersonalData("Trần Thị B"), None], ids=["named", "anonymous"])
def test_a_petitions_keys_are_not_stored_when_its_events_are_not(
    store_settings: Settings, monkeypatch: pytest.MonkeyPatch, person: PersonalData | None
) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    try:
        act = Act("officer-1", _province(app), ON)
        petition = Petition("", Channel.POST, "Đơn thử")
        first = app.record_petition(petition, act, person)
        before = _key_rows(app)
        assert before == 1  # the identity's key seals the summary too; else a case key

        # Every code drawn is the first petition's: each attempt's insert meets it.
        code = app.get_case(first.id).reference_code
        monkeypatch.setattr("domain.application.new_reference_code", lambda *_: code)
        with pytest.raises(DuplicateError):
            app.record_petition(petition, act, person)
        monkeypatch.undo()
        assert _key_rows(app) == before  # no key of the petition that was not stored
        # The next petition stores its own key (the refused attempts' stay pending: they
        # were sealed on this thread, and are stored with its next save, as `flush` did).
        written = app.record_petition(petition, act, person)
        case = app.get_case(written.id)
        assert app.summary_of(case) == "Đơn thử"
        if person is not None:
            assert app.disclose_identity(case.id, "officer-1", "xử lý").person == person
    finally:
        app.close()


def test_a_petition_and_its_keys_take_one_commit(
    store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = Petitions(store_settings.eventsourcing_env())
    try:
        act = Act("officer-1", _province(app), ON)
        petition = Petition("", Channel.POST, "Đơn thử")
        app.record_petition(petition, act, PersonalData("Trần Thị B"))  # the tables exist
        key_store = app.vault.store  # type: ignore[attr-defined]
        own: list[int] = []
        monkeypatch.setattr(key_store, "put_many", lambda keys: own.append(len(keys)))
        written = app.record_petition(petition, act, PersonalData("Lê Văn C"))
        assert own == []  # no transaction of the keys' own
        case = app.get_case(written.id)
        assert app.summary_of(case) == "Đơn thử"
        assert app.disclose_identity(case.id, "officer-1", "xử lý").person.full_name == "Lê Văn C"
    finally:
        app.close()


def test_a_key_sealed_on_another_thread_is_left_to_the_save_naming_it(
    store_settings: Settings,
) -> None:
    """A save writes the keys its events name and those sealed on its thread, no other."""
    app = Petitions(store_settings.eventsourcing_env())
    try:
        act = Act("officer-1", _province(app), ON)
        sealed: list[tuple[UUID, str]] = []
        saved = threading.Event()

        def seal_then_wait() -> None:
            sealed.append(app.vault.seal({"x": "y"}))
            saved.wait(30)

        thread = threading.Thread(target=seal_then_wait)
        thread.start()
        while not sealed:
            time.sleep(0.01)
        ((key_id, _),) = sealed
        # A key of another thread (still running) that no saved event names stays pending.
        app.record_petition(Petition("", Channel.POST, "Đơn thử"), act, None)
        assert app.vault.store.get(key_id) is None  # type: ignore[attr-defined]
        assert app.vault.unseal(*sealed[0]) == {"x": "y"}  # pending: it opens
        saved.set()
        thread.join()
    finally:
        app.close()


def test_a_key_sealed_on_a_thread_that_ended_is_stored_by_the_next_save(
    store_settings: Settings,
) -> None:
    """No save of its own will come: the next one stores it, as `flush` did."""
    app = Petitions(store_settings.eventsourcing_env())
    try:
        act = Act("officer-1", _province(app), ON)
        sealed: list[tuple[UUID, str]] = []
        thread = threading.Thread(target=lambda: sealed.append(app.vault.seal({"x": "y"})))
        thread.start()
        thread.join()
        ((key_id, _),) = sealed
        app.record_petition(Petition("", Channel.POST, "Đơn thử"), act, None)
        assert app.vault.store.get(key_id) is not None  # type: ignore[attr-defined]
    finally:
        app.close()
