"""The integrity log: signed checkpoints, inclusion proofs of a case, consistency proofs.

Roles: checkpoints, the public key and consistency proofs are for auditors, inspection
boards and administrators; a case's inclusion proof for auditors (any case) and
inspection boards (cases in their subtree, as for reading the case); signing a
checkpoint on demand for administrators and auditors. Proofs are checked offline with
`petitions-ops verify-proof` (docs/integrity.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response

from api.deps import StoresDep, can_read, require
from api.problems import ApiProblemError, responses
from api.security import Principal
from api.stores import Stores
from domain.errors import NotFoundError
from domain.users import Role
from ops.integrity import checkpoints
from ops.integrity.checkpoints import Checkpoint, CheckpointFormatError, NoKeyError, public_pem
from ops.integrity.proofs import ProofError, consistency, inclusion
from ops.settings import Settings
from projections.catalogue import STORES
from projections.integrity.persistence import IntegrityView

router = APIRouter(prefix="/integrity", tags=["integrity"])
INTEGRITY_READERS = (Role.AUDITOR, Role.INSPECTION_BOARD, Role.ADMINISTRATOR)
PROOF_READERS = (Role.AUDITOR, Role.INSPECTION_BOARD)
SIGNERS = (Role.ADMINISTRATOR, Role.AUDITOR)
IntegrityReader = Annotated[Principal, require(*INTEGRITY_READERS)]
ProofReader = Annotated[Principal, require(*PROOF_READERS)]
Signer = Annotated[Principal, require(*SIGNERS)]
StoreName = Literal["petitions", "accounts", "audit"]
READ = responses(401, 403, 404)


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(settings_of)]


def _directory(settings: Settings) -> Path:
    return settings.integrity_checkpoints


def _filed(settings: Settings, store: str) -> list[Checkpoint]:
    """The store's filed checkpoints; 503 when one of the files cannot be read."""
    try:
        return checkpoints.read_all(_directory(settings), store)
    except CheckpointFormatError:
        raise ApiProblemError(
            503, "unavailable", f"a checkpoint file of the {store} log is unreadable"
        ) from None


def _at_size(settings: Settings, store: str, size: int) -> Checkpoint | None:
    matching = [c for c in _filed(settings, store) if c.tree_size == size]
    return matching[-1] if matching else None


def _latest(settings: Settings, store: str) -> Checkpoint:
    filed = _filed(settings, store)
    found = filed[-1] if filed else None
    if found is None:
        raise NotFoundError(f"no checkpoint of the {store} log has been signed yet")
    return found


def _log(stores: Stores, store: str) -> IntegrityView:
    log = stores.integrity.get(store)
    if log is None:
        raise ApiProblemError(503, "unavailable", "the integrity log is not available")
    return log


@router.get(
    "/checkpoints/latest", summary="The latest signed checkpoint of each store", responses=READ
)
def latest_checkpoints(who: IntegrityReader, settings: SettingsDep) -> list[dict[str, Any]]:
    """Auditors, inspection boards, administrators: every store's latest signed checkpoint."""
    del who
    found = [_filed(settings, store) for store in STORES]
    return [filed[-1].to_dict() for filed in found if filed]


@router.get(
    "/checkpoints/latest/{store}",
    summary="The latest signed checkpoint of one store",
    responses=READ,
)
def latest_checkpoint(
    store: StoreName, who: IntegrityReader, settings: SettingsDep
) -> dict[str, Any]:
    """Auditors, inspection boards, administrators: one store's latest signed checkpoint."""
    del who
    return _latest(settings, store).to_dict()


@router.get("/public-key", summary="The key checkpoints are signed with (PEM)", responses=READ)
def public_key(who: IntegrityReader, settings: SettingsDep) -> Response:
    """Auditors, inspection boards, administrators: the Ed25519 public key, as PEM."""
    del who
    try:
        key = checkpoints.load_public_key(settings.integrity_public_key)
    except NoKeyError:
        raise NotFoundError("no checkpoint signing key has been made") from None
    return Response(public_pem(key), media_type="application/x-pem-file")


@router.post(
    "/checkpoints", status_code=201, summary="Sign checkpoints now", responses=responses(401, 403)
)
def sign_checkpoints(who: Signer, settings: SettingsDep) -> list[dict[str, Any]]:
    """Administrators, auditors: sign and file a checkpoint of every store's log now."""
    del who
    try:
        made = checkpoints.sign_now(settings, force=True)
    except NoKeyError:
        raise ApiProblemError(
            503, "unavailable", "no checkpoint signing key is configured"
        ) from None
    return [c.to_dict() for c in made]


@router.get(
    "/cases/{case_id}/proof",
    summary="Inclusion proof of a case's events against the latest checkpoint",
    responses=READ,
)
def case_proof(
    case_id: UUID, stores: StoresDep, who: ProofReader, settings: SettingsDep
) -> dict[str, Any]:
    """Auditors (any case), inspection boards (their subtree): the case's events' proofs."""
    case = stores.petitions.case_details(case_id)
    if not can_read(stores, who, case):
        raise NotFoundError(f"no case {case_id}")
    return inclusion(_log(stores, "petitions"), _latest(settings, "petitions"), case_id)


@router.get(
    "/consistency",
    summary="Consistency proof between two checkpoints of one store",
    responses=responses(401, 403, 404, 422),
)
def consistency_proof(
    who: IntegrityReader,
    stores: StoresDep,
    settings: SettingsDep,
    first: Annotated[int, Query(ge=1, description="the earlier checkpoint's tree size")],
    second: Annotated[int | None, Query(ge=1, description="default: the latest checkpoint")] = None,
    store: StoreName = "petitions",
) -> dict[str, Any]:
    """Auditors, inspection boards, administrators: proof that the log only grew between two."""
    del who
    older = _at_size(settings, store, first)
    newer = _latest(settings, store) if second is None else _at_size(settings, store, second)
    if older is None or newer is None:
        raise NotFoundError(f"no checkpoint of the {store} log at that size")
    try:
        return consistency(_log(stores, store), older, newer)
    except ProofError as error:
        raise ApiProblemError(422, "invalid", str(error)) from None
