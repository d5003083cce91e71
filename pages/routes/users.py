"""The users directory as a page: who works where, in which role and post, in the caller's scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.deps import StoresDep
from api.routes.users import list_users
from api.schemas import UserSummary
from api.stores import Stores
from api.view_waits import users_after
from domain.users import Role
from pages.errors import PageRoute
from pages.rendering import csv_twin, render
from pages.viewer import signed_in

router = APIRouter(route_class=PageRoute, include_in_schema=False)
RoleFilter = Annotated[Role | None, Query()]
USER_COLUMNS = (
    "display_name",
    "post",
    "role",
    "agency_name",
    "username",
    "active",
    "id",
    "agency_id",
)


def _users(request: Request, stores: Stores, role: Role | None) -> list[UserSummary]:
    viewer = signed_in(request, stores)
    return list_users(viewer.principal, users_after(request, stores), stores, role)


def _agency_names(stores: Stores) -> dict[str, str]:
    if stores.views is None:
        return {}
    return {str(a.agency_id): a.name for a in stores.views.agencies.all()}


@router.get("/directory/users.json")
def users_json(request: Request, stores: StoresDep, role: RoleFilter = None) -> Response:
    """The users in the caller's scope as JSON (the same as `GET /users`)."""
    return JSONResponse([u.model_dump(mode="json") for u in _users(request, stores, role)])


@router.get("/directory/users.csv")
def users_csv(request: Request, stores: StoresDep, role: RoleFilter = None) -> Response:
    """The users in the caller's scope as CSV, with their agencies' names."""
    names = _agency_names(stores)
    rows = []
    for user in _users(request, stores, role):
        row = user.model_dump(mode="json")
        row["agency_name"] = names.get(str(user.agency_id), "")
        rows.append(row)
    return csv_twin("users", USER_COLUMNS, rows)


@router.get("/directory/users", response_class=HTMLResponse)
def users_page(request: Request, stores: StoresDep, role: RoleFilter = None) -> Response:
    """Users with their roles, agencies and posts, in the caller's scope."""
    viewer = signed_in(request, stores)
    context = {
        "users": _users(request, stores, role),
        "agency_names": _agency_names(stores),
        "roles": [r.value for r in Role],
        "role": role.value if role else "",
    }
    return render(request, "users.html", context, viewer=viewer)
