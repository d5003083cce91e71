"""The HTTP API: `create_app(settings)` builds the app; its lifespan opens the stores."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI

from api import problems
from api.bootstrap import ensure_first_administrator
from api.edge import Edge
from api.idempotency import ReplayError, on_replay
from api.logs import configure_logging
from api.open311 import clients as open311_clients
from api.open311 import routes as open311
from api.open311.rules import load_rules
from api.ratelimit import RateLimiter, counter_for
from api.routes import (
    agencies,
    auth,
    case_reads,
    case_settlement,
    case_steps,
    cases,
    figures,
    forms,
    identities,
    integrity,
    issued,
    meetings,
    public,
    reports,
    users,
)
from api.stores import admin_password_file, open_stores
from ops.settings import Settings, get_settings
from pages.install import install_pages
from projections.statistics.metrics import Targets

MAX_BODY = 256 * 1024


def create_app(
    settings: Settings | None = None,
    *,
    run_projections: bool | None = None,
    bootstrap_admin: bool | None = None,
) -> FastAPI:
    """The application; projections run in-process and a first admin is made on SQLite."""
    settings = settings or get_settings()
    configure_logging()
    embedded = not settings.uses_postgres
    with_runners = embedded if run_projections is None else run_projections
    make_admin = embedded if bootstrap_admin is None else bootstrap_admin
    stopping = threading.Event()  # set at shutdown (by the Edge, before the lifespan hears)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stopping.clear()
        stores = open_stores(settings, with_runners, stopping)
        app.state.stores = stores
        if make_admin:
            ensure_first_administrator(stores.accounts, admin_password_file(settings))
        try:
            yield
        finally:
            # New requests are refused (503) and those in flight are done (`api.admission`):
            # the stores close on a thread of their own (not one a stuck request may hold
            # the last of), so a late request is still answered meanwhile.
            stopping.set()
            await anyio.to_thread.run_sync(stores.close, limiter=anyio.CapacityLimiter(1))
            counter.close()

    app = FastAPI(
        title="Petitions",
        summary="Petition, complaint and denunciation tracking for a provincial administration",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.targets = Targets.parse(settings.resolution_targets)
    counter = counter_for(settings)
    app.state.public_limiter = RateLimiter(limit=30, window=60.0, counter=counter)
    app.state.login_limiter = RateLimiter(limit=20, window=60.0, counter=counter)
    problems.install_problem_handlers(app)
    app.add_exception_handler(ReplayError, on_replay)
    app.state.open311_rules = load_rules(settings.open311_rules)
    for module in (auth, users, agencies, cases, case_settlement, case_steps, case_reads):
        app.include_router(module.router)
    for module in (identities, meetings, issued, reports):
        app.include_router(module.router)
    for module in (figures, forms, public, integrity):
        app.include_router(module.router)
    app.include_router(open311_clients.router)
    app.include_router(open311.router)
    install_pages(app, settings)
    # One pure ASGI layer: admission (sheds first), request id and log line, OPTIONS, body size.
    app.add_middleware(Edge, limit=settings.max_in_flight, max_body=MAX_BODY, stopping=stopping)
    return app
