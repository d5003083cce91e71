"""The signed-in user of a page, with the name, post and agency pages show."""

from __future__ import annotations

from fastapi import Request

from api.names import Names
from api.stores import Stores
from pages.rendering import Viewer
from pages.session import page_principal


def signed_in(request: Request, stores: Stores) -> Viewer:
    """The page's user; `SignInRequiredError` (a redirect to sign in) when there is none."""
    principal = page_principal(request, stores)
    names = Names(stores)
    person = names.person(principal.actor_id)
    return Viewer(principal, person.name, person.post, names.agency(principal.agency_id))
