"""Errors on pages: a page answers with a page, never with problem JSON.

`PageRoute` catches what a page's view raises: no session sends the browser to the
sign-in form; a refused CSRF token, a missing case, a refused role or a rate limit
become an error page with the same status the API would give.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from api.i18n import N_
from api.problems import ApiProblemError
from domain.errors import NotFoundError
from pages.rendering import page_language, render
from pages.session import CsrfError, SignInRequiredError

MESSAGES = {
    403: N_("You are not allowed to see this page or do this."),
    404: N_("There is nothing here, or it is outside your agency's scope."),
    422: N_("The address or the form holds a value this page cannot use."),
    429: N_("Too many requests from this address; please wait a minute and try again."),
}
CSRF_MESSAGE = N_("The form has expired. Go back, reload the page and send it again.")


def error_page(request: Request, status: int, message: str, headers: dict[str, str]) -> Response:
    lang = page_language(request)
    response = render(
        request,
        "error.html",
        {"status": status, "message": lang.gettext(message)},
        status_code=status,
    )
    response.headers.update(headers)
    return response


class PageRoute(APIRoute):
    """A route answering with pages: redirects to sign in, error pages for refusals."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInRequiredError:
                target = quote(request.url.path, safe="/")
                return RedirectResponse(f"/login?next={target}", status_code=303)
            except CsrfError:
                return error_page(request, 403, CSRF_MESSAGE, {})
            except NotFoundError:
                return error_page(request, 404, MESSAGES[404], {})
            except RequestValidationError:
                return error_page(request, 422, MESSAGES[422], {})
            except ApiProblemError as error:
                message = MESSAGES.get(error.status, error.detail)
                return error_page(request, error.status, message, error.headers)

        return page_handler
