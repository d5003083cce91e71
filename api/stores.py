"""The applications the API serves, built from the settings in the lifespan."""

from __future__ import annotations

import threading
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import ClassVar
from uuid import UUID

from api.ratelimit import RATE_LIMIT_CONNECTIONS
from api.sessions import Sessions
from domain.accounts import Accounts
from domain.application import Petitions
from ops.integrity.chains import check_aggregate
from ops.integrity.checkpoints import open_integrity_view
from ops.runners import start_runners
from ops.settings import Settings
from ops.wiring import (
    ACCOUNTS_MAX_OVERFLOW,
    ACCOUNTS_POOL_SIZE,
    SharedPool,
    Views,
    accounts_env,
    open_users_view,
    open_views,
)
from projections.catalogue import STORES
from projections.integrity.persistence import IntegrityView
from projections.users.persistence import UsersView

VIEWS_POOL = (2, 3)  # kept, and more under load: shared by the eight views


class ServedPetitions(Petitions):
    """The petitions application as the API serves it."""

    name = Petitions.name  # else the library names the store after this subclass
    # What a petition's save adds beside the case (read back to answer a v1 record).
    companion_topics: ClassVar[frozenset[str]] = frozenset(
        {
            "domain.reference:ReferenceIndex.Registered",
            "domain.identity:Identity.Recorded",
            "domain.reception:ReceptionMeeting.PetitionTaken",
            "domain.case:Case.Appealed",
        }
    )


@dataclass
class Stores:
    petitions: ServedPetitions
    accounts: Accounts
    views: Views | None = None
    sessions: Sessions = field(init=False)
    users: UsersView | None = None  # follows the accounts log: waited on apart from `views`
    integrity: dict[str, IntegrityView] = field(default_factory=dict)  # by store
    resources: ExitStack = field(default_factory=ExitStack)
    stopping: threading.Event = field(default_factory=threading.Event)  # the API shuts down

    def __post_init__(self) -> None:
        self.sessions = Sessions(self.accounts, verify=self.verify_user)

    @cached_property
    def fingerprint_key(self) -> bytes:
        """The key of the requests' fingerprints (`api.idempotency`), from the master key."""
        return self.petitions.vault.derived_key("request fingerprints")

    def verify_user(self, user_id: UUID) -> None:
        """A user's stored history against the integrity log (`BrokenHistoryError`: 409).

        A role granted by editing the store is refused, not obeyed.
        """
        log = self.integrity.get("accounts")
        if log is not None:
            check_aggregate(self.accounts, log, user_id)

    def close(self) -> None:
        self.resources.close()
        for log in self.integrity.values():
            log.close()
        for view in self.views.all() if self.views else ():
            view.close()
        if self.users is not None:
            self.users.close()
        self.accounts.close()
        self.petitions.close()


def admin_password_file(settings: Settings) -> Path:
    """Where a generated first administrator's password is written: beside the embedded store."""
    name = settings.sqlite_dbname
    if settings.uses_postgres or name.startswith((":memory:", "file:")):
        return Path("var") / "admin-password.txt"
    return Path(name).with_name("admin-password.txt")


def open_stores(
    settings: Settings, with_runners: bool, stopping: threading.Event | None = None
) -> Stores:
    """Open the applications, and the read models and their runners where available.

    `stopping`, once set, ends the requests' waits for the read models (`api.deps`).
    """
    stores = Stores(ServedPetitions(settings.eventsourcing_env()), Accounts(accounts_env(settings)))
    if stopping is not None:
        stores.stopping = stopping
    try:
        stores.views, stores.users, pool = _open_views(settings, stores.resources, with_runners)
        small = settings.model_copy(update={"postgres_pool_size": 1})
        for store in STORES:
            stores.integrity[store] = open_integrity_view(small, store, pool)
    except Exception:
        stores.close()
        raise
    return stores


def connection_budget(settings: Settings) -> dict[str, int]:
    """The most PostgreSQL connections each pool of an API process holds (README).

    Runners in the process (SQLite's default, or `run_projections=True`) hold more;
    on PostgreSQL they run in `petitions-ops run-projections`.
    """
    return {
        "petitions": settings.postgres_pool_size + settings.postgres_max_overflow,
        "accounts": min(settings.postgres_pool_size, ACCOUNTS_POOL_SIZE)
        + min(settings.postgres_max_overflow, ACCOUNTS_MAX_OVERFLOW),
        "views": VIEWS_POOL[0] + VIEWS_POOL[1],
        "rate limits": RATE_LIMIT_CONNECTIONS,
    }


def _open_views(
    settings: Settings, resources: ExitStack, with_runners: bool
) -> tuple[Views, UsersView, SharedPool | None]:
    """The read models (and the integrity logs' pool: PostgreSQL's shared one, or None)."""
    pool: SharedPool | None = None
    if settings.uses_postgres:  # the views and integrity logs share one small pool
        pool = SharedPool(settings, *VIEWS_POOL)
        resources.callback(pool.close)
        views, users = open_views(settings, pool), open_users_view(settings, pool)
    else:
        small = settings.model_copy(update={"postgres_pool_size": 1})
        views = open_views(small)
        try:
            users = open_users_view(small)
        except Exception:
            views.close()
            raise
    if with_runners:
        resources.enter_context(start_runners(settings))
    return views, users, pool
