"""Which query parameters an endpoint declares, per route object (never per memory address).

`reject_unknown_query` answers 422 for a query parameter the endpoint does not take.
Its cache was keyed by `id(route)`: in a process that builds several apps (tests,
the benchmarks), a new route could be given a freed route's address, and with it the
old route's parameters, refusing a valid query or letting an unknown one through.
"""

from __future__ import annotations

import gc
from typing import Annotated

from fastapi import FastAPI, Query
from fastapi.routing import APIRoute

from api.cutoffs import declared_query


def _route(parameter: str) -> APIRoute:
    app = FastAPI()

    if parameter == "first":

        @app.get("/thing")
        def first(first: Annotated[str, Query()] = "") -> str:
            return first

    else:

        @app.get("/thing")
        def second(second: Annotated[str, Query()] = "") -> str:
            return second

    return next(r for r in app.routes if isinstance(r, APIRoute))


def test_a_route_built_where_a_freed_one_was_declares_its_own_parameters() -> None:
    for _ in range(20):
        old = _route("first")
        assert declared_query(old) == frozenset({"first"})
        del old
        gc.collect()
        new = _route("second")  # often at `address`: the answer must not depend on it
        assert declared_query(new) == frozenset({"second"})
        del new
        gc.collect()
