"""Composition of the read models: their views, opened on the store the Settings name."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from time import monotonic
from typing import Any, cast

from eventsourcing.application import Application
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from domain.accounts import Accounts
from domain.application import Petitions
from domain.audit import OperationsAudit
from ops.settings import Settings
from projections.agencies.persistence import AgenciesView
from projections.batching import BatchProjection
from projections.board import BOARD
from projections.case_index.persistence import CaseIndexView
from projections.catalogue import PROJECTIONS, application_of
from projections.deadlines.persistence import DeadlinesView
from projections.escalations.persistence import EscalationsView
from projections.forms.persistence import FormsView
from projections.integrity.projection import IntegrityProjection
from projections.open311.persistence import Open311View
from projections.reception.persistence import ReceptionView
from projections.statistics.persistence import StatisticsView
from projections.store import RowStore
from projections.users.persistence import UsersView
from projections.users.projection import UsersProjection

APPLICATION = "petitions"
ACCOUNTS_POOL_SIZE = 1
ACCOUNTS_MAX_OVERFLOW = 2
APPLICATIONS: dict[str, type[Application[Any]]] = {
    "petitions": Petitions,
    "accounts": Accounts,
    "audit": OperationsAudit,
}


def store_name(settings: Settings) -> str:
    return "postgres" if settings.uses_postgres else "sqlite"


def accounts_env(settings: Settings) -> dict[str, str]:
    """The accounts store: on SQLite a file beside the petitions file, on PostgreSQL a table."""
    env = settings.eventsourcing_env()
    if settings.uses_postgres:
        env["POSTGRES_POOL_SIZE"] = str(min(settings.postgres_pool_size, ACCOUNTS_POOL_SIZE))
        env["POSTGRES_MAX_OVERFLOW"] = str(
            min(settings.postgres_max_overflow, ACCOUNTS_MAX_OVERFLOW)
        )
    else:
        env["SQLITE_DBNAME"] = accounts_dbname(settings.sqlite_dbname)
    return env


def accounts_dbname(dbname: str, store: str = "accounts") -> str:
    """The SQLite file of the accounts (or another) store, beside the petitions file `dbname`."""
    if dbname.startswith(":memory:"):
        return dbname
    if dbname.startswith("file:"):
        name, _, query = dbname.partition("?")
        return f"{name}_{store}?{query}" if query else f"{name}_{store}"
    path = Path(dbname)
    return str(path.with_name(f"{path.stem}.{store}{path.suffix}"))


def audit_env(settings: Settings) -> dict[str, str]:
    """The operations audit store: on SQLite a file beside the petitions file, else a table."""
    env = settings.eventsourcing_env()
    if settings.uses_postgres:
        env["POSTGRES_POOL_SIZE"] = "1"
    else:
        env["SQLITE_DBNAME"] = accounts_dbname(settings.sqlite_dbname, "audit")
    return env


def application_env(settings: Settings, application: str) -> dict[str, str]:
    """The store of the application named `application` (petitions, accounts or audit)."""
    if application == "accounts":
        return accounts_env(settings)
    if application == "audit":
        return audit_env(settings)
    return settings.eventsourcing_env()


def source_of(
    settings: Settings, projection: type[BatchProjection[Any]], name: str | None = None
) -> tuple[type[Application[Any]], dict[str, str]]:
    """The application class `projection` follows, and the environment of its store.

    On SQLite the integrity logs live in a file of their own (`integrity_dbname`), named
    for the view (`<NAME>_SQLITE_DBNAME`), so hashing never holds the views' write lock.
    """
    application = application_of(projection)
    env = application_env(settings, application)
    if issubclass(projection, IntegrityProjection) and not settings.uses_postgres:
        env[f"{(name or projection.name).upper()}_SQLITE_DBNAME"] = integrity_dbname(settings)
    return APPLICATIONS[application], env


def integrity_dbname(settings: Settings) -> str:
    """The SQLite file of every store's integrity log, beside the petitions file."""
    return accounts_dbname(settings.sqlite_dbname, "integrity")


def view_class(settings: Settings, projection: type[BatchProjection[Any]]) -> type[RowStore]:
    return projection.view_classes()[store_name(settings)]


