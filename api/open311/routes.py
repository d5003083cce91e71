"""Open311 GeoReport v2 under `/open311/v2/`: services, requests and tokens, in JSON or XML.

Reading needs no key; filing (`POST requests.{format}`, form-encoded) needs the
`api_key` of a registered client application, whose filings are attributed to it.
Every call is rate-limited as the public API is. Errors come in the specification's
format: `[{"code": 404, "description": "..."}]` (XML: `<errors><error>...`).
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from api.open311.filing import file_request
from api.open311.formats import Open311Error, answer, answer_one, check_format, error_response
from api.open311.public import PublicRequest
from api.open311.query import REQUESTS_QUERY, check_query, request_filter, split
from api.problems import store_closed
from api.ratelimit import RateLimiter, client_network
from api.stores import Stores
from domain.errors import NotFoundError, PetitionError
from domain.open311 import Open311Rules, Service
from ops.wiring import Views

Handler = Callable[..., Awaitable[Response]]
MAX_IDS = 100


class SpecError(BaseModel):
    """One error in GeoReport v2's own format (a list of them is answered)."""

    code: int
    description: str


def spec_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of the errors a GeoReport route answers, in the spec's format."""
    texts = {
        400: "Malformed request, unknown format or a field the specification refuses",
        403: "Missing, unknown or revoked api_key",
        404: "Unknown service, request or token",
        413: "Request body too large",
        429: "Too many requests; see Retry-After",
        503: "The store is unreachable; see Retry-After",
    }
    return {
        s: {
            "model": list[SpecError],
            "description": texts[s],
            "content": {"application/xml": {}},
        }
        for s in sorted({400, 413, 429, 503, *statuses})
    }


router = APIRouter(prefix="/open311/v2", tags=["open311"], responses=spec_errors(404))


def georeport(*takes: str) -> Callable[[Handler], Handler]:
    """Answer errors in the specification's format, in the format the path asked for.

    `takes` names the query parameters the call takes besides those every call
    takes (`api.open311.query.check_query`); any other is refused with a 400.
    """

    def wrap(handler: Handler) -> Handler:
        return _georeport(handler, takes)

    return wrap


def _georeport(handler: Handler, takes: tuple[str, ...]) -> Handler:
    @wraps(handler)
    async def run(request: Request, fmt: str, **kwargs: Any) -> Response:  # noqa: ANN401
        try:
            check_format(fmt)
            _limit(request)
            check_query(request.query_params, *takes)
            return await handler(request, fmt, **kwargs)
        except Open311Error as error:
            return error_response(fmt, error)
        except NotFoundError as error:
            return error_response(fmt, Open311Error(404, str(error)))
        except PetitionError as error:
            return error_response(fmt, Open311Error(400, str(error)))
        except Exception as error:
            if not isinstance(error, OperationalError | InterfaceError) and not store_closed(error):
                raise
            busy = Open311Error(503, "the service is unavailable; try again", {"Retry-After": "1"})
            return error_response(fmt, busy)

    return run


@router.get("/services.{fmt}", summary="GET Service List")
@georeport()
async def services(request: Request, fmt: str) -> Response:
    """The kinds of reflection and recommendation the province accepts online, by field."""
    rules = _rules(request)
    _jurisdiction(request, rules)
    return answer(fmt, "services", "service", [_service(s) for s in rules.services])


@router.get("/services/{code}.{fmt}", summary="GET Service Definition")
@georeport()
async def service_definition(request: Request, fmt: str, code: str) -> Response:
    """The attributes a service asks for."""
    rules = _rules(request)
    _jurisdiction(request, rules)
    service = rules.service(code)
    if service is None:
        raise Open311Error(404, f"service_code {code!r} was not found")
    attributes = [_attribute(a) for a in sorted(service.attributes, key=lambda a: a.order)]
    return answer_one(fmt, "service_definition", {"service_code": code, "attributes": attributes})


@router.post(
    "/requests.{fmt}",
    summary="POST Service Request",
    status_code=201,
    responses=spec_errors(403),
)
@georeport()
async def create_request(request: Request, fmt: str) -> Response:
    """File a reflection or recommendation (form-encoded; needs a client's api_key)."""
    rules = _rules(request)
    form = await request.form()
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    lists: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            lists.setdefault(key, []).append(value)
    _jurisdiction(request, rules, fields.get("jurisdiction_id", ""))
    stores = _stores(request)
    answered = file_request(stores, _views(request), rules, fields, lists)
    return answer(fmt, "service_requests", "request", [answered], 201)


