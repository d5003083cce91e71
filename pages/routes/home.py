"""The home page, signing in and out, and the language switch."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import StoresDep
from api.i18n import LANGUAGES, N_
from api.problems import ApiProblemError
from api.ratelimit import RateLimiter
from api.routes.auth import TOKEN_LIFETIME
from api.security import new_token, token_hash, verify_password
from domain.errors import NotFoundError
from pages.errors import PageRoute
from pages.rendering import render
from pages.session import (
    LANGUAGE_COOKIE,
    check_csrf,
    cookie_secure,
    end_session,
    optional_principal,
    start_session,
)
from pages.session import SESSION_COOKIE as SESSION
from pages.viewer import signed_in

router = APIRouter(route_class=PageRoute, include_in_schema=False)
SIGN_IN_FAILED = N_("Wrong username or password.")
Field = Annotated[str, Form(max_length=256)]


def safe_next(target: str | None) -> str:
    """A local path to return to; anything else (another site) becomes the home page."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/", response_class=HTMLResponse)
def home(request: Request, stores: StoresDep) -> Response:
    """The home page of the signed-in user's role, or the sign-in form."""
    if optional_principal(request, stores) is None:
        return render(request, "login.html", {"next": "/", "failed": False, "username": ""})
    return render(request, "home.html", {}, viewer=signed_in(request, stores))


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:  # noqa: A002
    """The sign-in form."""
    context = {"next": safe_next(next), "failed": False, "username": ""}
    return render(request, "login.html", context)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    stores: StoresDep,
    username: Field,
    password: Field,
    csrf_token: Field = "",
    next: Field = "/",  # noqa: A002
) -> Response:
    """Check the password as `POST /auth/token` does and start a session."""
    check_csrf(request, csrf_token)
    limiter: RateLimiter = request.app.state.login_limiter
    limiter.check(request, "sign-in", account=username)
    try:
        user = stores.accounts.user_named(username[:64])
    except NotFoundError:
        user = None
    if not verify_password(user.password_hash if user else None, password) or not (
        user and user.active and user.role
    ):
        context = {"next": safe_next(next), "failed": True, "username": username[:64]}
        return render(request, "login.html", context, status_code=401)
    token = new_token()
    stores.accounts.issue_token(user.id, token_hash(token), datetime.now(UTC) + TOKEN_LIFETIME)
    response = RedirectResponse(safe_next(next), status_code=303)
    start_session(request, response, token)
    return response


@router.post("/logout")
def logout(request: Request, stores: StoresDep, csrf_token: Field = "") -> Response:
    """Revoke the session's token and forget the cookie."""
    check_csrf(request, csrf_token)
    token = request.cookies.get(SESSION)
    if token:
        with contextlib.suppress(NotFoundError, ApiProblemError):
            stores.accounts.revoke_token(token_hash(token))
    response = RedirectResponse("/", status_code=303)
    end_session(request, response)
    return response


@router.post("/language")
def choose_language(
    request: Request,
    language: Field,
    csrf_token: Field = "",
    next: Field = "/",  # noqa: A002
) -> Response:
    """Remember the language chosen with the switch and go back to the page."""
    check_csrf(request, csrf_token)
    response = RedirectResponse(safe_next(next), status_code=303)
    if language in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=cookie_secure(request),
        )
    return response
