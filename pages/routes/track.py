"""Public tracking: a case's status and dates by the reference code on the receipt."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import StoresDep
from api.routes.public import track
from api.schemas import PublicStatus
from domain.errors import NotFoundError
from pages.errors import PageRoute
from pages.rendering import json_twin, render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
CODE = re.compile(r"^[A-Za-z0-9-]{5,40}$")


def _status(request: Request, stores: StoresDep, code: str) -> PublicStatus | None:
    """The API's public answer for `code` (rate-limited as the API is), or None."""
    if not CODE.match(code):
        return None
    try:
        return track(code, request, stores)
    except NotFoundError:
        return None


@router.get("/track.json")
def track_json(request: Request, stores: StoresDep, code: str = "") -> Response:
    """The public status as JSON (the same as `GET /public/cases/{code}`)."""
    status = _status(request, stores, code.strip())
    if status is None:
        raise NotFoundError("no case has this reference code")
    return json_twin(status)


@router.get("/track", response_class=HTMLResponse)
def track_page(request: Request, stores: StoresDep, code: str = "") -> Response:
    """Enter a reference code; see the status and dates, never names or notes."""
    code = code.strip()[:64]
    status = _status(request, stores, code) if code else None
    context = {"code": code, "status": status, "searched": bool(code)}
    return render(request, "track.html", context, status_code=404 if code and not status else 200)
