"""Caches that the log invalidates: what changed is forgotten, the rest kept."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest
from eventsourcing.utils import get_topic

from domain.accounts import Accounts
from domain.read_cache import LogWatch, WatchedCache
from domain.users import Role, User
from ops.settings import Settings
from ops.wiring import accounts_env


@pytest.fixture
def accounts(store_settings: Settings) -> Iterator[Accounts]:
    app = Accounts(accounts_env(store_settings))
    yield app
    app.close()


def register(accounts: Accounts, name: str) -> UUID:
    return accounts.register_user(name, "not-a-hash", Role.AUDITOR, None, "test").id


def test_only_what_changed_is_forgotten(accounts: Accounts) -> None:
    first, second = register(accounts, "first"), register(accounts, "second")
    cache: WatchedCache[UUID, str] = WatchedCache(LogWatch(accounts.recorder), lambda k, _: {k})
    loads: list[UUID] = []

    def load(user_id: UUID) -> str:
        loads.append(user_id)
        return accounts.user(user_id).username

    assert [cache.get(first, load), cache.get(second, load)] == ["first", "second"]
    assert [cache.get(first, load), cache.get(second, load)] == ["first", "second"]
    assert loads == [first, second]
    accounts.deactivate(first, "test")
    assert cache.get(second, load) == "second"
    assert cache.get(first, load) == "first"
    assert loads == [first, second, first]


def test_a_long_gap_forgets_everything(accounts: Accounts) -> None:
    first = register(accounts, "first")
    cache: WatchedCache[UUID, int] = WatchedCache(
        LogWatch(accounts.recorder, page=3), lambda k, _: {k}
    )
    calls: list[UUID] = []
    cache.get(first, lambda k: calls.append(k) or len(calls))
    for n in range(4):  # more than a page: the watch cannot tell what changed
        register(accounts, f"other-{n}")
    cache.get(first, lambda k: calls.append(k) or len(calls))
    assert calls == [first, first]


def test_the_cache_is_bounded(accounts: Accounts) -> None:
    users = [register(accounts, f"user-{n}") for n in range(3)]
    cache: WatchedCache[UUID, UUID] = WatchedCache(
        LogWatch(accounts.recorder), lambda k, _: {k}, size=2
    )
    for user in users:
        cache.get(user, lambda k: k)
    assert cache.loads == 3
    cache.get(users[0], lambda k: k)  # evicted first: loaded again
    assert cache.loads == 4


def test_a_value_loaded_while_its_originator_changed_is_not_kept(accounts: Accounts) -> None:
    first = register(accounts, "first")
    cache: WatchedCache[UUID, bool] = WatchedCache(LogWatch(accounts.recorder), lambda k, _: {k})
    cache.get(first, lambda _: True)  # the watch has looked once
    cache.forget(first)

    def stale_load(user_id: UUID) -> bool:
        active = accounts.user(user_id).active  # read before the change below is saved
        accounts.deactivate(user_id, "test")  # saved meanwhile, e.g. by another process
        cache.refresh()  # another request of this process sees the change first
        return active

    assert cache.get(first, stale_load) is True  # a lookup concurrent with the change
    assert cache.get(first, lambda k: accounts.user(k).active) is False


class Counting:
    """A recorder whose reads are counted."""

    def __init__(self, recorder: object) -> None:
        self.recorder = recorder
        self.queries = 0

    def __getattr__(self, name: str) -> object:
        attribute = getattr(self.recorder, name)
        if name in {"select_notifications", "select_changes", "max_notification_id"}:
            self.queries += 1
        return attribute


def test_a_topic_watch_looks_past_a_commands_events_in_one_query(accounts: Accounts) -> None:
    """A look after a few events is one query; what it answers is as by topic."""
    first = register(accounts, "first")
    recorder = Counting(accounts.recorder)
    topic = get_topic(User.Deactivated)
    watch = LogWatch(recorder, topics=[topic])  # type: ignore[arg-type]
    assert watch.changed() is None  # the first look: where the log stands
    accounts.deactivate(first, "test")
    second = register(accounts, "second")
    recorder.queries = 0
    assert watch.changed() == {first}  # the deactivation; not the registration
    assert recorder.queries == 1
    assert watch.changed() == set()
    assert recorder.queries == 2  # nothing new: one query too
    for n in range(40):  # a gap longer than a short one: looked at by topic
        register(accounts, f"other-{n}")
    accounts.deactivate(second, "test")
    assert watch.changed() == {second}
    assert watch.changed() == set()