def open_view(
    settings: Settings, projection: type[BatchProjection[Any]], name: str | None = None
) -> RowStore:
    """Open (creating its tables if needed) the view of `projection`, beside its log.

    With `name`, a separate copy of the view under that name (for replay and verify),
    built without secondary indexes until it is swapped in.
    """
    cls = view_class(settings, projection)
    if name is not None:
        cls = type(cls.__name__, (cls,), {"name": name, "with_indexes": False})
    _, env = source_of(settings, projection, name)
    factory = InfrastructureFactory[RowStore].construct(Environment(name or projection.name, env))
    return factory.tracking_recorder(cls)


def open_users_view(settings: Settings, pool: SharedPool | None = None) -> UsersView:
    """The users directory, which follows the accounts log (not part of `Views`)."""
    view = pool.open(UsersProjection) if pool else open_view(settings, UsersProjection)
    if not isinstance(view, UsersView):
        raise TypeError(f"{type(view).__name__} is not a users view")
    return view


@dataclass(frozen=True)
class Views:
    """The read models of the petitions log the API queries; each attribute is a view contract."""

    statistics: StatisticsView
    escalations: EscalationsView
    deadlines: DeadlinesView
    reception: ReceptionView
    case_index: CaseIndexView
    agencies: AgenciesView
    open311: Open311View
    forms: FormsView

    def all(self) -> tuple[RowStore, ...]:
        return (
            self.statistics,
            self.escalations,
            self.deadlines,
            self.reception,
            self.case_index,
            self.agencies,
            self.open311,
            self.forms,
        )

    def close(self) -> None:
        """Release every view's connections."""
        for view in self.all():
            view.close()

    def wait_for(
        self, position: int, timeout: float, interrupt: threading.Event | None = None
    ) -> bool:
        """True once every view has processed up to `position` (a petitions `Written.position`).

        Wakes as soon as an in-process runner commits; otherwise polls the views'
        tracking rows every 5 ms. False if `timeout` seconds pass first, or once
        `interrupt` is set (the service shutting down).
        """
        deadline = monotonic() + timeout
        pending = list(self.all())
        while pending:
            pending = [v for v in pending if not v.has_reached(APPLICATION, position)]
            remaining = deadline - monotonic()
            if not pending:
                break
            if remaining <= 0 or (interrupt is not None and interrupt.is_set()):
                return False
            BOARD.wait(min(remaining, 0.005))
        return True


def open_views(settings: Settings, pool: SharedPool | None = None) -> Views:
    """Open every read model of the petitions log on the configured store.

    With `pool` (PostgreSQL), the views share its connections instead of a pool each.
    """
    views: dict[str, Any] = {
        name: pool.open(p) if pool else open_view(settings, p) for name, p in PROJECTIONS.items()
    }
    return Views(**views)


class SharedPool:
    """One PostgreSQL pool for the views an API process reads (each view used to hold one).

    A view only reads a few rows per request, so the API's views share at most
    `size + overflow` connections; the views' own tables and tracking rows are as
    `open_view` makes them.
    """

    def __init__(self, settings: Settings, size: int, overflow: int) -> None:
        env = settings.eventsourcing_env()
        env["POSTGRES_POOL_SIZE"] = str(size)
        env["POSTGRES_MAX_OVERFLOW"] = str(overflow)
        self.settings = settings
        self.factory: Any = InfrastructureFactory[RowStore].construct(Environment("views", env))
        self.datastore = getattr(self.factory, "datastore", None)

    def open(self, projection: type[BatchProjection[Any]]) -> RowStore:
        """The view of `projection` on the shared pool (created if needed)."""
        cls: Any = view_class(self.settings, projection)
        if self.datastore is None:
            return open_view(self.settings, projection)
        view: Any = cls(  # a PostgreSQL tracking recorder, as the factory would make it
            datastore=self.datastore, tracking_table_name=f"{projection.name.lower()}_tracking"
        )
        if self.factory.env_create_table():
            view.create_table()
        return cast("RowStore", view)

    def close(self) -> None:
        self.factory.close()
