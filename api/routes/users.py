"""Users and role grants (administrators), and a user's own account."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from fastapi import APIRouter

from api.cutoffs import StrictQuery
from api.deps import (
    AccountAuditor,
    AccountsCommand,
    Administrator,
    PrincipalDep,
    StoresDep,
    require_agency,
)
from api.idempotency import IdempotentRoute, result
from api.problems import forbidden, responses
from api.schemas import (
    AccountEventOut,
    CommandResult,
    GrantIn,
    PasswordChange,
    ProfileIn,
    UserCreate,
    UserHistory,
    UserPublic,
    UserSummary,
)
from api.security import Principal, hash_password, verify_password
from api.stores import Stores
from api.view_waits import UsersDep
from domain.accounts import Profile
from domain.users import Role, User
from ops.integrity.chains import check_aggregate
from projections.agencies.persistence import AgencyNode
from projections.users.persistence import UserRow, UsersView

router = APIRouter(prefix="/users", tags=["users"], route_class=IdempotentRoute)
COMMAND = responses(401, 403, 404, 409, 422)


def _public(user: User) -> UserPublic:
    return UserPublic(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        post=user.post,
        role=user.role,
        agency_id=user.agency_id,
        active=user.active,
        version=user.version,
    )


@router.post("", status_code=201, summary="Create a user with a role", responses=COMMAND)
def create_user(
    body: UserCreate, app: AccountsCommand, who: Administrator, stores: StoresDep
) -> CommandResult:
    """Register a user and grant the first role; the grant is recorded as an event."""
    require_agency(stores, body.agency_id)
    password_hash = hash_password(body.password)
    profile = Profile(body.display_name, body.post)
    return result(
        app.register_user(
            body.username, password_hash, body.role, body.agency_id, who.actor_id, profile
        )
    )


@router.get(
    "",
    summary="List users",
    responses=responses(401, 403, 422, 503),
    dependencies=[StrictQuery],
)
def list_users(
    who: PrincipalDep, users: UsersDep, stores: StoresDep, role: Role | None = None
) -> list[UserSummary]:
    """Users with their role, agency and post, by name (`?role=` keeps one role).

    Administrators and auditors see every user; leaders and inspection boards the
    users of their agency's subtree; officers those of their own agency. `?after=`
    takes an accounts position (a user command's answer).
    """
    rows = visible_users(who, users, stores)
    return [user_summary(r) for r in rows if role is None or r.role == role.value]


def visible_users(who: Principal, users: UsersView, stores: Stores) -> list[UserRow]:
    """The users `who` may list, from the users directory."""
    if who.role in {Role.ADMINISTRATOR, Role.AUDITOR}:
        return users.all()
    if who.agency_id is None:
        return []
    if who.role == Role.OFFICER or stores.views is None:
        return users.of_agencies({who.agency_id})
    subtree = {who.agency_id}
    for node in stores.views.agencies.tree(who.agency_id):
        subtree.update(_ids(node))
    return users.of_agencies(subtree)


def _ids(node: AgencyNode) -> Iterator[UUID]:
    yield node.agency.agency_id
    for child in node.children:
        yield from _ids(child)


def user_summary(row: UserRow) -> UserSummary:
    return UserSummary(
        id=row.user_id,
        username=row.username,
        display_name=row.display_name,
        post=row.post,
        role=Role(row.role) if row.role else None,
        agency_id=row.agency_id,
        active=row.active,
    )


@router.get("/me", summary="Read my account", responses=responses(401, 403))
def read_me(who: PrincipalDep, stores: StoresDep) -> UserPublic:
    """The caller's own account, role and agency."""
    return _public(stores.accounts.user(who.user_id))


@router.post("/me/password", summary="Change my password", responses=COMMAND)
def change_password(body: PasswordChange, app: AccountsCommand, who: PrincipalDep) -> CommandResult:
    """Change the caller's password, given the current one."""
    user = app.user(who.user_id)
    if not verify_password(user.password_hash, body.current_password):
        raise forbidden("the current password is wrong")
    return result(app.change_password(user.id, hash_password(body.new_password), who.actor_id))


@router.get("/{user_id}", summary="Read a user", responses=responses(401, 403, 404, 422))
def read_user(user_id: UUID, who: Administrator, stores: StoresDep) -> UserPublic:
    """One user's account, role and agency scope."""
    del who
    return _public(stores.accounts.user(user_id))


@router.get(
    "/{user_id}/history",
    summary="Read who granted a user what",
    responses=responses(401, 403, 404, 409, 422),
)
def read_user_history(user_id: UUID, who: AccountAuditor, stores: StoresDep) -> UserHistory:
    """The account's events in order: registration, role grants and revocations, by whom."""
    del who
    events = stores.accounts.user_history(user_id)
    if "accounts" in stores.integrity:
        check_aggregate(stores.accounts, stores.integrity["accounts"], user_id)
    return UserHistory(
        user_id=user_id,
        events=[AccountEventOut.model_validate(e, from_attributes=True) for e in events],
    )


@router.post("/{user_id}/profile", summary="Set a user's name and post", responses=COMMAND)
def describe(
    user_id: UUID, body: ProfileIn, app: AccountsCommand, who: Administrator
) -> CommandResult:
    """Set the display name and post (job title) shown beside the user's acts."""
    return result(app.describe(user_id, Profile(body.display_name, body.post), who.actor_id))


@router.post("/{user_id}/grants", summary="Grant a role", responses=COMMAND)
def grant(
    user_id: UUID, body: GrantIn, app: AccountsCommand, who: Administrator, stores: StoresDep
) -> CommandResult:
    """Grant a role over an agency, replacing the user's current grant.

    Ends every token of the user issued before it (401): the user signs in again.
    """
    require_agency(stores, body.agency_id)
    return result(app.grant(user_id, body.role, body.agency_id, who.actor_id))


@router.post("/{user_id}/revocation", summary="Revoke the user's role", responses=COMMAND)
def revoke(user_id: UUID, app: AccountsCommand, who: Administrator) -> CommandResult:
    """Withdraw the user's role; every token issued before it ends (401)."""
    return result(app.revoke(user_id, who.actor_id))


@router.post("/{user_id}/deactivation", summary="Deactivate a user", responses=COMMAND)
def deactivate(user_id: UUID, app: AccountsCommand, who: Administrator) -> CommandResult:
    """Deactivate the account for good; its tokens end (401) and its history stays."""
    if user_id == who.user_id:
        raise forbidden("administrators cannot deactivate themselves")
    return result(app.deactivate(user_id, who.actor_id))
