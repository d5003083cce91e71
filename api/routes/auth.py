"""Sign-in with the OAuth2 password flow; opaque bearer tokens stored as hashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from api.deps import PrincipalDep, StoresDep, oauth2
from api.problems import responses, unauthorized
from api.ratelimit import RateLimiter
from api.schemas import Token
from api.security import new_token, token_hash, verify_password
from domain.errors import NotFoundError

router = APIRouter(prefix="/auth", tags=["auth"])
TOKEN_LIFETIME = timedelta(hours=12)


def _limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.login_limiter
    return limiter


FORM_EXAMPLE = {"username": "an.nguyen", "password": "correct horse battery staple"}


@router.post(
    "/token",
    summary="Sign in and get a bearer token",
    responses=responses(401, 422, 429),
    openapi_extra={
        "requestBody": {"content": {"application/x-www-form-urlencoded": {"example": FORM_EXAMPLE}}}
    },
)
def sign_in(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    stores: StoresDep,
) -> Token:
    """Exchange a username and password for a bearer token valid for 12 hours."""
    _limiter(request).check(request, "sign-in", account=form.username)
    try:
        user = stores.accounts.user_named(form.username[:64])
    except NotFoundError:
        user = None
    if not verify_password(user.password_hash if user else None, form.password[:256]):
        raise unauthorized("invalid username or password")
    if user is None or not user.active:
        raise unauthorized("invalid username or password")
    token = new_token()
    expires_at = datetime.now(UTC) + TOKEN_LIFETIME
    stores.accounts.issue_token(user.id, token_hash(token), expires_at)
    request.scope["state"]["user_id"] = str(user.id)
    return Token(access_token=token, expires_at=expires_at)


@router.post(
    "/logout", status_code=204, summary="Revoke the bearer token", responses=responses(401, 403)
)
def sign_out(
    principal: PrincipalDep, stores: StoresDep, token: Annotated[str | None, Depends(oauth2)]
) -> Response:
    """Revoke the token this request was made with."""
    del principal
    if token:
        stores.accounts.revoke_token(token_hash(token))
    return Response(status_code=204)
