"""Page sessions and CSRF: the API's own access tokens, carried in a secure cookie.

Signing in through a page issues the same kind of access token as `POST /auth/token`;
the token travels in an HttpOnly, SameSite cookie (Secure outside development), so
the same roles, scopes, expiry and revocation apply. Every form carries a CSRF token
that must equal the HttpOnly CSRF cookie (double submit); SameSite keeps other sites
from sending either.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from fastapi import Request, Response

from api.deps import principal_of_token
from api.problems import ApiProblemError
from api.security import Principal
from api.stores import Stores

SESSION_COOKIE = "petitions_session"
CSRF_COOKIE = "petitions_csrf"
LANGUAGE_COOKIE = "petitions_lang"
CSRF_FIELD = "csrf_token"
SESSION_LIFETIME = timedelta(hours=12)


class SignInRequiredError(Exception):
    """The page needs a signed-in user and the request has no valid session."""


class CsrfError(Exception):
    """A form came without the CSRF token of this browser."""


def cookie_secure(request: Request) -> bool:
    return bool(getattr(request.app.state, "cookie_secure", True))


def page_principal(request: Request, stores: Stores) -> Principal:
    """The signed-in user of a page; `SignInRequiredError` when there is none."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise SignInRequiredError
    try:
        return principal_of_token(request, stores, token)
    except ApiProblemError as error:
        if error.status == 401:  # noqa: PLR2004
            raise SignInRequiredError from None
        raise


def optional_principal(request: Request, stores: Stores) -> Principal | None:
    try:
        return page_principal(request, stores)
    except SignInRequiredError:
        return None


def start_session(request: Request, response: Response, token: str) -> None:
    """Put the access token in the session cookie, and give the browser a fresh CSRF token."""
    secure = cookie_secure(request)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    set_csrf_cookie(request, response, secrets.token_urlsafe(32))


def end_session(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="lax", secure=cookie_secure(request), path="/"
    )


def csrf_token(request: Request) -> tuple[str, bool]:
    """The browser's CSRF token, and whether it is new (then the response must set it)."""
    token = request.cookies.get(CSRF_COOKIE, "")
    if 20 <= len(token) <= 100 and token.isascii():  # noqa: PLR2004
        return token, False
    return secrets.token_urlsafe(32), True


def set_csrf_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=cookie_secure(request),
        path="/",
    )


def check_csrf(request: Request, submitted: object) -> None:
    """Refuse a form whose CSRF token is missing or differs from the cookie's."""
    expected = request.cookies.get(CSRF_COOKIE, "")
    if not expected or not isinstance(submitted, str):
        raise CsrfError
    if not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise CsrfError
