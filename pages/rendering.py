"""Rendering pages: one Jinja2 environment, and the context every page receives.

Templates hold no logic beyond loops and conditions; a page's view computes its
context and `render` adds what every page needs: the language and its formats, the
signed-in user, the CSRF token, the language switch.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel

from api.i18n import LANGUAGE_NAMES, Language, accepted_language, language
from api.security import Principal
from pages import labels
from pages.session import LANGUAGE_COOKIE, csrf_token, set_csrf_cookie

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page_language(request: Request) -> Language:
    """The switch's choice (cookie), else the browser's `Accept-Language`, else Vietnamese."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen not in LANGUAGE_NAMES:
        chosen = accepted_language(request.headers.get("accept-language"))
    return language(chosen)


@dataclass(frozen=True)
class Viewer:
    """The signed-in user as pages show them."""

    principal: Principal
    name: str
    post: str
    agency_name: str


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    viewer: Viewer | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The page `template` with `context` and what every page needs."""
    lang = page_language(request)
    token, new = csrf_token(request)
    html = (
        environment()
        .get_template(template)
        .render(
            **context,
            request_path=request.url.path,
            request_url=_relative(request),
            lang=lang,
            _=lang.gettext,
            ngettext=lang.ngettext,
            value=lambda v: labels.value_label(lang, v),
            event=lambda e: labels.event_label(lang, e),
            field=lambda f: labels.field_label(lang, f),
            form_field=lambda f: labels.form_field_label(lang, f),
            languages=LANGUAGE_NAMES,
            viewer=viewer,
            csrf_token=token,
        )
    )
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Content-Language"] = lang.code
    response.headers["Vary"] = "Accept-Language, Cookie"
    if new:
        set_csrf_cookie(request, response, token)
    return response


def _relative(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def json_twin(model: BaseModel) -> JSONResponse:
    """The data of a page, as the API would answer it."""
    return JSONResponse(model.model_dump(mode="json"))


def csv_twin(name: str, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> Response:
    """Rows of a page's table as CSV (UTF-8 with BOM, so spreadsheets read Vietnamese)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@"}:
        return "'" + value  # no formulas from free text when a spreadsheet opens it
    return value
