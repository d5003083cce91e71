"""Dependencies: the applications, the authenticated caller, and access rules, in one place."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.security import OAuth2PasswordBearer

from api.idempotency import check_replay, needs_lookup
from api.problems import forbidden, unauthorized
from api.schemas import ActIn, ReexamineIn
from api.security import Principal, token_hash
from api.stores import ServedPetitions, Stores
from domain.accounts import Accounts
from domain.act import Act
from domain.errors import NotFoundError
from domain.idempotency import MAX_KEY
from domain.typed_store import TypedStore
from domain.users import Role
from domain.views import CaseDetails

oauth2 = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)
READERS_OF_SUBTREE = frozenset({Role.OFFICER, Role.LEADER, Role.INSPECTION_BOARD})


async def get_stores(request: Request) -> Stores:
    """The applications (async: answered on the event loop, no worker thread taken)."""
    stores: Stores = request.app.state.stores
    return stores


StoresDep = Annotated[Stores, Depends(get_stores)]


def current_principal(
    request: Request, stores: StoresDep, token: Annotated[str | None, Depends(oauth2)]
) -> Principal:
    """The caller behind the bearer token; 401 when it is missing, unknown or expired."""
    return principal_of_token(request, stores, token)


def principal_of_token(request: Request, stores: Stores, token: str | None) -> Principal:
    """The user behind an access token (a bearer header or the pages' session cookie)."""
    if not token or len(token) > 256:  # noqa: PLR2004
        raise unauthorized()
    try:
        access, user = stores.sessions.lookup(token_hash(token))
    except NotFoundError:
        raise unauthorized() from None
    valid = access.is_valid(datetime.now(UTC)) and user.accepts_token_issued(access.created_on)
    if not valid or not user.active:
        raise unauthorized("the token has expired or was revoked")
    request.scope["state"]["user_id"] = str(user.id)
    # (The user's history was checked against the integrity log by `lookup`: 409 if edited.)
    if user.role is None:
        raise forbidden("the user holds no role")
    return Principal(user.id, user.role, user.agency_id)


PrincipalDep = Annotated[Principal, Depends(current_principal)]
KeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=MAX_KEY,
        description="A retried request with the same key returns the first answer",
    ),
]


def ensure_role(principal: Principal, roles: tuple[Role, ...]) -> Principal:
    """`principal`, if it holds one of `roles`; 403 otherwise."""
    if principal.role not in roles:
        raise forbidden(f"this needs the role {' or '.join(r.value for r in roles)}")
    return principal


def require(*roles: Role) -> object:
    """A dependency admitting only callers holding one of `roles`."""

    async def check(principal: PrincipalDep) -> Principal:  # no I/O: no worker thread
        return ensure_role(principal, roles)

    return Depends(check)


OFFICERS = (Role.OFFICER,)
ADMINISTRATORS = (Role.ADMINISTRATOR,)
CASE_READERS = (Role.OFFICER, Role.LEADER, Role.INSPECTION_BOARD, Role.AUDITOR)
ACCOUNT_AUDITORS = (Role.ADMINISTRATOR, Role.AUDITOR)
REPORT_READERS = (Role.LEADER, Role.INSPECTION_BOARD, Role.AUDITOR)
Officer = Annotated[Principal, require(*OFFICERS)]
Administrator = Annotated[Principal, require(*ADMINISTRATORS)]
CaseReader = Annotated[Principal, require(*CASE_READERS)]
AccountAuditor = Annotated[Principal, require(*ACCOUNT_AUDITORS)]
ReportReader = Annotated[Principal, require(*REPORT_READERS)]


async def petitions_command(
    stores: StoresDep, principal: PrincipalDep, idempotency_key: KeyHeader = None
) -> ServedPetitions:
    """The petitions application, for a command recorded under its Idempotency-Key."""
    del idempotency_key  # declared for the schema; the route class reads the raw header
    await replay_checked(stores.petitions, principal)
    return stores.petitions


async def accounts_command(
    stores: StoresDep, principal: PrincipalDep, idempotency_key: KeyHeader = None
) -> Accounts:
    """The accounts application, for a command recorded under its Idempotency-Key."""
    del idempotency_key
    await replay_checked(stores.accounts, principal)
    return stores.accounts


async def replay_checked(store: TypedStore, principal: Principal) -> None:
    """`check_replay`, on a worker thread only when the store must be read (a client's key)."""
    if needs_lookup():
        await run_in_threadpool(check_replay, store, principal)
    else:
        check_replay(store, principal)


