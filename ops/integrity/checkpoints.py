"""Signed checkpoints of the integrity log: (store, tree size, root, time), Ed25519.

A checkpoint is a small JSON file, filed under `<checkpoint dir>/<store>/`, where the
auditors keep them. The signature covers the canonical JSON of the four signed fields,
after a fixed prefix, so it cannot be replayed for another kind of message.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ops.settings import Settings
from ops.wiring import SharedPool, open_view
from projections.catalogue import INTEGRITY_PROJECTIONS, STORES
from projections.integrity.persistence import IntegrityView

PREFIX = b"petitions-integrity-checkpoint/v1\n"


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement: the store's log had `tree_size` events with root `root_hash`."""

    store: str
    tree_size: int
    root_hash: str
    timestamp: str
    key_id: str
    signature: str

    def message(self) -> bytes:
        signed = {
            "store": self.store,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "timestamp": self.timestamp,
        }
        return PREFIX + json.dumps(signed, sort_keys=True, separators=(",", ":")).encode()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Checkpoint:
        try:
            return cls(
                store=str(data["store"]),
                tree_size=int(data["tree_size"]),
                root_hash=str(data["root_hash"]),
                timestamp=str(data["timestamp"]),
                key_id=str(data["key_id"]),
                signature=str(data["signature"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise CheckpointFormatError(f"not a checkpoint: {error}") from None

    def verify(self, public_key: Ed25519PublicKey) -> bool:
        """True when the signature is the key's over this checkpoint's signed fields."""
        try:
            public_key.verify(base64.b64decode(self.signature, validate=True), self.message())
        except (InvalidSignature, ValueError):
            return False
        return True

    @property
    def file_name(self) -> str:
        stamp = self.timestamp.replace(":", "").replace("-", "").replace("+0000", "Z")
        return f"{self.tree_size:012d}-{stamp}.json"


# ----- keys --------------------------------------------------------------------------------


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def generate_key(settings: Settings, force: bool = False) -> tuple[Path, Path]:
    """Write a new signing key (owner-readable only) and its public key; refuse to overwrite."""
    private_path = settings.integrity_key
    public_path = settings.integrity_public_key
    if private_path.exists() and not force:
        raise KeyExistsError(f"{private_path} exists; --force replaces it")
    private_path.parent.mkdir(parents=True, exist_ok=True)
    public_path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
    public_path.write_bytes(public_pem(key.public_key()))
    return private_path, public_path


def public_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_private_key(settings: Settings) -> Ed25519PrivateKey:
    path = settings.integrity_key
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise NoKeyError(f"no signing key at {path}; run `petitions-ops keygen`") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise NoKeyError(f"{path} is not an Ed25519 key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except FileNotFoundError:
        raise NoKeyError(f"no public key at {path}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise NoKeyError(f"{path} is not an Ed25519 public key")
    return key


# ----- signing and filing ------------------------------------------------------------------


def sign(key: Ed25519PrivateKey, store: str, size: int, root: bytes, at: datetime) -> Checkpoint:
    unsigned = Checkpoint(
        store, size, root.hex(), at.astimezone(UTC).isoformat(timespec="seconds"), "", ""
    )
    signature = base64.b64encode(key.sign(unsigned.message())).decode()
    return Checkpoint(
        store,
        size,
        unsigned.root_hash,
        unsigned.timestamp,
        key_id(key.public_key()),
        signature,
    )


def write(directory: Path, checkpoint: Checkpoint) -> Path:
    """File the checkpoint under `directory/<store>/` (written whole, then renamed)."""
    folder = directory / checkpoint.store
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / checkpoint.file_name
    scratch = path.with_suffix(".tmp")
    scratch.write_text(json.dumps(checkpoint.to_dict(), indent=2, sort_keys=True) + "\n")
    scratch.replace(path)
    return path


def read_all(directory: Path, store: str | None = None) -> list[Checkpoint]:
    """The checkpoints filed in `directory` (of one store or all), by store, size and time."""
    stores = [store] if store else STORES
    found = []
    for name in stores:
        for path in sorted((directory / name).glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                raise CheckpointFormatError(f"{path}: unreadable ({error})") from None
            if not isinstance(data, dict):
                raise CheckpointFormatError(f"{path}: not a checkpoint")
            try:
                found.append(Checkpoint.from_dict(data))
            except CheckpointFormatError as error:
                raise CheckpointFormatError(f"{path}: {error}") from None
    return sorted(found, key=lambda c: (c.store, c.tree_size, c.timestamp))


def latest(directory: Path, store: str) -> Checkpoint | None:
    filed = read_all(directory, store)
    return filed[-1] if filed else None


def at_size(directory: Path, store: str, size: int) -> Checkpoint | None:
    """The latest checkpoint of `store` at exactly `size` events."""
    matching = [c for c in read_all(directory, store) if c.tree_size == size]
    return matching[-1] if matching else None


def sign_now(settings: Settings, force: bool = False) -> list[Checkpoint]:
    """Sign and file a checkpoint of every store whose log grew since its last one."""
    key = load_private_key(settings)
    directory = settings.integrity_checkpoints
    made = []
    for store in STORES:
        view = open_integrity_view(settings, store)
        try:
            head = view.head()
        finally:
            view.close()
        last = latest(directory, store)
        if last is not None and last.tree_size == head.size and not force:
            continue
        checkpoint = sign(key, store, head.size, head.root(), datetime.now(UTC))
        write(directory, checkpoint)
        made.append(checkpoint)
    return made


def open_integrity_view(
    settings: Settings, store: str, pool: SharedPool | None = None
) -> IntegrityView:
    """The integrity log of `store`, on `pool` when given (the API's shared PostgreSQL pool)."""
    projection = INTEGRITY_PROJECTIONS[store]
    view = pool.open(projection) if pool else open_view(settings, projection)
    if not isinstance(view, IntegrityView):
        raise TypeError(f"{type(view).__name__} is not an integrity view")
    return view


class NoKeyError(LookupError):
    """The signing or public key is missing or of the wrong kind."""


class KeyExistsError(FileExistsError):
    """A signing key is already there."""


class CheckpointFormatError(ValueError):
    """A checkpoint file or document is not one."""