@router.get("/requests.{fmt}", summary="GET Service Requests")
@georeport(*REQUESTS_QUERY)
async def list_requests(request: Request, fmt: str) -> Response:
    """Requests by id, or by service, status and a span of at most 90 days (1000 at most)."""
    rules = _rules(request)
    _jurisdiction(request, rules)
    query = request.query_params
    views = _views(request)
    if ids := split(query.get("service_request_id", "")):
        found = [r for r in (_find(request, i) for i in ids[:MAX_IDS]) if r is not None]
    else:
        found = [PublicRequest.of_row(r) for r in views.open311.search(request_filter(query))]
    names = _agency_names(views)
    documents = [r.document(rules, names) for r in found]
    return answer(fmt, "service_requests", "request", documents)


@router.get("/requests/{request_id}.{fmt}", summary="GET Service Request")
@georeport()
async def read_request(request: Request, fmt: str, request_id: str) -> Response:
    """One request by its service_request_id (the case's reference code)."""
    rules = _rules(request)
    _jurisdiction(request, rules)
    found = _find(request, request_id)
    if found is None:
        raise Open311Error(404, f"service_request_id {request_id!r} was not found")
    document = found.document(rules, _agency_names(_views(request)))
    return answer(fmt, "service_requests", "request", [document])


@router.get("/tokens/{token}.{fmt}", summary="GET service_request_id from a token")
@georeport()
async def read_token(request: Request, fmt: str, token: str) -> Response:
    """The service_request_id a `batch` service's token stands for."""
    _jurisdiction(request, _rules(request))
    if not 1 <= len(token) <= 200:  # noqa: PLR2004
        raise Open311Error(404, "token was not found")
    try:
        code = _stores(request).petitions.find_by_token(token)
    except NotFoundError:
        raise Open311Error(404, f"token {token!r} was not found") from None
    return answer(
        fmt, "service_requests", "request", [{"service_request_id": code, "token": token}]
    )


def _find(request: Request, request_id: str) -> PublicRequest | None:
    petitions = _stores(request).petitions
    try:
        case = petitions.case_details(petitions.find_by_reference(request_id))
    except NotFoundError:
        return None
    return PublicRequest.of_case(case) if case.service_code else None


def _service(s: Service) -> dict[str, Any]:
    return {
        "service_code": s.code,
        "service_name": s.name,
        "description": s.description,
        "metadata": s.metadata,
        "type": s.type.value,
        "keywords": ", ".join(s.keywords),
        "group": s.group,
    }


def _attribute(a: Any) -> dict[str, Any]:  # noqa: ANN401
    return {
        "variable": a.variable,
        "code": a.code,
        "datatype": a.datatype.value,
        "required": a.required,
        "datatype_description": a.datatype_description or None,
        "order": a.order,
        "description": a.description,
        "values": [{"key": key, "name": name} for key, name in a.values],
    }


def _rules(request: Request) -> Open311Rules:
    rules: Open311Rules = request.app.state.open311_rules
    return rules


def _jurisdiction(request: Request, rules: Open311Rules, sent: str | None = None) -> None:
    given = request.query_params.get("jurisdiction_id", "") if sent is None else sent
    if given and rules.jurisdiction_id and given != rules.jurisdiction_id:
        raise Open311Error(404, f"jurisdiction_id {given!r} was not found")


def _stores(request: Request) -> Stores:
    stores: Stores = request.app.state.stores
    return stores


def _views(request: Request) -> Views:
    views = _stores(request).views
    if views is None:
        raise Open311Error(503, "the read models are not available", {"Retry-After": "1"})
    return views


def _agency_names(views: Views) -> dict[UUID, str]:
    return {row.agency_id: row.name for row in views.agencies.all()}


def _limit(request: Request) -> None:
    limiter: RateLimiter = request.app.state.public_limiter
    wait = limiter.retry_after(f"open311:{client_network(request)}")
    if wait > 0:
        raise Open311Error(
            429,
            "too many requests from this address; try again later",
            {"Retry-After": str(math.ceil(wait))},
        )