PetitionsCommand = Annotated[ServedPetitions, Depends(petitions_command)]
AccountsCommand = Annotated[Accounts, Depends(accounts_command)]


def can_read(stores: Stores, principal: Principal, case: CaseDetails) -> bool:
    agencies = {case.handling_agency_id, case.receiving_agency_id}
    if principal.role == Role.AUDITOR:
        return True
    if principal.role in READERS_OF_SUBTREE and principal.agency_id is not None:
        return any(principal.agency_id in stores.petitions.agency_ref(a).path for a in agencies)
    return False


def readable_case(case_id: UUID, stores: StoresDep, principal: CaseReader) -> CaseDetails:
    """A case the caller may read; 404 also when it exists out of scope (no probing)."""
    case = stores.petitions.case_details(case_id)
    if not can_read(stores, principal, case):
        raise NotFoundError(f"no case {case_id}")
    return case


def handled_case(case_id: UUID, stores: StoresDep, principal: Officer) -> CaseDetails:
    """A case held by the officer's agency, which the officer may act on."""
    case = stores.petitions.case_details(case_id)
    if principal.agency_id not in {case.handling_agency_id, case.receiving_agency_id}:
        raise NotFoundError(f"no case {case_id}")
    if case.handling_agency_id != principal.agency_id:
        raise forbidden("the case is held by another agency")
    return case


def appealable_case(case_id: UUID, stores: StoresDep, principal: Officer) -> CaseDetails:
    """A case the officer may read, or whose decision the officer's agency is named to hear.

    The second-instance body is named by law, not by the tree (a ministry is no
    ancestor of a province); any other case answers 404, as for reads.
    """
    case = stores.petitions.case_details(case_id)
    if can_read(stores, principal, case):
        return case
    today = stores.petitions.today()
    if principal.agency_id and stores.petitions.is_second_instance_body(
        case_id, principal.agency_id, today
    ):
        return case
    raise NotFoundError(f"no case {case_id}")


def reexaminable_case(
    case_id: UUID, stores: StoresDep, principal: Officer, body: ReexamineIn
) -> CaseDetails:
    """A case the officer may read, or one the officer's agency may re-examine once settled.

    The re-examining authority is named by a competence book, not by the tree (a
    ministry is no ancestor of a province), and judged on the act's legal date, as the
    domain judges it. Anyone else gets 404, as for an unknown case, before the case's
    status or version can decide the answer.
    """
    case = stores.petitions.case_details(case_id)
    if can_read(stores, principal, case):
        return case
    if principal.agency_id and stores.petitions.is_reexamination_authority(
        case_id, principal.agency_id, body.legal_date
    ):
        return case
    raise NotFoundError(f"no case {case_id}")


ReadableCase = Annotated[CaseDetails, Depends(readable_case)]
ReexaminableCase = Annotated[CaseDetails, Depends(reexaminable_case)]
AppealableCase = Annotated[CaseDetails, Depends(appealable_case)]
HandledCase = Annotated[CaseDetails, Depends(handled_case)]


def act_of(principal: Principal, body: ActIn) -> Act:
    """The attribution of a command made by `principal`."""
    return Act(
        principal.actor_id,
        principal.acting_agency_id,
        body.legal_date,
        body.reason,
        body.legal_basis,
    )


def field_error(field: str, reason: str, where: str = "body") -> RequestValidationError:
    """A 422 naming a field, for checks that need the stores."""
    return RequestValidationError([{"loc": (where, field), "msg": reason, "type": "value_error"}])


def require_agency(stores: Stores, agency_id: UUID | None, field: str = "agency_id") -> None:
    if agency_id is None:
        return
    try:
        stores.petitions.get_agency(agency_id)
    except NotFoundError:
        raise field_error(field, "no such agency") from None


def require_officer_of(accounts: Accounts, user_id: UUID, agency_id: UUID) -> None:
    try:
        user = accounts.user(user_id)
    except NotFoundError:
        raise field_error("officer_id", "no such user") from None
    if user.role != Role.OFFICER or user.agency_id != agency_id:
        raise field_error("officer_id", "not an officer of the handling agency")


def scoped_agency(stores: Stores, principal: Principal, requested: UUID | None) -> UUID | None:
    """The agency subtree a report covers: the caller's own, or one inside it (403 outside)."""
    if principal.role == Role.AUDITOR:
        return requested
    own = principal.agency_id
    if requested is None or requested == own:
        return own
    try:
        path = stores.petitions.agency_ref(requested).path
    except NotFoundError:
        raise forbidden("the agency is outside your scope") from None
    if own not in path:
        raise forbidden("the agency is outside your scope")
    return requested
